import { create } from 'zustand';
import type { AppError, CaseFieldDef, ChannelInput, ReferenceDef, Result } from '../../../../../src-preload/contract';
import { api } from '../../../api/client';
import { settle } from '../../../api/call';
import { sortFields } from '../../../features/cases/cases-store';

// The definitions cases are made of: References (where Enquiry numbers are kept) and the staff-defined case fields.

interface ReferencesState {
  references: ReferenceDef[];
  fields: CaseFieldDef[];
  loaded: boolean;
  loadError: AppError | null;
  load(): Promise<void>;
  saveReference(input: ChannelInput<'references:save'>): Promise<Result<ReferenceDef>>;
  saveField(input: ChannelInput<'case-fields:save'>): Promise<Result<CaseFieldDef>>;
}

let loadSeq = 0;

export function upsertById<T extends { id: number }>(list: readonly T[], item: T): T[] {
  return list.some((x) => x.id === item.id) ? list.map((x) => (x.id === item.id ? item : x)) : [...list, item];
}

export const useReferencesStore = create<ReferencesState>()((set, get) => ({
  references: [],
  fields: [],
  loaded: false,
  loadError: null,

  async load() {
    const seq = ++loadSeq;
    const [references, fields] = await Promise.all([settle(api().referencesList({})), settle(api().caseFieldsList({}))]);
    if (seq !== loadSeq) return;
    set({
      references: references.ok ? references.data : get().references,
      fields: fields.ok ? sortFields(fields.data) : get().fields,
      loaded: true,
      loadError: !references.ok ? references.error : !fields.ok ? fields.error : null,
    });
  },

  async saveReference(input) {
    const result = await settle(api().referencesSave(input));
    if (result.ok) set({ references: upsertById(get().references, result.data) });
    return result;
  },

  async saveField(input) {
    const result = await settle(api().caseFieldsSave(input));
    if (result.ok) set({ fields: sortFields(upsertById(get().fields, result.data)) });
    return result;
  },
}));
