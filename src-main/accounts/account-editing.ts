import type { AccountEditingView } from '../../src-preload/contract/account-models';
import { AppErrorException } from '../errors/app-error';
import type { AccountsPolicy } from './accounts-policy';

/** What the account page says about editing, from the system of record's policy (none: the accounts are ours). */
export async function editingOf(policy: AccountsPolicy | null): Promise<AccountEditingView> {
  if (!policy) return { mode: 'local', systemName: null, message: 'No ERP is connected: edits are kept here only.', erpOwnedFields: [] };
  const mode = await policy.editing();
  const name = policy.systemName;
  return {
    mode,
    systemName: name,
    message:
      mode === 'restricted'
        ? `Account editing is restricted to the ${name}: change this account there, and the next sync brings it here.`
        : `Edits wait as pending changes and go to the ${name} with the account's next order.`,
    erpOwnedFields: [...policy.erpOwnedFields],
  };
}

/** Refuses a create or an edit (update, re-apply) while the system of record keeps account editing to itself. */
export function refuseWhenRestricted(editing: AccountEditingView, what: 'create' | 'edit'): void {
  if (editing.mode !== 'restricted') return;
  const name = editing.systemName ?? 'ERP';
  throw new AppErrorException(
    'forbidden',
    what === 'create' ? `Account creation is restricted to the ${name}: add the account there, and the next sync brings it here.` : editing.message,
  );
}
