// What an ERP sync writes of accounts, a page at a time: one synchronous pass over the page inside the caller's
// transaction (no round trip through the async writer per record), so 100,000 accounts are a few hundred commits.
// The ERP is the data of record: each field it sends overwrites ours, recorded as a field change (record_changes, the
// account's History), and a web edit still pending for that field becomes lost, named on that change.
import type { Db } from './database';
import { COLUMN, FIELDS, toColumn, toText, type AccountField, type AccountFields, type RawAccount } from './account-fields';
import type { FieldChange } from '../../src-preload/contract';
import { createRecordChangesRepo, type ChangeOrigin, type RecordUpdate } from './record-changes-repo';

/** One field an ERP sync overwrote: our value before, the ERP's, and the pending web edit that went with it. */
export interface ErpFieldChange {
  field: AccountField;
  web: string | null;
  erp: string | null;
  lost: boolean;
  /** The pending change marked lost (null when none was pending). */
  lostEditId: number | null;
}

/** The field changes of one account, as record_changes keeps them. */
export function accountUpdate(accountId: number, changes: readonly ErpFieldChange[], by: ChangeOrigin, at: number): RecordUpdate {
  return { ...by, entityType: 'account', entityId: String(accountId), at, changes: changes.map((c) => ({ field: c.field, from: c.web, to: c.erp, lostEditId: c.lostEditId })) };
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
  /** An update's fields, before and after. */
  changes?: FieldChange[];
}

type ContactFields = { name: string; email: string | null; phone: string | null };

/** What an ERP contact changes of ours: its fields (and account) before and after, and the log line's words. */
export function contactDiff(existing: ContactFields & { account_id: number }, row: ContactFields, accountId: number, accountNumber: string | null): { changes: FieldChange[]; diff: string[] } {
  const changes: FieldChange[] = (['name', 'email', 'phone'] as const)
    .filter((k) => (existing[k] ?? null) !== (row[k] ?? null))
    .map((k) => ({ field: k, from: existing[k] ?? null, to: row[k] ?? null }));
  const diff = changes.map((c) => `${c.field}: '${c.from ?? ''}' → '${c.to ?? ''}'`);
  if (existing.account_id !== accountId) {
    diff.push(`moved to account ${accountNumber}`);
    changes.push({ field: 'accountId', from: String(existing.account_id), to: String(accountId) });
  }
  return { changes, diff };
}

const IDS: readonly AccountField[] = ['accountNumber', 'erpCustomerId'];

/** As SQLite's NOCASE compares (ASCII letters only), for matching account numbers read back from the store. */
const ASCII = /^[\x00-\x7f]*$/;
const foldCase = (s: string) => (ASCII.test(s) ? s.toLowerCase() : s.replace(/[A-Z]/g, (c) => c.toLowerCase()));
const SHIP_TO = ['name', 'line1', 'line2', 'city', 'state', 'postal_code', 'country'] as const;

