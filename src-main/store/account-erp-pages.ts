// What an ERP sync writes of accounts, a page at a time: one synchronous pass over the page inside the caller's
// transaction (no round trip through the async writer per record), so 100,000 accounts are a few hundred commits.
// The ERP is the data of record: each field it sends overwrites ours, with a history row per changed field, and a
// web edit still pending for that field becomes lost.
import type { Db } from './database';
import { COLUMN, FIELDS, toColumn, toText, type AccountField, type AccountFields, type RawAccount } from './account-fields';

/** One field an ERP sync overwrote: our value before, the ERP's, and whether a pending web edit went with it. */
export interface ErpFieldChange {
  field: AccountField;
  web: string | null;
  erp: string | null;
  lost: boolean;
}

export interface ErpAccountIn {
  /** The ERP's CustomerID (the account number) and its record id. */
  accountNumber: string;
  erpCustomerId: string;
  /** The fields the ERP owns, as it sent them (null clears; a field left out is kept). */
  fields: Partial<AccountFields> & { name: string };
}

export type PageAction = 'created' | 'updated' | 'unchanged' | 'skipped';

export interface ErpAccountOutcome {
  accountId: number;
  action: Exclude<PageAction, 'skipped'>;
  changes: ErpFieldChange[];
}

export interface ErpContactIn {
  erpContactId: string;
  /** The CustomerID of its account. */
  accountNumber: string | null;
  name: string;
  email: string | null;
  phone: string | null;
  active: boolean;
}

export interface ErpShipToIn {
  accountNumber: string;
  erpLocationId: string;
  active: boolean;
  name: string | null;
  line1: string | null;
  line2: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  country: string | null;
}

export interface PageOutcome {
  action: PageAction;
  /** Ours when there is one (the account, contact or address id), else the ERP's key. */
  entityId: string;
  message: string | null;
}

const IDS: readonly AccountField[] = ['accountNumber', 'erpCustomerId'];
const SHIP_TO = ['name', 'line1', 'line2', 'city', 'state', 'postal_code', 'country'] as const;

