// What an ERP sync writes of accounts on PostgreSQL, a page at a time inside the caller's transaction. The page's
// accounts, pending edits, contacts and ship-tos are read in a few set-based statements and the page is worked out
// in memory (a record later in the page sees what an earlier one did); new accounts are one multi-row insert, their
// field changes one more. The ERP is the data of record: each field it sends overwrites ours, recorded as a field change
// (record_changes, the account's History), and a web edit still pending for that field becomes lost, named on it.
import { COLUMN, FIELDS, toColumn, toText, type AccountField, type AccountFields, type RawAccount } from '../account-fields';
import { accountUpdate, contactDiff, type ErpAccountIn, type ErpAccountOutcome, type ErpContactIn, type ErpFieldChange, type ErpShipToIn, type PageOutcome } from '../account-erp-pages';
import type { ChangeOrigin } from '../record-changes-repo';
import type { FieldChange } from '../../../src-preload/contract';
import { createPgRecordChangesRepo } from './record-changes-repo';
import type { PgSession } from './pg-session';

/** A field's value as PostgreSQL keeps it (po_required a boolean). */
export function pgColumn(field: AccountField, value: unknown): unknown {
  const v = toColumn(field, value);
  return field === 'poRequired' ? v === 1 : v;
}

const IDS: readonly AccountField[] = ['accountNumber', 'erpCustomerId'];
const fold = (s: string) => s.trim().toLowerCase();
const SHIP_TO = ['name', 'line1', 'line2', 'city', 'state', 'postal_code', 'country'] as const;

type Row = RawAccount & { account_number: string | null; erp_customer_id: string | null };

/** One page's writes, gathered while it is worked out and sent once it is. */
class PageWrites {
  readonly updates: { id: number; values: Map<AccountField, unknown> }[] = [];
  /** Each account's field changes, in the order the page made them (new accounts by their stand-in id). */
  readonly changed: { accountId: number; changes: ErpFieldChange[] }[] = [];
  readonly lost: number[] = [];
  /** Pending web edits by account and field (the page's accounts only). */
  readonly pending = new Map<number, Map<string, number>>();

  constructor(private readonly db: PgSession) {}

  async loadPending(accountIds: number[]): Promise<void> {
    if (accountIds.length === 0) return;
    const rows = await this.db.rows<{ id: number; account_id: number; field: string }>(
      `SELECT id, account_id, field FROM account_pending_changes WHERE status = 'pending' AND account_id = ANY($1::bigint[])`, [accountIds]);
    for (const r of rows) {
      const of = this.pending.get(r.account_id) ?? new Map<string, number>();
      of.set(r.field, r.id);
      this.pending.set(r.account_id, of);
    }
  }

  /** The ERP's values over one account's (in memory): a history row per changed field (ids excepted). */
  apply(current: Row, erp: Partial<AccountFields>, now: number, isNew: boolean): ErpFieldChange[] {
    const changes: ErpFieldChange[] = [];
    const values = new Map<AccountField, unknown>();
    for (const f of FIELDS) {
      if (!(f in erp) || erp[f] === undefined) continue;
      const value = pgColumn(f, erp[f]);
      const was = current[COLUMN[f]];
      if (value === was) continue;
      values.set(f, value);
      current[COLUMN[f]] = value;
      if (IDS.includes(f)) continue;
      const pending = this.pending.get(current.id)?.get(f);
      if (pending !== undefined) {
        this.lost.push(pending);
        this.pending.get(current.id)!.delete(f);
      }
      changes.push({ field: f, web: toText(f, was), erp: toText(f, erp[f]), lost: pending !== undefined, lostEditId: pending ?? null });
    }
    if (changes.length) this.changed.push({ accountId: current.id, changes });
    if (values.size) {
      current.updated_at = now;
      // A new account is inserted as it ends up; an existing one gets an update.
      if (!isNew) this.updates.push({ id: current.id, values });
    }
    return changes;
  }

