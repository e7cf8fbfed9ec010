import { create } from 'zustand';
import type { AppError, ChannelInput, CustomerView, DepartmentView, Result } from '../../../../src-preload/contract';
import { api } from '../../api/client';
import { mapOk, settle } from '../../api/call';
import { createKeysetList } from '../../components/keyset-list';
import { createCermCustomerList } from './cerm-customer-list';

interface DepartmentsState {
  departments: DepartmentView[];
  loaded: boolean;
  loadError: AppError | null;
  load(): Promise<void>;
  save(input: ChannelInput<'departments:save'>): Promise<Result<DepartmentView>>;
  link(departmentId: number, cermCustomerId: string | null): Promise<Result<DepartmentView>>;
}

let loadSeq = 0;

export function sortDepartments(list: readonly DepartmentView[]): DepartmentView[] {
  return [...list].sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) || a.id - b.id);
}

/** Replaces a saved department in the list, or adds a new one, keeping name order. */
export function upsertDepartment(list: readonly DepartmentView[], saved: DepartmentView): DepartmentView[] {
  const exists = list.some((d) => d.id === saved.id);
  return sortDepartments(exists ? list.map((d) => (d.id === saved.id ? saved : d)) : [...list, saved]);
}

export const useDepartmentsStore = create<DepartmentsState>()((set, get) => ({
  departments: [],
  loaded: false,
  loadError: null,

  async load() {
    const seq = ++loadSeq;
    const result = await settle(api().departmentsList({}));
    if (seq !== loadSeq) return;
    if (result.ok) set({ departments: sortDepartments(result.data), loaded: true, loadError: null });
    else set({ loaded: true, loadError: result.error });
  },

  async save(input) {
    const result = await settle(api().departmentsSave(input));
    if (result.ok) set({ departments: upsertDepartment(get().departments, result.data) });
    return result;
  },

  async link(departmentId, cermCustomerId) {
    const result = await settle(api().departmentsLinkCerm({ departmentId, cermCustomerId }));
    if (result.ok) set({ departments: upsertDepartment(get().departments, result.data) });
    return result;
  },
}));

const MEMBER_PAGE = 200;

export const useMemberList = createKeysetList<CustomerView, { departmentId: number | null }, number>({
  initialQuery: { departmentId: null },
  rowKey: (c) => c.id,
  fetchPage: async (query, cursor) => {
    if (query.departmentId == null) return { ok: true, data: { rows: [], nextCursor: null } };
    return mapOk(await api().customersSearch({ departmentId: query.departmentId, cursor, limit: MEMBER_PAGE }), (page) => ({
      rows: page.customers,
      nextCursor: page.nextCursor,
    }));
  },
});

export const usePickerList = createCermCustomerList();