export function createAccountErpPages(db: Db) {
  const byNumber = db.prepare(`SELECT * FROM accounts WHERE account_number = ?`);
  const byErpId = db.prepare(`SELECT * FROM accounts WHERE erp_customer_id = ?`);
  const setColumn = new Map(FIELDS.map((f) => [f, db.prepare(`UPDATE accounts SET ${COLUMN[f]} = ?, updated_at = ? WHERE id = ?`)]));
  const nextId = db.prepare(`UPDATE id_sequences SET last_id = MAX(last_id, (SELECT COALESCE(MAX(id), 0) FROM accounts)) + 1 WHERE name = 'accounts' RETURNING last_id`).pluck();
  const cols = FIELDS.map((f) => COLUMN[f]);
  const insert = db.prepare(`INSERT INTO accounts (id, ${cols.join(', ')}, created_at, updated_at) VALUES (@id, ${cols.map((c) => `@${c}`).join(', ')}, @now, @now)`);
  const pendingFor = db.prepare(`SELECT id FROM account_pending_changes WHERE account_id = ? AND field = ? AND status = 'pending'`).pluck();
  const setChangeStatus = db.prepare(`UPDATE account_pending_changes SET status = ? WHERE id = ?`);
  const insertHistory = db.prepare(`INSERT INTO account_history (account_id, field, web_value, erp_value, lost, run_id, at, change_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);

  const withPending = db.prepare(`SELECT DISTINCT a.account_number FROM account_pending_changes p JOIN accounts a ON a.id = p.account_id
    WHERE p.status = 'pending' AND a.erp_customer_id IS NOT NULL AND a.account_number IS NOT NULL ORDER BY a.account_number`).pluck();
  const contactByErpId = db.prepare(`SELECT id, account_id, name, email, phone FROM account_contacts WHERE erp_contact_id = ?`);
  const contactByEmail = db.prepare(`SELECT id FROM account_contacts WHERE email = ?`).pluck();
  const customerWithEmail = db.prepare(`SELECT id FROM customers WHERE email = ?`).pluck();
  const insertContact = db.prepare(`INSERT INTO account_contacts (account_id, name, email, phone, login_enabled, erp_contact_id, created_at, updated_at)
    VALUES (@accountId, @name, @email, @phone, @login, @erpContactId, @now, @now)`);
  const updateContact = db.prepare(`UPDATE account_contacts SET account_id = @accountId, name = @name, email = @email, phone = @phone, updated_at = @now WHERE id = @id`);

  const shipToOf = db.prepare(`SELECT * FROM account_addresses WHERE account_id = ? AND erp_location_id = ?`);
  const insertShipTo = db.prepare(`INSERT INTO account_addresses (account_id, name, line1, line2, city, state, postal_code, country, erp_location_id, created_at, updated_at)
    VALUES (@accountId, @name, @line1, @line2, @city, @state, @postalCode, @country, @erpLocationId, @now, @now)`);
  const updateShipTo = db.prepare(`UPDATE account_addresses SET name = @name, line1 = @line1, line2 = @line2, city = @city, state = @state,
    postal_code = @postalCode, country = @country, updated_at = @now WHERE id = @id`);

  const idByNumber = db.prepare(`SELECT id FROM accounts WHERE account_number = ?`).pluck();
  const accountIdOf = (accountNumber: string | null): number | null => {
    if (!accountNumber) return null;
    return (idByNumber.get(accountNumber.trim()) as number | undefined) ?? null;
  };

  /** The ERP's values over one account's: a history row per changed field (ids excepted), pending edits lost. */
  function applyErp(current: RawAccount, erp: Partial<AccountFields>, runId: number | null, now: number): ErpFieldChange[] {
    const changes: ErpFieldChange[] = [];
    for (const f of FIELDS) {
      if (!(f in erp) || erp[f] === undefined) continue;
      const value = toColumn(f, erp[f]);
      const was = current[COLUMN[f]];
      if (value === was) continue;
      setColumn.get(f)!.run(value, now, current.id);
      if (IDS.includes(f)) continue;
      const pending = pendingFor.get(current.id, f) as number | undefined;
      if (pending !== undefined) setChangeStatus.run('lost', pending);
      const change = { field: f, web: toText(f, f === 'poRequired' ? was === 1 : was), erp: toText(f, erp[f]), lost: pending !== undefined };
      insertHistory.run(current.id, f, change.web, change.erp, change.lost ? 1 : 0, runId, now, pending ?? null);
      changes.push(change);
    }
    return changes;
  }

  function insertAccount(a: Partial<AccountFields> & { name: string }, now: number): number {
    const params: Record<string, unknown> = { now };
    for (const f of FIELDS) params[COLUMN[f]] = toColumn(f, a[f] ?? (f === 'status' ? 'enabled' : f === 'poRequired' ? false : null));
    const id = nextId.get() as number;
    insert.run({ ...params, id });
    return id;
  }

  return {
    applyErp,
    /**
     * A page of ERP customers: each is matched by its ERP record id, else by its account number (an account the
     * platform created and an order carried to the ERP), and created when neither finds one. Call inside the page's
     * transaction; answers one outcome per record, in order.
     */
    applyErpAccounts(records: readonly ErpAccountIn[], runId: number | null, now: number): ErpAccountOutcome[] {
      return records.map((r) => {
        const found = (byErpId.get(r.erpCustomerId) as RawAccount | undefined) ?? (byNumber.get(r.accountNumber.trim()) as RawAccount | undefined);
        if (!found) {
          const accountId = insertAccount({ ...r.fields, accountNumber: r.accountNumber, erpCustomerId: r.erpCustomerId }, now);
          return { accountId, action: 'created', changes: [] };
        }
        const changes = applyErp(found, { ...r.fields, accountNumber: r.accountNumber, erpCustomerId: r.erpCustomerId }, runId, now);
        return { accountId: found.id, action: changes.length ? 'updated' : 'unchanged', changes };
      });
    },
    /** The account numbers of ERP accounts with web edits still pending (each sync reads them again: the ERP wins). */
    erpAccountsWithPendingEdits: (): string[] => withPending.all() as string[],
    /** A page of ERP contacts: matched by their ERP contact id; a contact signs in with its email, so it must be free. */
    applyErpContacts(records: readonly ErpContactIn[], now: number): PageOutcome[] {
      return records.map((r): PageOutcome => {
        const accountId = accountIdOf(r.accountNumber);
        const skip = (message: string): PageOutcome => ({ action: 'skipped', entityId: r.erpContactId, message });
        if (accountId === null) return skip(r.accountNumber ? `its account ${r.accountNumber} is not here (not read from the ERP yet)` : 'it belongs to no account in the ERP');
        const email = r.email?.trim() || null;
        if (!email) return skip(`${r.name || 'the contact'} has no email in the ERP (a contact signs in with it)`);
        const existing = contactByErpId.get(r.erpContactId) as { id: number; account_id: number; name: string; email: string; phone: string | null } | undefined;
        const holder = contactByEmail.get(email) as number | undefined;
        if (holder !== undefined && holder !== existing?.id) return skip(`the email ${email} belongs to contact ${holder} already`);
        const customer = customerWithEmail.get(email) as number | undefined;
        if (customer !== undefined) return skip(`the email ${email} belongs to customer ${customer} already`);
        const row = { accountId, name: r.name || email, email, phone: r.phone, now };
        if (!existing) {
          const id = Number(insertContact.run({ ...row, login: r.active ? 1 : 0, erpContactId: r.erpContactId }).lastInsertRowid);
          return { action: 'created', entityId: String(id), message: `${email} on account ${r.accountNumber}` };
        }
        const diff = (['name', 'email', 'phone'] as const).filter((k) => (existing[k] ?? null) !== (row[k] ?? null)).map((k) => `${k}: '${existing[k] ?? ''}' → '${row[k] ?? ''}'`);
        if (existing.account_id !== accountId) diff.push(`moved to account ${r.accountNumber}`);
        if (!diff.length) return { action: 'unchanged', entityId: String(existing.id), message: null };
        updateContact.run({ ...row, id: existing.id });
        return { action: 'updated', entityId: String(existing.id), message: diff.join('; ') };
      });
    },
    /** A page of the ERP's ship-to locations, matched by account and location id. */
    applyErpShipTos(records: readonly ErpShipToIn[], now: number): PageOutcome[] {
      return records.map((r): PageOutcome => {
        const key = `${r.accountNumber}/${r.erpLocationId}`;
        const accountId = accountIdOf(r.accountNumber);
        if (accountId === null) return { action: 'skipped', entityId: key, message: `its account ${r.accountNumber} is not here (not read from the ERP yet)` };
        const existing = shipToOf.get(accountId, r.erpLocationId) as Record<string, unknown> | undefined;
        const row = { accountId, name: r.name, line1: r.line1, line2: r.line2, city: r.city, state: r.state, postalCode: r.postalCode, country: r.country, erpLocationId: r.erpLocationId, now };
        if (!existing) {
          if (!r.active) return { action: 'skipped', entityId: key, message: 'inactive in the ERP' };
          const id = Number(insertShipTo.run(row).lastInsertRowid);
          return { action: 'created', entityId: String(id), message: `ship-to ${key}` };
        }
        const diff = SHIP_TO.filter((c) => (existing[c] ?? null) !== (row[c === 'postal_code' ? 'postalCode' : c] ?? null));
        if (!diff.length) return { action: 'unchanged', entityId: String(existing.id), message: null };
        updateShipTo.run({ ...row, id: existing.id });
        return { action: 'updated', entityId: String(existing.id), message: `ship-to ${key}: ${diff.join(', ')} changed in the ERP` };
      });
    },
  };
}
