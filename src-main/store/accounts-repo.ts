import type { AsyncRepo } from './serial-writer';
import type { Db } from './database';
import { NotFound, UniqueViolation } from './store-errors';
import {
  COLUMN, FIELDS, WEB_EDITABLE, fromText, isField, toAccountRow, toColumn, toText,
  type AccountField, type AccountFields, type AccountRow, type RawAccount, type WebEditableField,
} from './account-fields';
import { createAccountErpPages } from './account-erp-pages';
import type { ChangeOrigin } from './record-changes-repo';
import {
  toContact, toContactSignIn, toOrderingContact, toPending, toShipTo, toToken,
  type ContactSignIn, type OrderingContact, type RawBuyer, type RawContact, type RawPending, type RawShipTo, type RawSignIn, type RawToken,
} from './account-rows';

export type { AccountField, AccountFields, AccountRow, WebEditableField } from './account-fields';
export type { ContactSignIn, OrderingContact } from './account-rows';
export type { ErpAccountIn, ErpAccountOutcome, ErpContactIn, ErpFieldChange, ErpShipToIn, PageOutcome } from './account-erp-pages';

export type NewAccount = Partial<AccountFields> & { name: string };

/** Where a page of the account search ended: the next page starts after it (name order, then id). */
export interface AccountCursor {
  name: string;
  id: number;
}