  /** Sends the page: updates in record order, then new accounts (ids given here), then lost edits and field changes. */
  async flush(created: Row[], by: ChangeOrigin, now: number): Promise<Map<number, number>> {
    for (const u of this.updates) {
      const params: unknown[] = [u.id, now];
      const sets = [...u.values].map(([f, v]) => `${COLUMN[f]} = $${params.push(v)}`);
      await this.db.query(`UPDATE accounts SET ${sets.join(', ')}, updated_at = $2 WHERE id = $1`, params);
    }
    const idOf = new Map<number, number>();
    if (created.length) {
      const ids = (await this.db.rows<{ id: number }>(
        `SELECT nextval(pg_get_serial_sequence('accounts', 'id')) AS id FROM generate_series(1, $1)`, [created.length])).map((r) => r.id).sort((a, b) => a - b);
      created.forEach((row, i) => idOf.set(row.id, ids[i]!));
      const cols = FIELDS.map((f) => COLUMN[f]);
      await this.db.query(
        `INSERT INTO accounts (id, ${cols.join(', ')}, created_at, updated_at)
         SELECT id, ${cols.join(', ')}, created_at, updated_at FROM jsonb_populate_recordset(NULL::accounts, $1::jsonb)`,
        [JSON.stringify(created.map((r) => ({ ...r, id: idOf.get(r.id) })))]);
    }
    if (this.lost.length) await this.db.query(`UPDATE account_pending_changes SET status = 'lost' WHERE id = ANY($1::bigint[])`, [this.lost]);
    if (this.changed.length) await createPgRecordChangesRepo(this.db).add(this.changed.map((c) => accountUpdate(idOf.get(c.accountId) ?? c.accountId, c.changes, by, now)));
    return idOf;
  }
}

