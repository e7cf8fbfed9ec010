import { create } from 'zustand';
import type { AccountCursor, AccountDetail, AccountSummary, AppError, ChannelInput, ChannelOutput, HistoryEntryView, Result } from '../../../../src-preload/contract';
import { mapOk, settle } from '../../api/call';
import { api } from '../../api/client';
import { createKeysetList } from '../../components/keyset-list';
import { showError, showSuccess } from '../../components/toaster';
import { waitingChanges } from './account-format';

const PAGE_SIZE = 200;

export type StatusFilter = 'all' | 'enabled' | 'disabled';

export const useAccountList = createKeysetList<AccountSummary, { q: string; status: StatusFilter }, AccountCursor>({
  initialQuery: { q: '', status: 'all' },
  rowKey: (a) => a.id,
  fetchPage: async (query, cursor) =>
    mapOk(
      await api().accountsSearch({ q: query.q.trim() || undefined, status: query.status === 'all' ? undefined : query.status, cursor, limit: PAGE_SIZE }),
      (page) => ({ rows: page.rows, nextCursor: page.nextCursor }),
    ),
});

interface AccountState {
  id: number | null;
  detail: AccountDetail | null;
  error: AppError | null;
  history: HistoryEntryView[] | null;
  historyError: AppError | null;
  open(id: number | null): Promise<void>;
  refresh(): Promise<void>;
  loadHistory(): Promise<void>;
  create(input: ChannelInput<'accounts:create'>): Promise<Result<AccountDetail>>;
  update(patch: ChannelInput<'accounts:update'>['patch']): Promise<Result<AccountDetail>>;
  setStatus(status: 'enabled' | 'disabled'): Promise<void>;
  reapply(changeId: number): Promise<void>;
  addContact(input: ChannelInput<'accounts:add-contact'>): Promise<Result<ChannelOutput<'accounts:add-contact'>>>;
  setContactLogin(contactId: number, enabled: boolean): Promise<void>;
  sendPasswordEmail(contactId: number): Promise<void>;
}

let seq = 0;

/** The account page's account: its detail, its history, and what staff do to it. */
export const useAccountStore = create<AccountState>()((set, get) => {
  // A call's answer is the account as it now stands: show it, and let the list's row follow.
  const apply = (detail: AccountDetail) => {
    if (get().id === detail.account.id) set({ detail, error: null });
    const a = detail.account;
    const row = useAccountList.getState().rows.find((r) => r.id === a.id);
    if (row) {
      useAccountList.getState().replaceRow({
        ...row,
        name: a.name,
        accountNumber: a.accountNumber,
        status: a.status,
        email: a.email,
        city: a.city,
        priceLevel: a.priceLevel,
        repCode: a.repCode,
        pendingChanges: waitingChanges(detail).length,
      });
    }
  };

  return {
    id: null,
    detail: null,
    error: null,
    history: null,
    historyError: null,

    async open(id) {
      if (id !== get().id) set({ id, detail: null, error: null, history: null, historyError: null });
      if (id != null) await Promise.all([get().refresh(), get().loadHistory()]);
    },

    async refresh() {
      const id = get().id;
      if (id == null) return;
      const mine = ++seq;
      const result = await settle(api().accountsGet({ id }));
      if (mine !== seq || get().id !== id) return;
      if (!result.ok) return set({ error: result.error });
      apply(result.data);
    },

    async loadHistory() {
      const id = get().id;
      if (id == null) return;
      const result = await settle(api().accountsHistory({ id }));
      if (get().id !== id) return;
      if (result.ok) set({ history: result.data, historyError: null });
      else set({ historyError: result.error });
    },

    async create(input) {
      const result = await settle(api().accountsCreate(input));
      if (result.ok) void useAccountList.getState().reload();
      return result;
    },

    async update(patch) {
      const id = get().id;
      if (id == null) return { ok: false, error: { code: 'not_found', message: 'No account is open.' } };
      const result = await settle(api().accountsUpdate({ id, patch }));
      if (result.ok) apply(result.data);
      return result;
    },

    async setStatus(status) {
      const id = get().id;
      if (id == null) return;
      const result = await settle(api().accountsSetStatus({ id, status }));
      if (!result.ok) return showError(status === 'disabled' ? 'Disabling the account' : 'Enabling the account', result.error);
      apply(result.data);
      showSuccess(status === 'disabled' ? 'Account disabled: none of its contacts can sign in.' : 'Account enabled: its contacts with login on can sign in again.');
    },

    async reapply(changeId) {
      const result = await settle(api().accountsReapply({ changeId }));
      if (!result.ok) return showError('Re-applying the change', result.error);
      apply(result.data);
      await get().loadHistory();
      showSuccess('Queued again: the change goes to the ERP with the next order.');
    },

    async addContact(input) {
      const result = await settle(api().accountsAddContact(input));
      if (result.ok) await get().refresh();
      return result;
    },

    async setContactLogin(contactId, enabled) {
      const result = await settle(api().accountsSetContactLogin({ contactId, enabled }));
      if (!result.ok) return showError(enabled ? 'Turning the login on' : 'Turning the login off', result.error);
      await get().refresh();
    },

    async sendPasswordEmail(contactId) {
      const result = await settle(api().accountsSendPasswordEmail({ contactId }));
      if (!result.ok) return showError('Sending the password email', result.error);
      await get().refresh();
      showSuccess(`Password email queued for ${result.data.email}.`);
    },
  };
});

/** Log lines about accounts, contacts and orders (pushed changes) and finished sync runs refresh the open account. */
export function subscribeAccountEvents(): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const later = () => {
    if (useAccountStore.getState().id == null) return;
    // A job writes several lines at once, a run several updates; one reload covers them.
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      void useAccountStore.getState().refresh();
      void useAccountStore.getState().loadHistory();
    }, 300);
  };
  const offs = [
    api().onLogAppended(({ entries }) => {
      if (entries.some((e) => e.entityType && /account|contact|order|price/.test(e.entityType))) later();
    }),
    // A finished sync run may have overwritten fields (History) without a log line about this account.
    api().onSyncRunUpdated((run) => {
      if (run.status !== 'running') later();
    }),
  ];
  return () => {
    if (timer) clearTimeout(timer);
    offs.forEach((off) => off());
  };
}
