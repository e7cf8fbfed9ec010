import type { AsyncRepo } from './serial-writer';
import type { Db } from './database';
import { containsPattern } from './like';

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

interface Raw {
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

function toRow(r: Raw): CustomerRow {
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
    INSERT INTO customers (email, first_name, last_name, company, phone, account_number, cost_code, department_id, origin, created_at, updated_at)
    VALUES (@email, @firstName, @lastName, @company, @phone, @accountNumber, @costCode, @departmentId, @origin, @now, @now)`);
  const byId = db.prepare(`${SELECT} WHERE c.id = ?`);
  const byEmail = db.prepare(`${SELECT} WHERE c.email = ?`);
  const setDept = db.prepare(`UPDATE customers SET department_id = ?, updated_at = ? WHERE id = ?`);
  const linkedToCerm = db.prepare(`
    SELECT x.entity_id AS id, x.external_id AS cerm_id FROM external_ids x
    WHERE x.entity_type = 'customer' AND x.connector_id = ${identity ?? 'NULL'}`);
  const count = db.prepare(`SELECT COUNT(*) FROM customers`).pluck();

  return {
    insert(c: NewCustomer, now: number): number {
      const info = insert.run({
        email: c.email.trim(),
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
      return Number(info.lastInsertRowid);
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
    count(): number {
      return count.get() as number;
    },
  };
}

/** The repository as the store port gives it (every method answers a promise). */
export type CustomersRepo = AsyncRepo<ReturnType<typeof createCustomersRepo>>;