export function createPgAccountErpPages(db: PgSession) {
  /** The accounts a page of contacts or ship-tos names, by account number in any case. */
  async function accountIdsOf(numbers: readonly (string | null)[]): Promise<(accountNumber: string | null) => number | null> {
    const wanted = numbers.flatMap((n) => (n ? [fold(n)] : []));
    const rows = await db.rows<{ id: number; account_number: string }>(`SELECT id, account_number FROM accounts WHERE lower(account_number) = ANY($1::text[])`, [wanted]);
    const ids = new Map(rows.map((a) => [fold(a.account_number), a.id]));
    return (n) => (n ? (ids.get(fold(n)) ?? null) : null);
  }

  return {
    async applyErp(current: RawAccount, erp: Partial<AccountFields>, by: ChangeOrigin, now: number): Promise<ErpFieldChange[]> {
      const writes = new PageWrites(db);
      await writes.loadPending([current.id]);
      const changes = writes.apply({ ...current } as Row, erp, now, false);
      await writes.flush([], by, now);
      return changes;
    },

    /** A page of ERP customers, matched by ERP record id, else by account number, else created; one outcome each. */
    async applyErpAccounts(records: readonly ErpAccountIn[], by: ChangeOrigin, now: number): Promise<ErpAccountOutcome[]> {
      const found = await db.rows<Row>(
        `SELECT * FROM accounts WHERE erp_customer_id = ANY($1::text[]) OR lower(account_number) = ANY($2::text[])`,
        [records.map((r) => r.erpCustomerId), records.map((r) => fold(r.accountNumber))]);
      const rows = new Map<number, Row>();
      const idOfErpId = new Map<string, number>();
      const idOfNumber = new Map<string, number>();
      const index = (a: Row) => {
        rows.set(a.id, a);
        if (a.erp_customer_id !== null) idOfErpId.set(a.erp_customer_id, a.id);
        if (a.account_number !== null) idOfNumber.set(fold(a.account_number), a.id);
      };
      const unindex = (a: Row) => {
        if (a.erp_customer_id !== null && idOfErpId.get(a.erp_customer_id) === a.id) idOfErpId.delete(a.erp_customer_id);
        if (a.account_number !== null && idOfNumber.get(fold(a.account_number)) === a.id) idOfNumber.delete(fold(a.account_number));
      };
      for (const a of found) index(a);
      const writes = new PageWrites(db);
      await writes.loadPending(found.map((a) => a.id));

      // New accounts carry a stand-in id (below zero) until the page is sent.
      const created: Row[] = [];
      const outcomes = records.map((r) => {
        const erp = { ...r.fields, accountNumber: r.accountNumber, erpCustomerId: r.erpCustomerId };
        const id = idOfErpId.get(r.erpCustomerId) ?? idOfNumber.get(fold(r.accountNumber));
        if (id === undefined) {
          const row = { id: -(created.length + 1), created_at: now, updated_at: now } as Row;
          for (const f of FIELDS) row[COLUMN[f]] = pgColumn(f, erp[f] ?? (f === 'status' ? 'enabled' : f === 'poRequired' ? false : null));
          created.push(row);
          index(row);
          return { accountId: row.id, action: 'created' as const, changes: [] };
        }
        const row = rows.get(id)!;
        unindex(row);
        const changes = writes.apply(row, erp, now, id < 0);
        index(row);
        return { accountId: id, action: changes.length ? ('updated' as const) : ('unchanged' as const), changes };
      });
      const idOf = await writes.flush(created, by, now);
      return outcomes.map((o) => ({ ...o, accountId: idOf.get(o.accountId) ?? o.accountId }));
    },

    /** A page of ERP contacts: matched by their ERP contact id; a contact signs in with its email, so it must be free. */
    async applyErpContacts(records: readonly ErpContactIn[], now: number): Promise<PageOutcome[]> {
      type Contact = { id: number; account_id: number; name: string; email: string; phone: string | null; erp_contact_id: string | null };
      const accountIdOf = await accountIdsOf(records.map((r) => r.accountNumber));
      const emails = records.flatMap((r) => (r.email?.trim() ? [fold(r.email)] : []));
      // Customers and contacts share emails: the page's emails are locked for the transaction first, as a customer's insert locks its own.
      if (emails.length) await db.query(`SELECT pg_advisory_xact_lock(hashtextextended(lower(e), 0)) FROM (SELECT DISTINCT e FROM unnest($1::text[]) AS e ORDER BY e) s`, [emails]);
      const byErpId = new Map((await db.rows<Contact>(
        `SELECT id, account_id, name, email, phone, erp_contact_id FROM account_contacts WHERE erp_contact_id = ANY($1::text[])`, [records.map((r) => r.erpContactId)]))
        .map((c) => [c.erp_contact_id!, c]));
      const holderOf = new Map((await db.rows<{ id: number; email: string }>(`SELECT id, email FROM account_contacts WHERE lower(email) = ANY($1::text[])`, [emails]))
        .map((c) => [fold(c.email), c.id]));
      const customerOf = new Map((await db.rows<{ id: number; email: string }>(`SELECT id, email FROM customers WHERE lower(email) = ANY($1::text[])`, [emails]))
        .map((c) => [fold(c.email), c.id]));
      const out: PageOutcome[] = [];
      for (const r of records) {
        const accountId = accountIdOf(r.accountNumber);
        const skip = (message: string) => out.push({ action: 'skipped', entityId: r.erpContactId, message });
        if (accountId === null) {
          skip(r.accountNumber ? `its account ${r.accountNumber} is not here (not read from the ERP yet)` : 'it belongs to no account in the ERP');
          continue;
        }
        const email = r.email?.trim() || null;
        if (!email) {
          skip(`${r.name || 'the contact'} has no email in the ERP (a contact signs in with it)`);
          continue;
        }
        const existing = byErpId.get(r.erpContactId);
        const holder = holderOf.get(fold(email));
        if (holder !== undefined && holder !== existing?.id) {
          skip(`the email ${email} belongs to contact ${holder} already`);
          continue;
        }
        const customer = customerOf.get(fold(email));
        if (customer !== undefined) {
          skip(`the email ${email} belongs to customer ${customer} already`);
          continue;
        }
        const row = { accountId, name: r.name || email, email, phone: r.phone };
        const keep = (id: number) => {
          if (existing && holderOf.get(fold(existing.email)) === id) holderOf.delete(fold(existing.email));
          holderOf.set(fold(email), id);
          byErpId.set(r.erpContactId, { id, account_id: accountId, name: row.name, email, phone: row.phone, erp_contact_id: r.erpContactId });
        };
        if (!existing) {
          const { id } = (await db.one<{ id: number }>(
            `INSERT INTO account_contacts (account_id, name, email, phone, login_enabled, erp_contact_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`,
            [accountId, row.name, email, row.phone, r.active, r.erpContactId, now]))!;
          keep(id);
          out.push({ action: 'created', entityId: String(id), message: `${email} on account ${r.accountNumber}` });
          continue;
        }
        const { changes, diff } = contactDiff(existing, row, accountId, r.accountNumber);
        if (!diff.length) {
          out.push({ action: 'unchanged', entityId: String(existing.id), message: null });
          continue;
        }
        await db.query(`UPDATE account_contacts SET account_id = $2, name = $3, email = $4, phone = $5, updated_at = $6 WHERE id = $1`, [existing.id, accountId, row.name, email, row.phone, now]);
        keep(existing.id);
        out.push({ action: 'updated', entityId: String(existing.id), message: diff.join('; '), changes });
      }
      return out;
    },

    /** A page of the ERP's ship-to locations, matched by account and location id. */
    async applyErpShipTos(records: readonly ErpShipToIn[], now: number): Promise<PageOutcome[]> {
      const accountIdOf = await accountIdsOf(records.map((r) => r.accountNumber));
      const pairs = records.flatMap((r) => {
        const id = accountIdOf(r.accountNumber);
        return id === null ? [] : [[id, r.erpLocationId] as const];
      });
      const found = new Map((await db.rows<Record<string, unknown> & { id: number; account_id: number; erp_location_id: string }>(
        `SELECT a.* FROM account_addresses a JOIN unnest($1::bigint[], $2::text[]) AS k (account_id, erp_location_id)
           ON a.account_id = k.account_id AND a.erp_location_id = k.erp_location_id`, [pairs.map((p) => p[0]), pairs.map((p) => p[1])]))
        .map((a) => [`${a.account_id}/${a.erp_location_id}`, a]));
      const out: PageOutcome[] = [];
      for (const r of records) {
        const key = `${r.accountNumber}/${r.erpLocationId}`;
        const accountId = accountIdOf(r.accountNumber);
        if (accountId === null) {
          out.push({ action: 'skipped', entityId: key, message: `its account ${r.accountNumber} is not here (not read from the ERP yet)` });
          continue;
        }
        const existing = found.get(`${accountId}/${r.erpLocationId}`);
        const values = { name: r.name, line1: r.line1, line2: r.line2, city: r.city, state: r.state, postal_code: r.postalCode, country: r.country };
        const params = [accountId, r.name, r.line1, r.line2, r.city, r.state, r.postalCode, r.country, r.erpLocationId, now];
        if (!existing) {
          if (!r.active) {
            out.push({ action: 'skipped', entityId: key, message: 'inactive in the ERP' });
            continue;
          }
          const { id } = (await db.one<{ id: number }>(
            `INSERT INTO account_addresses (account_id, name, line1, line2, city, state, postal_code, country, erp_location_id, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id`, params))!;
          found.set(`${accountId}/${r.erpLocationId}`, { id, account_id: accountId, erp_location_id: r.erpLocationId, ...values });
          out.push({ action: 'created', entityId: String(id), message: `ship-to ${key}` });
          continue;
        }
        const diff = SHIP_TO.filter((c) => (existing[c] ?? null) !== (values[c] ?? null));
        if (!diff.length) {
          out.push({ action: 'unchanged', entityId: String(existing.id), message: null });
          continue;
        }
        await db.query(
          `UPDATE account_addresses SET name = $2, line1 = $3, line2 = $4, city = $5, state = $6, postal_code = $7, country = $8, updated_at = $9 WHERE id = $1`,
          [existing.id, r.name, r.line1, r.line2, r.city, r.state, r.postalCode, r.country, now]);
        found.set(`${accountId}/${r.erpLocationId}`, { ...existing, ...values });
        const changes = diff.map((c) => ({ field: c === 'postal_code' ? 'postalCode' : c, from: (existing[c] as string | null) ?? null, to: values[c] ?? null }));
        out.push({ action: 'updated', entityId: String(existing.id), message: `ship-to ${key}: ${diff.join(', ')} changed in the ERP`, changes });
      }
      return out;
    },
  };
}
