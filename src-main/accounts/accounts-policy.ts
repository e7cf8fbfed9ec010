import type { AccountField } from '../store/account-fields';

/**
 * What the system of record (the ERP connector) says about accounts: whether staff may edit them here, and which
 * fields are its own (imported, and overwritten by its next sync). One connector at most brings it; without one,
 * accounts are the platform's alone and edits stay here.
 */
export interface AccountsPolicy {
  connectorId: string;
  /** The system as staff know it ("ERP"). */
  systemName: string;
  /** allowed: edits wait as pending changes for the account's next order; restricted: the ERP only. */
  editing(): Promise<'allowed' | 'restricted'>;
  /** Imported from the system and overwritten by its next sync, whatever staff type here. */
  erpOwnedFields: readonly AccountField[];
}
