import type { AsyncRepo } from './serial-writer';
import type { Db } from './database';
import { containsPattern } from './like';
import { UniqueViolation } from './store-errors';

export interface CustomerRow {
  id: number;
  email: string;
  firstName: string;
  lastName: string;
  company: string | null;
  phone: string | null;
  accountNumber: string | null;
  costCode: string | null;
  departmentId: number | null;
  departmentName: string | null;
  status: 'active' | 'pending' | 'disabled';
  origin: 'registration' | 'staff' | 'storefront' | 'import';
  /** The customer's own CERM customer (created there, or linked by staff). */
  cermId: string | null;
  /** The CERM customer of the customer's department, which a registrant linked by cost code belongs to. */
  departmentCermId: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface NewCustomer {
  email: string;
  firstName: string;
  lastName: string;
  company?: string | null;
  phone?: string | null;
  accountNumber?: string | null;
  costCode?: string | null;
  departmentId?: number | null;
  origin: CustomerRow['origin'];
}

/** The identity connector's id written into the SQL (a literal, not a bound value: see README on re-prepares). */
function identityLiteral(connectorId: string | null): string | null {
  if (connectorId === null) return null;
  if (!/^[a-z][a-z0-9-]{0,39}$/.test(connectorId)) throw new Error(`not a connector id: ${JSON.stringify(connectorId)}`);
  return `'${connectorId}'`;
}

export interface Raw {
  id: number;
  email: string;
  first_name: string;
  last_name: string;
  company: string | null;
  phone: string | null;
  account_number: string | null;
  cost_code: string | null;
  department_id: number | null;
  department_name: string | null;
  status: CustomerRow['status'];
  origin: CustomerRow['origin'];
  cerm_id: string | null;
  department_cerm_id: string | null;
  created_at: number;
  updated_at: number;
}

export function toRow(r: Raw): CustomerRow {
  return {
    id: r.id,
    email: r.email,
    firstName: r.first_name,
    lastName: r.last_name,
    company: r.company,
    phone: r.phone,
    accountNumber: r.account_number,
    costCode: r.cost_code,
    departmentId: r.department_id,
    departmentName: r.department_name,
    status: r.status,
    origin: r.origin,
    cermId: r.cerm_id,
    departmentCermId: r.department_cerm_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/**
 * identityConnector: the connector whose external customer id each customer shows (CERM's, given by the registry);
 * null shows none.
 */
export function createCustomersRepo(db: Db, identityConnector: string | null = null) {
  const identity = identityLiteral(identityConnector);
  const SELECT = `SELECT c.*, d.name AS department_name, d.cerm_customer_id AS department_cerm_id,
  ${identity ? `(SELECT external_id FROM external_ids x WHERE x.entity_type = 'customer' AND x.entity_id = c.id AND x.connector_id = ${identity})` : 'NULL'} AS cerm_id
  FROM customers c LEFT JOIN departments d ON d.id = c.department_id`;
  const insert = db.prepare(`
    INSERT INTO customers (id, email, first_name, last_name, company, phone, account_number, cost_code, department_id, origin, created_at, updated_at)
    VALUES (@id, @email, @firstName, @lastName, @company, @phone, @accountNumber, @costCode, @departmentId, @origin, @now, @now)`);
  // Ids are never reused (migration 0013): the next one comes after the highest ever given, deleted or not.
  const nextId = db.prepare(`UPDATE id_sequences SET last_id = MAX(last_id, (SELECT COALESCE(MAX(id), 0) FROM customers)) + 1 WHERE name = 'customers' RETURNING last_id`).pluck();
  const byId = db.prepare(`${SELECT} WHERE c.id = ?`);
  const byEmail = db.prepare(`${SELECT} WHERE c.email = ?`);
  // Account contacts sign in by email too: an email is one person's, across both tables (no cross-table unique in SQL).
  const contactWithEmail = db.prepare(`SELECT 1 FROM account_contacts WHERE email = ?`).pluck();
  const setDept = db.prepare(`UPDATE customers SET department_id = ?, updated_at = ? WHERE id = ?`);
  const linkedToCerm = db.prepare(`
    SELECT x.entity_id AS id, x.external_id AS cerm_id FROM external_ids x
    WHERE x.entity_type = 'customer' AND x.connector_id = ${identity ?? 'NULL'}`);
  const linkedToCermAfter = db
    .prepare(`
    SELECT x.external_id, x.entity_id FROM external_ids x
    WHERE x.connector_id = ${identity ?? 'NULL'} AND x.entity_type = 'customer' AND x.external_id > ? ORDER BY x.external_id LIMIT ?`)
    .raw();
  const count = db.prepare(`SELECT COUNT(*) FROM customers`).pluck();
  const byAccount = db.prepare(`${SELECT} WHERE c.account_number = ?`);
  const remove = db.prepare(`DELETE FROM customers WHERE id = ?`);
  const removeExternal = db.prepare(`DELETE FROM external_ids WHERE entity_type = 'customer' AND entity_id = ?`);
  const setHash = db.prepare(`UPDATE customers SET password_hash = ?, password_set_at = ?, updated_at = ? WHERE id = ?`);
  const signIn = db.prepare(`SELECT id, account_number, status, password_hash FROM customers WHERE email = ?`);
  const putToken = db.prepare(`INSERT INTO set_password_tokens (customer_id, token_hash, expires_at, used_at, created_at) VALUES (?, ?, ?, NULL, ?)
    ON CONFLICT (customer_id) DO UPDATE SET token_hash = excluded.token_hash, expires_at = excluded.expires_at, used_at = NULL, created_at = excluded.created_at`);
  const tokenByHash = db.prepare(`SELECT customer_id, token_hash, expires_at, used_at FROM set_password_tokens WHERE token_hash = ?`);
  const useToken = db.prepare(`UPDATE set_password_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL`);

  return {
    insert(c: NewCustomer, now: number): number {
      const email = c.email.trim();
      if (contactWithEmail.get(email)) throw new UniqueViolation(`the email ${email} belongs to an account contact already`);
      const id = nextId.get() as number;
      insert.run({
        id,
        email,
        firstName: c.firstName.trim(),
        lastName: c.lastName.trim(),
        company: c.company ?? null,
        phone: c.phone ?? null,
        accountNumber: c.accountNumber ?? null,
        costCode: c.costCode?.trim() || null,
        departmentId: c.departmentId ?? null,
        origin: c.origin,
        now,
      });
      return id;
    },
    get(id: number): CustomerRow | null {
      const r = byId.get(id) as Raw | undefined;
      return r ? toRow(r) : null;
    },
    byEmail(email: string): CustomerRow | null {
      const r = byEmail.get(email.trim()) as Raw | undefined;
      return r ? toRow(r) : null;
    },
    setDepartment(id: number, departmentId: number | null, now: number): void {
      setDept.run(departmentId, now, id);
    },
    /** Keyset page by id (newest first), optionally searched and limited to a department. */
    search(opts: { q?: string; departmentId?: number; after?: number | null; limit: number }): { rows: CustomerRow[]; next: number | null } {
      const where: string[] = [];
      const params: Record<string, unknown> = { limit: opts.limit + 1 };
      if (opts.q) {
        where.push(`(c.email LIKE @q ESCAPE '\\' OR c.first_name || ' ' || c.last_name LIKE @q ESCAPE '\\' OR c.company LIKE @q ESCAPE '\\' OR c.cost_code LIKE @q ESCAPE '\\' OR c.account_number LIKE @q ESCAPE '\\')`);
        params.q = containsPattern(opts.q);
      }
      if (opts.departmentId !== undefined) {
        where.push('c.department_id = @dept');
        params.dept = opts.departmentId;
      }
      if (opts.after) {
        where.push('c.id < @after');
        params.after = opts.after;
      }
      const sql = `${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY c.id DESC LIMIT @limit`;
      const rows = (db.prepare(sql).all(params) as Raw[]).map(toRow);
      const more = rows.length > opts.limit;
      const page = rows.slice(0, opts.limit);
      return { rows: page, next: more ? page[page.length - 1]!.id : null };
    },
    /** Local customers linked to a CERM customer: CERM id -> local id. */
    cermLinks(): Map<string, number> {
      const m = new Map<string, number>();
      for (const r of linkedToCerm.all() as { id: number; cerm_id: string }[]) m.set(r.cerm_id, r.id);
      return m;
    },
    /** A keyset page of the same links ([CERM id, local id], by CERM id): 100k links read in short statements. */
    cermLinksAfter(afterCermId: string, limit: number): [cermId: string, customerId: number][] {
      return linkedToCermAfter.all(afterCermId, limit) as [string, number][];
    },
    count(): number {
      return count.get() as number;
    },
    byAccountNumber(accountNumber: string): CustomerRow | null {
      const r = byAccount.get(accountNumber.trim()) as Raw | undefined;
      return r ? toRow(r) : null;
    },
    /** Removes the customer with what is theirs here (addresses, links, set-password link); false when none. */
    delete(id: number): boolean {
      removeExternal.run(id);
      return remove.run(id).changes === 1;
    },
    /** Replaces the customer's Argon2id hash (the password itself is never given to the store). */
    setPasswordHash(id: number, hash: string | null, now: number): boolean {
      return setHash.run(hash, hash === null ? null : now, now, id).changes === 1;
    },
    /** What signing in needs of an email: the hash to check, and what the answer names. */
    signInOf(email: string): { id: number; accountNumber: string | null; status: CustomerRow['status']; passwordHash: string | null } | null {
      const r = signIn.get(email.trim()) as { id: number; account_number: string | null; status: CustomerRow['status']; password_hash: string | null } | undefined;
      return r ? { id: r.id, accountNumber: r.account_number, status: r.status, passwordHash: r.password_hash } : null;
    },
    /** The customer's one live set-password link (a new one replaces any earlier): its token's hash only. */
    putSetPasswordToken(customerId: number, tokenHash: string, expiresAt: number, now: number): void {
      putToken.run(customerId, tokenHash, expiresAt, now);
    },
    setPasswordToken(tokenHash: string): { customerId: number; tokenHash: string; expiresAt: number; usedAt: number | null } | null {
      const r = tokenByHash.get(tokenHash) as { customer_id: number; token_hash: string; expires_at: number; used_at: number | null } | undefined;
      return r ? { customerId: r.customer_id, tokenHash: r.token_hash, expiresAt: r.expires_at, usedAt: r.used_at } : null;
    },
    /** Marks a link used; false when it was used already (two redemptions racing: one wins). */
    useSetPasswordToken(tokenHash: string, now: number): boolean {
      return useToken.run(now, tokenHash).changes === 1;
    },
  };
}

/** The repository as the store port gives it (every method answers a promise). */
export type CustomersRepo = AsyncRepo<ReturnType<typeof createCustomersRepo>>;