export function createAccountErpPages(db: Db) {
  const setColumn = new Map(FIELDS.map((f) => [f, db.prepare(`UPDATE accounts SET ${COLUMN[f]} = ?, updated_at = ? WHERE id = ?`)]));
  // A page's new accounts take their ids as one block (handed back in part when duplicates in the page needed fewer).
  const reserveIds = db.prepare(`UPDATE id_sequences SET last_id = MAX(last_id, (SELECT COALESCE(MAX(id), 0) FROM accounts)) + ? WHERE name = 'accounts' RETURNING last_id`).pluck();
  const giveBackIds = db.prepare(`UPDATE id_sequences SET last_id = ? WHERE name = 'accounts'`);
  const cols = FIELDS.map((f) => COLUMN[f]);
  const insert = db.prepare(`INSERT INTO accounts (id, ${cols.join(', ')}, created_at, updated_at) VALUES (?, ${cols.map(() => '?').join(', ')}, ?, ?)`);
  const byId = db.prepare(`SELECT * FROM accounts WHERE id = ?`);
  const byErpIds = db.prepare(`SELECT * FROM accounts WHERE erp_customer_id IN (SELECT value FROM json_each(?))`);
  const byNumbers = db.prepare(`SELECT * FROM accounts WHERE account_number IN (SELECT value FROM json_each(?))`);
  const pendingFor = db.prepare(`SELECT id FROM account_pending_changes WHERE account_id = ? AND field = ? AND status = 'pending'`).pluck();
  const setChangeStatus = db.prepare(`UPDATE account_pending_changes SET status = ? WHERE id = ?`);
  const recordChanges = createRecordChangesRepo(db);

  const withPending = db.prepare(`SELECT DISTINCT a.account_number FROM account_pending_changes p JOIN accounts a ON a.id = p.account_id
    WHERE p.status = 'pending' AND a.erp_customer_id IS NOT NULL AND a.account_number IS NOT NULL ORDER BY a.account_number`).pluck();
  const accountsByNumbers = db.prepare(`SELECT id, account_number FROM accounts WHERE account_number IN (SELECT value FROM json_each(?))`);
  const contactsByErpIds = db.prepare(`SELECT id, account_id, name, email, phone, erp_contact_id FROM account_contacts WHERE erp_contact_id IN (SELECT value FROM json_each(?))`);
  const contactsByEmails = db.prepare(`SELECT id, email FROM account_contacts WHERE email IN (SELECT value FROM json_each(?))`);
  const customersByEmails = db.prepare(`SELECT id, email FROM customers WHERE email IN (SELECT value FROM json_each(?))`);
  const insertContact = db.prepare(`INSERT INTO account_contacts (account_id, name, email, phone, login_enabled, erp_contact_id, created_at, updated_at)
    VALUES (@accountId, @name, @email, @phone, @login, @erpContactId, @now, @now)`);
  const updateContact = db.prepare(`UPDATE account_contacts SET account_id = @accountId, name = @name, email = @email, phone = @phone, updated_at = @now WHERE id = @id`);

  const shipTosOf = db.prepare(`SELECT * FROM account_addresses WHERE (account_id, erp_location_id) IN
    (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?))`);
  const insertShipTo = db.prepare(`INSERT INTO account_addresses (account_id, name, line1, line2, city, state, postal_code, country, erp_location_id, created_at, updated_at)
    VALUES (@accountId, @name, @line1, @line2, @city, @state, @postalCode, @country, @erpLocationId, @now, @now)`);
  const updateShipTo = db.prepare(`UPDATE account_addresses SET name = @name, line1 = @line1, line2 = @line2, city = @city, state = @state,
    postal_code = @postalCode, country = @country, updated_at = @now WHERE id = @id`);

  /** The accounts a page of contacts or ship-tos names, by account number as NOCASE compares them. */
  function accountIdsOf(numbers: readonly (string | null)[]): (accountNumber: string | null) => number | null {
    const wanted = numbers.flatMap((n) => (n ? [n.trim()] : []));
    const ids = new Map((accountsByNumbers.all(JSON.stringify(wanted)) as { id: number; account_number: string }[]).map((a) => [foldCase(a.account_number), a.id]));
    return (n) => (n ? (ids.get(foldCase(n.trim())) ?? null) : null);
  }

  /** The ERP's values over one account's, pending edits of the fields it changed lost; answers the changes (ids excepted). */
  function overwrite(current: RawAccount, erp: Partial<AccountFields>, now: number): ErpFieldChange[] {
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
      changes.push({ field: f, web: toText(f, f === 'poRequired' ? was === 1 : was), erp: toText(f, erp[f]), lost: pending !== undefined, lostEditId: pending ?? null });
    }
    return changes;
  }

  /** overwrite(), with its changes recorded (the account's History, the run's field changes). */
  function applyErp(current: RawAccount, erp: Partial<AccountFields>, by: ChangeOrigin, now: number): ErpFieldChange[] {
    const changes = overwrite(current, erp, now);
    if (changes.length) recordChanges.add([accountUpdate(current.id, changes, by, now)]);
    return changes;
  }

  function insertAccount(id: number, a: Partial<AccountFields> & { name: string }, now: number): void {
    insert.run(id, ...FIELDS.map((f) => toColumn(f, a[f] ?? (f === 'status' ? 'enabled' : f === 'poRequired' ? false : null))), now, now);
  }

  return {
    applyErp,
    /**
     * A page of ERP customers: each is matched by its ERP record id, else by its account number (an account the
     * platform created and an order carried to the ERP), and created when neither finds one. Call inside the page's
     * transaction; answers one outcome per record, in order.
     */
    applyErpAccounts(records: readonly ErpAccountIn[], by: ChangeOrigin, now: number): ErpAccountOutcome[] {
      // The page's accounts found in two set-based reads; an account the page itself writes is read again by id, so
      // a record later in the page sees what an earlier one did (a number moved, a duplicate).
      type Found = RawAccount & { account_number: string | null; erp_customer_id: string | null };
      const rows = new Map<number, Found>();
      const idOfErpId = new Map<string, number>();
      const idOfNumber = new Map<string, number>();
      const remember = (a: Found) => {
        rows.set(a.id, a);
        if (a.erp_customer_id !== null) idOfErpId.set(a.erp_customer_id, a.id);
        if (a.account_number !== null) idOfNumber.set(foldCase(a.account_number), a.id);
      };
      for (const a of byErpIds.all(JSON.stringify(records.map((r) => r.erpCustomerId))) as Found[]) remember(a);
      for (const a of byNumbers.all(JSON.stringify(records.map((r) => r.accountNumber.trim()))) as Found[]) remember(a);
      const idOf = (r: ErpAccountIn) => idOfErpId.get(r.erpCustomerId) ?? idOfNumber.get(foldCase(r.accountNumber.trim()));
      const rowOf = (id: number) => rows.get(id) ?? (byId.get(id) as Found);
      const rewritten = (before: Found, id: number) => {
        if (before.erp_customer_id !== null && idOfErpId.get(before.erp_customer_id) === id) idOfErpId.delete(before.erp_customer_id);
        if (before.account_number !== null && idOfNumber.get(foldCase(before.account_number)) === id) idOfNumber.delete(foldCase(before.account_number));
        rows.delete(id);
        remember(byId.get(id) as Found);
      };

      // Records the store does not know yet, less duplicates, plus any whose number an earlier record frees.
      const wanted = records.filter((r) => idOf(r) === undefined).length;
      let last = wanted ? (reserveIds.get(wanted) as number) : 0;
      let nextId = last - wanted + 1;
      const takeId = () => {
        if (nextId > last) nextId = last = reserveIds.get(1) as number;
        return nextId++;
      };
      const updates: RecordUpdate[] = [];
      const outcomes = records.map((r): ErpAccountOutcome => {
        const erp = { ...r.fields, accountNumber: r.accountNumber, erpCustomerId: r.erpCustomerId };
        const found = idOf(r);
        if (found === undefined) {
          const accountId = takeId();
          insertAccount(accountId, erp, now);
          idOfErpId.set(erp.erpCustomerId, accountId);
          idOfNumber.set(foldCase(erp.accountNumber.trim()), accountId);
          return { accountId, action: 'created', changes: [] };
        }
        const before = rowOf(found);
        const changes = overwrite(before, erp, now);
        if (changes.length) updates.push(accountUpdate(found, changes, by, now));
        if (before.account_number !== erp.accountNumber || before.erp_customer_id !== erp.erpCustomerId || changes.length) rewritten(before, found);
        return { accountId: found, action: changes.length ? 'updated' : 'unchanged', changes };
      });
      if (nextId <= last) giveBackIds.run(nextId - 1);
      recordChanges.add(updates);
      return outcomes;
    },
    /** The account numbers of ERP accounts with web edits still pending (each sync reads them again: the ERP wins). */
    erpAccountsWithPendingEdits: (): string[] => withPending.all() as string[],
    /** A page of ERP contacts: matched by their ERP contact id; a contact signs in with its email, so it must be free. */
    applyErpContacts(records: readonly ErpContactIn[], now: number): PageOutcome[] {
      type Contact = { id: number; account_id: number; name: string; email: string; phone: string | null; erp_contact_id: string | null };
      const accountIdOf = accountIdsOf(records.map((r) => r.accountNumber));
      const emails = records.flatMap((r) => (r.email?.trim() ? [r.email.trim()] : []));
      // Kept up to date as the page writes, so a later record sees an earlier one's contact and email.
      const byErpId = new Map((contactsByErpIds.all(JSON.stringify(records.map((r) => r.erpContactId))) as Contact[]).map((c) => [c.erp_contact_id!, c]));
      const holderOf = new Map((contactsByEmails.all(JSON.stringify(emails)) as { id: number; email: string }[]).map((c) => [foldCase(c.email), c.id]));
      const customerOf = new Map((customersByEmails.all(JSON.stringify(emails)) as { id: number; email: string }[]).map((c) => [foldCase(c.email), c.id]));
      return records.map((r): PageOutcome => {
        const accountId = accountIdOf(r.accountNumber);
        const skip = (message: string): PageOutcome => ({ action: 'skipped', entityId: r.erpContactId, message });
        if (accountId === null) return skip(r.accountNumber ? `its account ${r.accountNumber} is not here (not read from the ERP yet)` : 'it belongs to no account in the ERP');
        const email = r.email?.trim() || null;
        if (!email) return skip(`${r.name || 'the contact'} has no email in the ERP (a contact signs in with it)`);
        const existing = byErpId.get(r.erpContactId);
        const holder = holderOf.get(foldCase(email));
        if (holder !== undefined && holder !== existing?.id) return skip(`the email ${email} belongs to contact ${holder} already`);
        const customer = customerOf.get(foldCase(email));
        if (customer !== undefined) return skip(`the email ${email} belongs to customer ${customer} already`);
        const row = { accountId, name: r.name || email, email, phone: r.phone, now };
        const keep = (id: number) => {
          if (existing && holderOf.get(foldCase(existing.email)) === id) holderOf.delete(foldCase(existing.email));
          holderOf.set(foldCase(email), id);
          byErpId.set(r.erpContactId, { id, account_id: accountId, name: row.name, email, phone: row.phone, erp_contact_id: r.erpContactId });
        };
        if (!existing) {
          const id = Number(insertContact.run({ ...row, login: r.active ? 1 : 0, erpContactId: r.erpContactId }).lastInsertRowid);
          keep(id);
          return { action: 'created', entityId: String(id), message: `${email} on account ${r.accountNumber}` };
        }
        const { changes, diff } = contactDiff(existing, row, accountId, r.accountNumber);
        if (!diff.length) return { action: 'unchanged', entityId: String(existing.id), message: null };
        updateContact.run({ ...row, id: existing.id });
        keep(existing.id);
        return { action: 'updated', entityId: String(existing.id), message: diff.join('; '), changes };
      });
    },
    /** A page of the ERP's ship-to locations, matched by account and location id. */
    applyErpShipTos(records: readonly ErpShipToIn[], now: number): PageOutcome[] {
      const accountIdOf = accountIdsOf(records.map((r) => r.accountNumber));
      const pairs = records.flatMap((r) => {
        const id = accountIdOf(r.accountNumber);
        return id === null ? [] : [[id, r.erpLocationId]];
      });
      const found = new Map((shipTosOf.all(JSON.stringify(pairs)) as Record<string, unknown>[]).map((a) => [`${a.account_id as number}/${a.erp_location_id as string}`, a]));
      return records.map((r): PageOutcome => {
        const key = `${r.accountNumber}/${r.erpLocationId}`;
        const accountId = accountIdOf(r.accountNumber);
        if (accountId === null) return { action: 'skipped', entityId: key, message: `its account ${r.accountNumber} is not here (not read from the ERP yet)` };
        const existing = found.get(`${accountId}/${r.erpLocationId}`);
        const row = { accountId, name: r.name, line1: r.line1, line2: r.line2, city: r.city, state: r.state, postalCode: r.postalCode, country: r.country, erpLocationId: r.erpLocationId, now };
        if (!existing) {
          if (!r.active) return { action: 'skipped', entityId: key, message: 'inactive in the ERP' };
          const id = Number(insertShipTo.run(row).lastInsertRowid);
          found.set(`${accountId}/${r.erpLocationId}`, { id, account_id: accountId, name: r.name, line1: r.line1, line2: r.line2, city: r.city, state: r.state, postal_code: r.postalCode, country: r.country });
          return { action: 'created', entityId: String(id), message: `ship-to ${key}` };
        }
        const diff = SHIP_TO.filter((c) => (existing[c] ?? null) !== (row[c === 'postal_code' ? 'postalCode' : c] ?? null));
        if (!diff.length) return { action: 'unchanged', entityId: String(existing.id), message: null };
        const changes = diff.map((c) => {
          const field = c === 'postal_code' ? 'postalCode' : c;
          return { field, from: (existing[c] as string | null) ?? null, to: row[field] ?? null };
        });
        updateShipTo.run({ ...row, id: existing.id });
        found.set(`${accountId}/${r.erpLocationId}`, { ...existing, name: r.name, line1: r.line1, line2: r.line2, city: r.city, state: r.state, postal_code: r.postalCode, country: r.country });
        return { action: 'updated', entityId: String(existing.id), message: `ship-to ${key}: ${diff.join(', ')} changed in the ERP`, changes };
      });
    },
  };
}
