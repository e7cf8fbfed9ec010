import { COLUMN, FIELDS, WEB_EDITABLE, fromText, isField, toAccountRow, toText, type AccountField, type RawAccount, type WebEditableField } from '../account-fields';
import {
  toContact, toContactSignIn, toOrderingContact, toPending, toShipTo, toToken,
  type RawBuyer, type RawContact, type RawPending, type RawShipTo, type RawSignIn, type RawToken,
} from '../account-rows';
import { prefixEnd, type AccountsRepo, type PendingChangeRow } from '../accounts-repo';
import { NotFound, UniqueViolation } from '../store-errors';
import { createPgAccountErpPages, pgColumn } from './account-erp-pages';
import type { PgSession } from './pg-session';

const byId = <T extends { id: number }>(rows: T[]): T[] => rows.sort((a, b) => a.id - b.id);

// Names in any case, then ids, as SQLite's NOCASE column orders them, whatever the database's collation.
const NAME = `lower(a.name) COLLATE "C"`;
const ORDER = `ORDER BY ${NAME}, a.id`;

/**
 * B2B accounts on PostgreSQL. Account numbers and emails are compared in any case (lower(...)); an email is one
 * person's across contacts and customers, so a writer of either locks the email for its transaction first.
 */
export function createPgAccountsRepo(db: PgSession): AccountsRepo {
  const pages = createPgAccountErpPages(db);
  const raw = async (id: number): Promise<RawAccount> => {
    const r = await db.one<RawAccount>(`SELECT * FROM accounts WHERE id = $1`, [id]);
    if (!r) throw new NotFound(`no account ${id}`);
    return r;
  };
  const account = async (where: string, value: unknown) => {
    const r = await db.one<RawAccount>(`SELECT * FROM accounts WHERE ${where}`, [value]);
    return r ? toAccountRow(r) : null;
  };
  /** Writes the fields (column values) of one account in one statement. */
  const write = async (id: number, values: Map<AccountField, unknown>, now: number) => {
    if (values.size === 0) return 0;
    const params: unknown[] = [id, now];
    const sets = [...values].map(([f, v]) => `${COLUMN[f]} = $${params.push(v)}`);
    return await db.changes(`UPDATE accounts SET ${sets.join(', ')}, updated_at = $2 WHERE id = $1`, params);
  };
  const addPending = async (accountId: number, field: WebEditableField, value: string | null, now: number) =>
    (await db.one<{ id: number }>(
      `INSERT INTO account_pending_changes (account_id, field, value, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (account_id, field) WHERE status = 'pending' DO UPDATE SET value = excluded.value, created_at = excluded.created_at
       RETURNING id`, [accountId, field, value, now]))!.id;
  const contact = async (where: string, value: unknown) => {
    const r = await db.one<RawContact>(`SELECT * FROM account_contacts WHERE ${where}`, [value]);
    return r ? toContact(r) : null;
  };

  return {
    async insert(a, now) {
      const cols = FIELDS.map((f) => COLUMN[f]);
      const values = FIELDS.map((f) => pgColumn(f, a[f] ?? (f === 'status' ? 'enabled' : f === 'poRequired' ? false : null)));
      return await db.transaction(async () => (await db.one<{ id: number }>(
        `INSERT INTO accounts (${cols.join(', ')}, created_at, updated_at) VALUES (${cols.map((_, i) => `$${i + 2}`).join(', ')}, $1, $1) RETURNING id`,
        [now, ...values]))!.id);
    },
    get: async (id) => await account('id = $1', id),
    async idsByAccountNumber(accountNumbers) {
      const rows = await db.rows<{ id: number; account_number: string }>(
        `SELECT id, account_number FROM accounts WHERE lower(account_number) = ANY($1::text[])`, [accountNumbers.map((n) => n.trim().toLowerCase())]);
      const ids = new Map(rows.map((r) => [r.account_number.toLowerCase(), r.id]));
      const out = new Map<string, number>();
      for (const n of accountNumbers) {
        const id = ids.get(n.trim().toLowerCase());
        if (id !== undefined) out.set(n, id);
      }
      return out;
    },
    byAccountNumber: async (accountNumber) => await account('lower(account_number) = lower($1)', accountNumber.trim()),
    byErpId: async (erpCustomerId) => await account('erp_customer_id = $1', erpCustomerId),
    // Each arm (name, account number, a contact's email starting with q) is a range of an index in page order, cut at
    // one page after the cursor; the page is their union (which drops an account two arms found).
    async search(opts) {
      const q = opts.q?.trim() ?? '';
      const params: unknown[] = [];
      const p = (v: unknown) => `$${params.push(v)}`;
      const after = `(${NAME} > lower(${p(opts.after?.name ?? '')}::text) COLLATE "C" OR (lower(a.name) = lower($1::text) AND a.id > ${p(opts.after?.id ?? 0)}))`;
      const status = opts.status ? `AND a.status = ${p(opts.status)}` : '';
      const limit = p(opts.limit + 1);
      let sql: string;
      if (!q) sql = `SELECT a.* FROM accounts a WHERE ${after} ${status} ${ORDER} LIMIT ${limit}`;
      else {
        const lo = p(q.toLowerCase());
        const hi = p(prefixEnd(q.toLowerCase()));
        const range = (expr: string) => `${expr} >= ${lo}::text COLLATE "C" AND ${expr} < ${hi}::text COLLATE "C"`;
        const arms = [
          `SELECT a.* FROM accounts a WHERE ${range(NAME)}`,
          `SELECT a.* FROM accounts a WHERE ${range('lower(a.account_number) COLLATE "C"')}`,
          `SELECT a.* FROM account_contacts c JOIN accounts a ON a.id = c.account_id WHERE ${range('lower(c.email) COLLATE "C"')}`,
        ].map((arm) => `(${arm} AND ${after} ${status} ${ORDER} LIMIT ${limit})`);
        sql = `SELECT * FROM (${arms.join(' UNION ')}) a ${ORDER} LIMIT ${limit}`;
      }
      const rows = (await db.rows<RawAccount>(sql, params)).map(toAccountRow);
      const page = rows.slice(0, opts.limit);
      const last = page[page.length - 1];
      return { rows: page, next: rows.length > opts.limit && last ? { name: last.name, id: last.id } : null };
    },
    async update(id, patch, now, opts = {}) {
      const keepPending = opts.keepPending ?? true;
      return await db.transaction(async () => {
        const current = await raw(id);
        const values = new Map<AccountField, unknown>();
        for (const f of WEB_EDITABLE) {
          if (!(f in patch)) continue;
          const value = pgColumn(f, patch[f]);
          if (value !== current[COLUMN[f]]) values.set(f, value);
        }
        await write(id, values, now);
        const changed = [...values.keys()] as WebEditableField[];
        if (keepPending) for (const f of changed) await addPending(id, f, toText(f, patch[f] ?? null), now);
        return changed;
      });
    },
    setStatus: async (id, status, now) => (await write(id, new Map([['status', status]]), now)) === 1,
    async setErpIds(id, ids, now) {
      await db.transaction(async () => {
        await raw(id);
        const values = new Map<AccountField, unknown>();
        if (ids.accountNumber !== undefined) values.set('accountNumber', pgColumn('accountNumber', ids.accountNumber));
        if (ids.erpCustomerId !== undefined) values.set('erpCustomerId', pgColumn('erpCustomerId', ids.erpCustomerId));
        await write(id, values, now);
      });
    },
    async applyErpAccount(id, erp, by, now) {
      return await db.transaction(async () => {
        const changes = await pages.applyErp(await raw(id), erp, by, now);
        return { changed: changes.map((c) => c.field), lost: changes.filter((c) => c.lost).map((c) => c.field) };
      });
    },
    applyErpAccounts: async (records, by, now) => await db.transaction(async () => await pages.applyErpAccounts(records, by, now)),
    applyErpContacts: async (records, now) => await db.transaction(async () => await pages.applyErpContacts(records, now)),
    applyErpShipTos: async (records, now) => await db.transaction(async () => await pages.applyErpShipTos(records, now)),
    erpAccountsWithPendingEdits: async () =>
      (await db.rows<{ account_number: string }>(
        `SELECT a.account_number FROM accounts a WHERE a.erp_customer_id IS NOT NULL AND a.account_number IS NOT NULL
           AND EXISTS (SELECT 1 FROM account_pending_changes p WHERE p.account_id = a.id AND p.status = 'pending')
         ORDER BY lower(a.account_number) COLLATE "C"`)).map((r) => r.account_number),

    async addPendingChange(accountId, field, value, now) {
      if (!(WEB_EDITABLE as string[]).includes(field) || !isField(field)) throw new Error(`not an editable account field: ${field}`);
      return await db.transaction(async () => await addPending(accountId, field, value, now));
    },
    async pendingCounts(accountIds) {
      if (accountIds.length === 0) return new Map();
      const rows = await db.rows<{ account_id: number; n: number }>(
        `SELECT account_id, count(*) AS n FROM account_pending_changes WHERE status = 'pending' AND account_id = ANY($1::bigint[]) GROUP BY account_id`, [accountIds]);
      return new Map(rows.map((r) => [r.account_id, r.n]));
    },
    async pendingChangeOf(changeId) {
      const r = await db.one<RawPending>(`SELECT * FROM account_pending_changes WHERE id = $1`, [changeId]);
      return r ? toPending(r) : null;
    },
    async pendingChanges(accountId, status?: PendingChangeRow['status']) {
      const rows = byId(await db.rows<RawPending>(`SELECT * FROM account_pending_changes WHERE account_id = $1`, [accountId])).map(toPending);
      return status ? rows.filter((r) => r.status === status) : rows;
    },
    markPushed: async (changeIds, orderId, now) =>
      await db.transaction(async () => await db.changes(
        `UPDATE account_pending_changes SET status = 'pushed', pushed_at = $2, order_id = $3 WHERE id = ANY($1::bigint[]) AND status = 'pending'`,
        [[...changeIds], now, orderId])),
    async reapply(changeId, now) {
      return await db.transaction(async () => {
        const r = await db.one<RawPending>(`SELECT * FROM account_pending_changes WHERE id = $1 FOR UPDATE`, [changeId]);
        if (!r || r.status !== 'lost') return null;
        await db.query(`UPDATE account_pending_changes SET status = 'reapplied' WHERE id = $1`, [changeId]);
        await write(r.account_id, new Map([[r.field, pgColumn(r.field, fromText(r.field, r.value))]]), now);
        return await addPending(r.account_id, r.field, r.value, now);
      });
    },

    async addContact(accountId, c, now) {
      const email = c.email.trim();
      return await db.transaction(async () => {
        await db.query(`SELECT pg_advisory_xact_lock(hashtextextended(lower($1), 0))`, [email]);
        if (await db.one(`SELECT 1 FROM customers WHERE lower(email) = lower($1)`, [email])) throw new UniqueViolation(`the email ${email} belongs to a customer already`);
        return (await db.one<{ id: number }>(
          `INSERT INTO account_contacts (account_id, name, email, phone, erp_contact_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`,
          [accountId, c.name.trim(), email, c.phone ?? null, c.erpContactId ?? null, now]))!.id;
      });
    },
    contacts: async (accountId) => byId(await db.rows<RawContact>(`SELECT * FROM account_contacts WHERE account_id = $1`, [accountId])).map(toContact),
    contactByEmail: async (email) => await contact('lower(email) = lower($1)', email.trim()),
    orderingContacts: async (limit) =>
      (await db.rows<RawBuyer>(
        `SELECT a.account_number, c.email, a.name, a.address_line1, a.city, a.state, a.postal_code, a.country
         FROM account_contacts c JOIN accounts a ON a.id = c.account_id
         WHERE c.login_enabled AND a.status = 'enabled' AND a.account_number IS NOT NULL ORDER BY c.id LIMIT $1`, [limit])).map(toOrderingContact),
    contact: async (contactId) => await contact('id = $1', contactId),
    setContactLogin: async (contactId, enabled, now) =>
      (await db.changes(`UPDATE account_contacts SET login_enabled = $2, updated_at = $3 WHERE id = $1`, [contactId, enabled, now])) === 1,
    setContactPasswordHash: async (contactId, hash, now) =>
      (await db.changes(`UPDATE account_contacts SET password_hash = $2, password_set_at = $3, updated_at = $4 WHERE id = $1`, [contactId, hash, hash === null ? null : now, now])) === 1,
    async putSetPasswordToken(contactId, tokenHash, expiresAt, now) {
      await db.transaction(async () => await db.query(
        `INSERT INTO contact_set_password_tokens (contact_id, token_hash, expires_at, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (contact_id) DO UPDATE SET token_hash = excluded.token_hash, expires_at = excluded.expires_at, used_at = NULL, created_at = excluded.created_at`,
        [contactId, tokenHash, expiresAt, now]));
    },
    async setPasswordToken(tokenHash) {
      const r = await db.one<RawToken>(`SELECT * FROM contact_set_password_tokens WHERE token_hash = $1`, [tokenHash]);
      return r ? toToken(r) : null;
    },
    useSetPasswordToken: async (tokenHash, now) =>
      (await db.changes(`UPDATE contact_set_password_tokens SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL`, [now, tokenHash])) === 1,
    async contactSignInOf(email) {
      const r = await db.one<RawSignIn>(
        `SELECT c.id, c.account_id, a.account_number, c.password_hash, c.login_enabled, a.status
         FROM account_contacts c JOIN accounts a ON a.id = c.account_id WHERE lower(c.email) = lower($1)`, [email.trim()]);
      return r ? toContactSignIn(r) : null;
    },

    putShipTo: async (accountId, a, erpLocationId, now) =>
      await db.transaction(async () => (await db.one<{ id: number }>(
        `INSERT INTO account_addresses (account_id, name, line1, line2, city, state, postal_code, country, erp_location_id, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)
         ON CONFLICT (account_id, erp_location_id) DO UPDATE SET name = excluded.name, line1 = excluded.line1, line2 = excluded.line2,
           city = excluded.city, state = excluded.state, postal_code = excluded.postal_code, country = excluded.country, updated_at = excluded.updated_at
         RETURNING id`, [accountId, a.name, a.line1, a.line2, a.city, a.state, a.postalCode, a.country, erpLocationId, now]))!.id),
    shipTos: async (accountId) => byId(await db.rows<RawShipTo>(`SELECT * FROM account_addresses WHERE account_id = $1`, [accountId])).map(toShipTo),
    async shipTo(id) {
      const r = await db.one<RawShipTo>(`SELECT * FROM account_addresses WHERE id = $1`, [id]);
      return r ? toShipTo(r) : null;
    },
  };
}
