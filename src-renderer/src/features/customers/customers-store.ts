import { create } from 'zustand';
import { navigate } from '../../app/router';
import { showError, showSuccess } from '../../components/toaster';
import type {
  AppError,
  ChannelInput,
  CustomerDetail,
  CustomerView,
  LogEntry,
  RegistrationForm,
  RegistrationResult,
  Result,
} from '../../../../src-preload/contract';
import { api } from '../../api/client';
import { mapOk, settle } from '../../api/call';
import { createKeysetList } from '../../components/keyset-list';

const PAGE_SIZE = 200;

export const useCustomerList = createKeysetList<CustomerView, { q: string }, number>({
  initialQuery: { q: '' },
  rowKey: (c) => c.id,
  fetchPage: async (query, cursor) =>
    mapOk(await api().customersSearch({ q: query.q.trim() || undefined, cursor, limit: PAGE_SIZE }), (page) => ({
      rows: page.customers,
      nextCursor: page.nextCursor,
    })),
});

export interface RegistrationNotice {
  result: RegistrationResult;
  name: string;
  email: string;
}

interface CustomersState {
  form: RegistrationForm | null;
  formError: AppError | null;
  selectedId: number | null;
  detail: CustomerDetail | null;
  detailError: AppError | null;
  lastRegistration: RegistrationNotice | null;
  /** Registrations seen in the log (e.g. from the storefront) that the loaded list does not show yet. */
  pendingNew: number;
  loadForm(): Promise<RegistrationForm | null>;
  open(id: number | null): Promise<void>;
  refreshDetail(): Promise<void>;
  register(input: ChannelInput<'customers:register'>): Promise<Result<RegistrationResult>>;
  dismissOutcome(): void;
  reloadList(): Promise<void>;
  /** Deletes the customer (after staff confirmed), closes its detail and takes its row out of the list. */
  remove(id: number, name: string): Promise<void>;
  onLogAppended(entries: readonly LogEntry[]): void;
}

let detailSeq = 0;
let refreshTimer: ReturnType<typeof setTimeout> | null = null;

export const useCustomersStore = create<CustomersState>()((set, get) => ({
  form: null,
  formError: null,
  selectedId: null,
  detail: null,
  detailError: null,
  lastRegistration: null,
  pendingNew: 0,

  async loadForm() {
    const result = await settle(api().customersRegistrationForm({}));
    if (result.ok) set({ form: result.data, formError: null });
    else set({ formError: result.error });
    return result.ok ? result.data : null;
  },

  async open(id) {
    // Reopening the same customer keeps what is shown while it refreshes.
    if (id !== get().selectedId) set({ selectedId: id, detail: null, detailError: null });
    if (id != null) await get().refreshDetail();
  },

  async refreshDetail() {
    const id = get().selectedId;
    if (id == null) return;
    const seq = ++detailSeq;
    const result = await settle(api().customersGet({ id }));
    if (seq !== detailSeq || get().selectedId !== id) return;
    if (!result.ok) return set({ detailError: result.error });
    set({ detail: result.data, detailError: null });
    // The row shows what the detail shows (a CERM id or department set since the list loaded).
    useCustomerList.getState().replaceRow(result.data.customer);
  },

  async register(input) {
    const result = await settle(api().customersRegister(input));
    if (result.ok) {
      set({ lastRegistration: { result: result.data, name: `${input.firstName} ${input.lastName}`, email: input.email } });
    }
    return result;
  },

  dismissOutcome() {
    set({ lastRegistration: null });
  },

  async remove(id, name) {
    const result = await settle(api().customersDelete({ id }));
    if (!result.ok) return showError(`Deleting ${name}`, result.error);
    if (get().selectedId === id) set({ selectedId: null, detail: null, detailError: null });
    useCustomerList.getState().removeRow(id);
    showSuccess(`Deleted ${name}.`);
    navigate({ name: 'customers' });
  },

  async reloadList() {
    set({ pendingNew: 0 });
    await useCustomerList.getState().reload();
  },

  onLogAppended(entries) {
    const about = entries.filter((e) => e.entityType === 'customer' && e.entityId);
    if (about.length === 0) return;
    const selected = get().selectedId;
    // Job lines name the customer by its job key ("customer-12"), registration lines by its id ("12").
    const mentions = (id: number) => about.some((e) => e.entityId === String(id) || e.entityId === `customer-${id}`);
    if (selected != null && mentions(selected)) {
      // A job finishing writes several lines at once; one reload covers them.
      if (refreshTimer) clearTimeout(refreshTimer);
      refreshTimer = setTimeout(() => void get().refreshDetail(), 250);
    }
    const list = useCustomerList.getState();
    // A list loading now will include them; one registered from this screen is shown already.
    if (list.loading) return;
    const listed = new Set(list.rows.map((c) => String(c.id)));
    const own = String(get().lastRegistration?.result.customerId ?? '');
    const fresh = new Set(about.filter((e) => e.action === 'register' && e.entityId !== own && !listed.has(e.entityId!)).map((e) => e.entityId));
    if (fresh.size > 0) set({ pendingNew: get().pendingNew + fresh.size });
  },
}));

export function subscribeCustomerEvents(): () => void {
  const offs = [
    api().onLogAppended(({ entries }) => useCustomersStore.getState().onLogAppended(entries)),
    // The cost code label and the registration rules are a connector's settings (CERM's today): any connection's
    // change reads them again, as Sync Status does, so this screen need not know which connector owns them.
    api().onConnectionsChanged(() => void useCustomersStore.getState().loadForm()),
  ];
  return () => offs.forEach((off) => off());
}
