import { toRow, type CustomersRepo, type Raw } from '../customers-repo';
import { containsPattern } from '../like';
import { UniqueViolation } from '../store-errors';
import type { PgSession } from './pg-session';

/** The identity connector's id, checked, as a literal for the SQL (it comes from the registry, never from users). */
function identityLiteral(connectorId: string | null): string {
  if (connectorId === null) return 'NULL';
  if (!/^[a-z][a-z0-9-]{0,39}$/.test(connectorId)) throw new Error(`not a connector id: ${JSON.stringify(connectorId)}`);
  return `'${connectorId}'`;
}

/**
 * Customers on PostgreSQL. Emails are compared in any case (lower(email), as SQLite's NOCASE column); an email is one
 * person's across customers and account contacts, which no index spans, so writers of either take a transaction lock
 * on the email first: two engines cannot give one email to a customer and a contact at once.
 */
export function createPgCustomersRepo(db: PgSession, identityConnector: string | null = null): CustomersRepo {
  const identity = identityLiteral(identityConnector);
  const SELECT = `SELECT c.*, d.name AS department_name, d.cerm_customer_id AS department_cerm_id,
    (SELECT external_id FROM external_ids x WHERE x.entity_type = 'customer' AND x.entity_id = c.id AND x.connector_id = ${identity}) AS cerm_id
    FROM customers c LEFT JOIN departments d ON d.id = c.department_id`;
  const one = async (where: string, params: unknown[]) => {
    const r = await db.one<Raw>(`${SELECT} WHERE ${where}`, params);
    return r ? toRow(r) : null;
  };
  return {
    async insert(c, now) {
      const email = c.email.trim();
      return await db.transaction(async () => {
        await db.query(`SELECT pg_advisory_xact_lock(hashtextextended(lower($1), 0))`, [email]);
        if (await db.one(`SELECT 1 FROM account_contacts WHERE lower(email) = lower($1)`, [email])) throw new UniqueViolation(`the email ${email} belongs to an account contact already`);
        const row = await db.one<{ id: number }>(
          `INSERT INTO customers (email, first_name, last_name, company, phone, account_number, cost_code, department_id, origin, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id`,
          [email, c.firstName.trim(), c.lastName.trim(), c.company ?? null, c.phone ?? null, c.accountNumber ?? null, c.costCode?.trim() || null, c.departmentId ?? null, c.origin, now]);
        return row!.id;
      });
    },
    get: async (id) => await one('c.id = $1', [id]),
    byEmail: async (email) => await one('lower(c.email) = lower($1)', [email.trim()]),
    async setDepartment(id, departmentId, now) {
      await db.query(`UPDATE customers SET department_id = $2, updated_at = $3 WHERE id = $1`, [id, departmentId, now]);
    },
    async search(opts) {
      const where: string[] = [];
      const params: unknown[] = [];
      const p = (v: unknown) => `$${params.push(v)}`;
      if (opts.q) {
        const q = p(containsPattern(opts.q));
        where.push(`(c.email ILIKE ${q} ESCAPE '\\' OR c.first_name || ' ' || c.last_name ILIKE ${q} ESCAPE '\\' OR c.company ILIKE ${q} ESCAPE '\\'
          OR c.cost_code ILIKE ${q} ESCAPE '\\' OR c.account_number ILIKE ${q} ESCAPE '\\')`);
      }
      if (opts.departmentId !== undefined) where.push(`c.department_id = ${p(opts.departmentId)}`);
      if (opts.after) where.push(`c.id < ${p(opts.after)}`);
      const rows = (await db.rows<Raw>(`${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY c.id DESC LIMIT ${p(opts.limit + 1)}`, params)).map(toRow);
      const more = rows.length > opts.limit;
      const page = rows.slice(0, opts.limit);
      return { rows: page, next: more ? page[page.length - 1]!.id : null };
    },
    async cermLinks() {
      const rows = await db.rows<{ id: number; cerm_id: string }>(
        `SELECT x.entity_id AS id, x.external_id AS cerm_id FROM external_ids x WHERE x.entity_type = 'customer' AND x.connector_id = ${identity}`);
      return new Map(rows.map((r) => [r.cerm_id, r.id]));
    },
    // By CERM id in byte order (as SQLite compares text), a keyset page at a time.
    async cermLinksAfter(afterCermId, limit) {
      const rows = await db.rows<{ external_id: string; entity_id: number }>(
        `SELECT x.external_id, x.entity_id FROM external_ids x
         WHERE x.connector_id = ${identity} AND x.entity_type = 'customer' AND x.external_id COLLATE "C" > $1
         ORDER BY x.external_id COLLATE "C" LIMIT $2`, [afterCermId, limit]);
      return rows.map((r) => [r.external_id, Number(r.entity_id)] as [string, number]);
    },
    count: async () => (await db.one<{ n: number }>(`SELECT count(*) AS n FROM customers`))!.n,
    byAccountNumber: async (accountNumber) => await one('c.account_number = $1', [accountNumber.trim()]),
    async delete(id) {
      return await db.transaction(async () => {
        await db.query(`DELETE FROM external_ids WHERE entity_type = 'customer' AND entity_id = $1`, [id]);
        return (await db.changes(`DELETE FROM customers WHERE id = $1`, [id])) === 1;
      });
    },
    setPasswordHash: async (id, hash, now) =>
      (await db.changes(`UPDATE customers SET password_hash = $2, password_set_at = $3, updated_at = $4 WHERE id = $1`, [id, hash, hash === null ? null : now, now])) === 1,
    async signInOf(email) {
      const r = await db.one<{ id: number; account_number: string | null; status: Raw['status']; password_hash: string | null }>(
        `SELECT id, account_number, status, password_hash FROM customers WHERE lower(email) = lower($1)`, [email.trim()]);
      return r ? { id: r.id, accountNumber: r.account_number, status: r.status, passwordHash: r.password_hash } : null;
    },
    async putSetPasswordToken(customerId, tokenHash, expiresAt, now) {
      await db.query(
        `INSERT INTO set_password_tokens (customer_id, token_hash, expires_at, used_at, created_at) VALUES ($1, $2, $3, NULL, $4)
         ON CONFLICT (customer_id) DO UPDATE SET token_hash = excluded.token_hash, expires_at = excluded.expires_at, used_at = NULL, created_at = excluded.created_at`,
        [customerId, tokenHash, expiresAt, now]);
    },
    async setPasswordToken(tokenHash) {
      const r = await db.one<{ customer_id: number; token_hash: string; expires_at: number; used_at: number | null }>(
        `SELECT customer_id, token_hash, expires_at, used_at FROM set_password_tokens WHERE token_hash = $1`, [tokenHash]);
      return r ? { customerId: r.customer_id, tokenHash: r.token_hash, expiresAt: r.expires_at, usedAt: r.used_at } : null;
    },
    useSetPasswordToken: async (tokenHash, now) =>
      (await db.changes(`UPDATE set_password_tokens SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL`, [now, tokenHash])) === 1,
  };
}