export interface ContactRow {
  id: number;
  accountId: number;
  name: string;
  email: string;
  phone: string | null;
  loginEnabled: boolean;
  hasPassword: boolean;
  erpContactId: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface NewContact {
  name: string;
  email: string;
  phone?: string | null;
  erpContactId?: string | null;
}

export interface ShipToFields {
  name: string | null;
  line1: string | null;
  line2: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  country: string | null;
}

export interface ShipToRow extends ShipToFields {
  id: number;
  accountId: number;
  erpLocationId: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface PendingChangeRow {
  id: number;
  accountId: number;
  field: WebEditableField;
  /** The field's value in text form (see account-fields.ts). */
  value: string | null;
  status: 'pending' | 'pushed' | 'lost' | 'reapplied';
  createdAt: number;
  pushedAt: number | null;
  orderId: number | null;
}

/** The upper end of a prefix range: every text starting with the prefix sorts below it. */
export const prefixEnd = (q: string) => `${q}\u{10FFFF}`;

export function createAccountsRepo(db: Db) {
  const cols = FIELDS.map((f) => COLUMN[f]);
  const insert = db.prepare(`INSERT INTO accounts (id, ${cols.join(', ')}, created_at, updated_at) VALUES (@id, ${cols.map((c) => `@${c}`).join(', ')}, @now, @now)`);
  // Ids are never reused (migration 0013): the next one comes after the highest ever given.
  const nextId = db.prepare(`UPDATE id_sequences SET last_id = MAX(last_id, (SELECT COALESCE(MAX(id), 0) FROM accounts)) + 1 WHERE name = 'accounts' RETURNING last_id`).pluck();
  const byId = db.prepare(`SELECT * FROM accounts WHERE id = ?`);
  const byNumber = db.prepare(`SELECT * FROM accounts WHERE account_number = ?`);
  const byErpId = db.prepare(`SELECT * FROM accounts WHERE erp_customer_id = ?`);
  const idByNumber = db.prepare(`SELECT id FROM accounts WHERE account_number = ?`).pluck();
  const setColumn = new Map(FIELDS.map((f) => [f, db.prepare(`UPDATE accounts SET ${COLUMN[f]} = ?, updated_at = ? WHERE id = ?`)]));
  // Each arm finds the accounts one way (name, account number, a contact's email starting with q) and stops at one page
  // after the cursor; the page is their union in name order (UNION drops an account two arms found). SQLite's planner
  // cannot tell how many accounts a prefix matches (without ANALYZE it guessed wrong: "C0" matches every account
  // number, and sorting 100,000 of them took 30 ms a page), so the arms say how to read:
  // - by name: one range of the name index, from the later of q and the cursor, already in page order;
  // - by account number or email, when few match: that range of its index, sorted;
  // - when many match: the accounts in name order from the cursor, keeping the matches, which stops after a page.
  // A unary + keeps SQLite off an index for that term (the column's NOCASE collation still applies).
  const FEW = 500;
  const walk = `a.name >= @afterName AND (+a.name > @afterName OR a.id > @afterId)`;
  const afterCursor = `(+a.name > @afterName OR (+a.name = @afterName AND a.id > @afterId))`;
  const byName = `SELECT a.* FROM accounts a WHERE a.name >= MAX(@lo COLLATE NOCASE, @afterName) AND a.name < @hi AND ${afterCursor}`;
  const RANGES = [
    {
      count: 'SELECT 1 FROM accounts WHERE account_number >= @lo AND account_number < @hi',
      few: `SELECT a.* FROM accounts a WHERE a.account_number >= @lo AND a.account_number < @hi AND ${afterCursor}`,
      many: `SELECT a.* FROM accounts a WHERE +a.account_number >= @lo AND +a.account_number < @hi AND ${walk}`,
    },
    {
      count: 'SELECT 1 FROM account_contacts WHERE email >= @lo AND email < @hi',
      few: `SELECT a.* FROM account_contacts c JOIN accounts a ON a.id = c.account_id WHERE c.email >= @lo AND c.email < @hi AND ${afterCursor}`,
      many: `SELECT a.* FROM accounts a WHERE EXISTS (SELECT 1 FROM account_contacts c WHERE c.account_id = a.id AND +c.email >= @lo AND +c.email < @hi) AND ${walk}`,
    },
  ] as const;
  const manyOf = RANGES.map((r) => db.prepare(`SELECT count(*) FROM (${r.count} LIMIT ${FEW})`).pluck());
  const searchStatements = new Map<string, ReturnType<Db['prepare']>>();
  /** The statement of a search: with q, many says per arm (account number, email) whether it matches many. */
  const searchStatement = (withStatus: boolean, many: readonly boolean[] | null) => {
    const key = `${withStatus}:${many?.join(',') ?? '-'}`;
    let st = searchStatements.get(key);
    if (st) return st;
    const status = withStatus ? 'AND a.status = @status' : '';
    if (!many) st = db.prepare(`SELECT a.* FROM accounts a WHERE ${walk} ${status} ORDER BY a.name, a.id LIMIT @limit`);
    else {
      const arms = [byName, ...RANGES.map((r, i) => (many[i] ? r.many : r.few))].map((arm) => `SELECT * FROM (${arm} ${status} ORDER BY a.name, a.id LIMIT @limit)`);
      st = db.prepare(`SELECT * FROM (${arms.join(' UNION ')}) ORDER BY name, id LIMIT @limit`);
    }
    searchStatements.set(key, st);
    return st;
  };

  const customerWithEmail = db.prepare(`SELECT 1 FROM customers WHERE email = ?`).pluck();
  const insertContact = db.prepare(`INSERT INTO account_contacts (account_id, name, email, phone, erp_contact_id, created_at, updated_at)
    VALUES (@accountId, @name, @email, @phone, @erpContactId, @now, @now)`);
  // An account's few rows are put in id order here, not by ORDER BY: with it, each of these reads took ~75 µs instead
  // of ~7 µs (the order job and the account page make several a call).
  const ascending = <T extends { id: number }>(rows: T[]): T[] => rows.sort((a, b) => a.id - b.id);
  const contactsOf = db.prepare(`SELECT * FROM account_contacts WHERE account_id = ?`);
  const contactByEmail = db.prepare(`SELECT * FROM account_contacts WHERE email = ?`);
  const contactById = db.prepare(`SELECT * FROM account_contacts WHERE id = ?`);
  const putToken = db.prepare(`INSERT INTO contact_set_password_tokens (contact_id, token_hash, expires_at, created_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (contact_id) DO UPDATE SET token_hash = excluded.token_hash, expires_at = excluded.expires_at, used_at = NULL, created_at = excluded.created_at`);
  const tokenByHash = db.prepare(`SELECT * FROM contact_set_password_tokens WHERE token_hash = ?`);
  const useToken = db.prepare(`UPDATE contact_set_password_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL`);
  const buyers = db.prepare(`SELECT a.account_number, c.email, a.name, a.address_line1, a.city, a.state, a.postal_code, a.country
    FROM account_contacts c JOIN accounts a ON a.id = c.account_id
    WHERE c.login_enabled = 1 AND a.status = 'enabled' AND a.account_number IS NOT NULL ORDER BY c.id LIMIT ?`);
  const setLogin = db.prepare(`UPDATE account_contacts SET login_enabled = ?, updated_at = ? WHERE id = ?`);
  const setHash = db.prepare(`UPDATE account_contacts SET password_hash = ?, password_set_at = ?, updated_at = ? WHERE id = ?`);
  const signIn = db.prepare(`SELECT c.id, c.account_id, a.account_number, c.password_hash, c.login_enabled, a.status
    FROM account_contacts c JOIN accounts a ON a.id = c.account_id WHERE c.email = ?`);

  const insertShipTo = db.prepare(`INSERT INTO account_addresses (account_id, name, line1, line2, city, state, postal_code, country, erp_location_id, created_at, updated_at)
    VALUES (@accountId, @name, @line1, @line2, @city, @state, @postalCode, @country, @erpLocationId, @now, @now)
    ON CONFLICT (account_id, erp_location_id) DO UPDATE SET name = excluded.name, line1 = excluded.line1, line2 = excluded.line2,
      city = excluded.city, state = excluded.state, postal_code = excluded.postal_code, country = excluded.country, updated_at = excluded.updated_at
    RETURNING id`).pluck();
  const shipTosOf = db.prepare(`SELECT * FROM account_addresses WHERE account_id = ?`);
  const shipToById = db.prepare(`SELECT * FROM account_addresses WHERE id = ?`);

  const putPending = db.prepare(`INSERT INTO account_pending_changes (account_id, field, value, created_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (account_id, field) WHERE status = 'pending' DO UPDATE SET value = excluded.value, created_at = excluded.created_at
    RETURNING id`).pluck();
  const pendingCounts = db.prepare(`SELECT account_id, count(*) AS n FROM account_pending_changes
    WHERE status = 'pending' AND account_id IN (SELECT value FROM json_each(?)) GROUP BY account_id`);
  const pendingOf = db.prepare(`SELECT * FROM account_pending_changes WHERE account_id = ?`);
  const changeById = db.prepare(`SELECT * FROM account_pending_changes WHERE id = ?`);
  const setChangeStatus = db.prepare(`UPDATE account_pending_changes SET status = ? WHERE id = ?`);
  const markPushed = db.prepare(`UPDATE account_pending_changes SET status = 'pushed', pushed_at = ?, order_id = ? WHERE id = ? AND status = 'pending'`);

  const pages = createAccountErpPages(db);
  const raw = (id: number): RawAccount => {
    const r = byId.get(id) as RawAccount | undefined;
    if (!r) throw new NotFound(`no account ${id}`);
    return r;
  };
  const write = (id: number, field: AccountField, value: unknown, now: number) => setColumn.get(field)!.run(toColumn(field, value), now, id);
  const addPending = (accountId: number, field: WebEditableField, value: string | null, now: number) => putPending.get(accountId, field, value, now) as number;

  return {
    insert(a: NewAccount, now: number): number {
      const params: Record<string, unknown> = { now };
      for (const f of FIELDS) params[COLUMN[f]] = toColumn(f, a[f] ?? (f === 'status' ? 'enabled' : f === 'poRequired' ? false : null));
      const id = nextId.get() as number;
      insert.run({ ...params, id });
      return id;
    },
    get(id: number): AccountRow | null {
      const r = byId.get(id) as RawAccount | undefined;
      return r ? toAccountRow(r) : null;
    },
    /** The ids of the accounts with these account numbers (any case); a number no account has is left out. */
    idsByAccountNumber(accountNumbers: readonly string[]): Map<string, number> {
      const out = new Map<string, number>();
      for (const n of accountNumbers) {
        const id = idByNumber.get(n.trim()) as number | undefined;
        if (id !== undefined) out.set(n, id);
      }
      return out;
    },
    byAccountNumber(accountNumber: string): AccountRow | null {
      const r = byNumber.get(accountNumber.trim()) as RawAccount | undefined;
      return r ? toAccountRow(r) : null;
    },
    byErpId(erpCustomerId: string): AccountRow | null {
      const r = byErpId.get(erpCustomerId) as RawAccount | undefined;
      return r ? toAccountRow(r) : null;
    },
    /**
     * Accounts whose name, account number or a contact's email starts with q (any case), in name order, a keyset page
     * at a time. A prefix, not "contains": each arm is a range on an index, so it stays fast at 100,000 accounts.
     */
    search(opts: { q?: string; status?: AccountRow['status']; after?: AccountCursor | null; limit: number }): { rows: AccountRow[]; next: AccountCursor | null } {
      const q = opts.q?.trim() ?? '';
      const params: Record<string, unknown> = { afterName: opts.after?.name ?? '', afterId: opts.after?.id ?? 0, limit: opts.limit + 1 };
      const range = { lo: q, hi: prefixEnd(q) };
      if (q) Object.assign(params, range);
      const stmt = searchStatement(!!opts.status, q ? manyOf.map((m) => (m.get(range) as number) >= FEW) : null);
      if (opts.status) params.status = opts.status;
      const rows = (stmt.all(params) as RawAccount[]).map(toAccountRow);
      const page = rows.slice(0, opts.limit);
      const last = page[page.length - 1];
      return { rows: page, next: rows.length > opts.limit && last ? { name: last.name, id: last.id } : null };
    },
    /**
     * A staff edit: writes the fields and keeps each changed one as a pending change (one per field: a later edit
     * replaces its value) until the next order pushes it to the ERP. Answers the fields that changed. Without a
     * system of record (keepPending false) the edit only writes the fields.
     */
    update(id: number, patch: Partial<Pick<AccountFields, WebEditableField>>, now: number, opts: { keepPending?: boolean } = {}): WebEditableField[] {
      const keepPending = opts.keepPending ?? true;
      return db.transaction(() => {
        const current = raw(id);
        const changed: WebEditableField[] = [];
        for (const f of WEB_EDITABLE) {
          if (!(f in patch)) continue;
          const value = toColumn(f, patch[f]);
          if (value === current[COLUMN[f]]) continue;
          write(id, f, value, now);
          if (keepPending) addPending(id, f, toText(f, patch[f] ?? null), now);
          changed.push(f);
        }
        return changed;
      })();
    },
    /** Enabled or disabled on the platform (disabled: no contact signs in); not an edit the ERP is sent. */
    setStatus(id: number, status: AccountRow['status'], now: number): boolean {
      return write(id, 'status', status, now).changes === 1;
    },
    /** The ERP's ids once it has the account (after the first order, or when its sync creates the account here). */
    setErpIds(id: number, ids: { accountNumber?: string | null; erpCustomerId?: string | null }, now: number): void {
      db.transaction(() => {
        raw(id);
        if (ids.accountNumber !== undefined) write(id, 'accountNumber', ids.accountNumber, now);
        if (ids.erpCustomerId !== undefined) write(id, 'erpCustomerId', ids.erpCustomerId, now);
      })();
    },
    /**
     * The ERP's account as its sync read it: the ERP is the data of record, so each given field (null clears it, a
     * field left out is kept) overwrites ours. Each field it changed is a field change of the account (record_changes,
     * its History); where a web edit was still pending for that field, the change names it and it becomes 'lost'.
     */
    applyErpAccount(id: number, erp: Partial<AccountFields>, by: ChangeOrigin, now: number): { changed: AccountField[]; lost: AccountField[] } {
      return db.transaction(() => {
        const changes = pages.applyErp(raw(id), erp, by, now);
        return { changed: changes.map((c) => c.field), lost: changes.filter((c) => c.lost).map((c) => c.field) };
      })();
    },
    applyErpAccounts: (...a: Parameters<typeof pages.applyErpAccounts>) => db.transaction(() => pages.applyErpAccounts(...a))(),
    applyErpContacts: (...a: Parameters<typeof pages.applyErpContacts>) => db.transaction(() => pages.applyErpContacts(...a))(),
    applyErpShipTos: (...a: Parameters<typeof pages.applyErpShipTos>) => db.transaction(() => pages.applyErpShipTos(...a))(),
    erpAccountsWithPendingEdits: () => pages.erpAccountsWithPendingEdits(),

    /** A web edit to carry to the ERP with the next order (update() adds these itself). */
    addPendingChange(accountId: number, field: WebEditableField, value: string | null, now: number): number {
      if (!(WEB_EDITABLE as string[]).includes(field) || !isField(field)) throw new Error(`not an editable account field: ${field}`);
      return addPending(accountId, field, value, now);
    },
    /** How many web edits wait for each account's next order (an account with none is left out). */
    pendingCounts(accountIds: readonly number[]): Map<number, number> {
      if (accountIds.length === 0) return new Map();
      const rows = pendingCounts.all(JSON.stringify(accountIds)) as { account_id: number; n: number }[];
      return new Map(rows.map((r) => [r.account_id, r.n]));
    },
    pendingChangeOf(changeId: number): PendingChangeRow | null {
      const r = changeById.get(changeId) as RawPending | undefined;
      return r ? toPending(r) : null;
    },
    pendingChanges(accountId: number, status?: PendingChangeRow['status']): PendingChangeRow[] {
      const rows = ascending(pendingOf.all(accountId) as RawPending[]).map(toPending);
      return status ? rows.filter((r) => r.status === status) : rows;
    },
    /** The changes an order carried to the ERP; only those still pending are marked. Answers how many were. */
    markPushed(changeIds: readonly number[], orderId: number | null, now: number): number {
      return db.transaction(() => changeIds.reduce((n, id) => n + markPushed.run(now, orderId, id).changes, 0))();
    },
    /**
     * Staff put a lost change back: the field gets its value again, and a new pending change carries it with the next
     * order. Answers that change's id, or null when the change is not a lost one.
     */
    reapply(changeId: number, now: number): number | null {
      return db.transaction(() => {
        const r = changeById.get(changeId) as RawPending | undefined;
        if (!r || r.status !== 'lost') return null;
        setChangeStatus.run('reapplied', changeId);
        write(r.account_id, r.field, fromText(r.field, r.value), now);
        return addPending(r.account_id, r.field, r.value, now);
      })();
    },

    /**
     * A contact of the account. Its email is unique among contacts and customers alike (both sign in with it): one
     * that is taken either way is a UniqueViolation.
     */
    addContact(accountId: number, c: NewContact, now: number): number {
      const email = c.email.trim();
      if (customerWithEmail.get(email)) throw new UniqueViolation(`the email ${email} belongs to a customer already`);
      return Number(insertContact.run({ accountId, name: c.name.trim(), email, phone: c.phone ?? null, erpContactId: c.erpContactId ?? null, now }).lastInsertRowid);
    },
    contacts: (accountId: number): ContactRow[] => ascending(contactsOf.all(accountId) as RawContact[]).map(toContact),
    contactByEmail(email: string): ContactRow | null {
      const r = contactByEmail.get(email.trim()) as RawContact | undefined;
      return r ? toContact(r) : null;
    },
    /** Contacts who may order now (login on, account enabled and known to the ERP), with their account's address. */
    orderingContacts: (limit: number): OrderingContact[] => (buyers.all(limit) as RawBuyer[]).map(toOrderingContact),
    contact(contactId: number): ContactRow | null {
      const r = contactById.get(contactId) as RawContact | undefined;
      return r ? toContact(r) : null;
    },
    setContactLogin: (contactId: number, enabled: boolean, now: number): boolean => setLogin.run(enabled ? 1 : 0, now, contactId).changes === 1,
    /** Replaces the contact's Argon2id hash (the password itself is never given to the store). */
    setContactPasswordHash: (contactId: number, hash: string | null, now: number): boolean => setHash.run(hash, hash === null ? null : now, now, contactId).changes === 1,
    /** The contact's one live set-password link (a new one replaces any earlier): its token's hash only. */
    putSetPasswordToken(contactId: number, tokenHash: string, expiresAt: number, now: number): void {
      putToken.run(contactId, tokenHash, expiresAt, now);
    },
    setPasswordToken(tokenHash: string): { contactId: number; tokenHash: string; expiresAt: number; usedAt: number | null } | null {
      const r = tokenByHash.get(tokenHash) as RawToken | undefined;
      return r ? toToken(r) : null;
    },
    /** Marks a link used; false when it was used already (two redemptions racing: one wins). */
    useSetPasswordToken: (tokenHash: string, now: number): boolean => useToken.run(now, tokenHash).changes === 1,
    /** What signing in needs of a contact's email; canSignIn is false when the contact's login or the account is disabled. */
    contactSignInOf(email: string): ContactSignIn | null {
      const r = signIn.get(email.trim()) as RawSignIn | undefined;
      return r ? toContactSignIn(r) : null;
    },

    /** A ship-to address; with an ERP location id, the ERP's location is written over the one it already sent. */
    putShipTo(accountId: number, a: ShipToFields, erpLocationId: string | null, now: number): number {
      return insertShipTo.get({ accountId, ...a, erpLocationId, now }) as number;
    },
    shipTos: (accountId: number): ShipToRow[] => ascending(shipTosOf.all(accountId) as RawShipTo[]).map(toShipTo),
    shipTo(id: number): ShipToRow | null {
      const r = shipToById.get(id) as RawShipTo | undefined;
      return r ? toShipTo(r) : null;
    },
  };
}

/** The repository as the store port gives it (every method answers a promise). */
export type AccountsRepo = AsyncRepo<ReturnType<typeof createAccountsRepo>>;
