import { toRow, type DepartmentsRepo, type Raw } from '../departments-repo';
import type { PgSession } from './pg-session';

const SELECT = `SELECT d.*, cc.name AS cerm_name, cc.cost_code AS cerm_cost_code,
  (SELECT count(*) FROM customers c WHERE c.department_id = d.id) AS members
  FROM departments d LEFT JOIN cerm_customers cc ON cc.cerm_id = d.cerm_customer_id`;

/** Departments on PostgreSQL: names unique and ordered in any case (lower(name), as SQLite's NOCASE). */
export function createPgDepartmentsRepo(db: PgSession): DepartmentsRepo {
  return {
    list: async () => (await db.rows<Raw>(`${SELECT} ORDER BY lower(d.name), d.id`)).map(toRow),
    async get(id) {
      const r = await db.one<Raw>(`${SELECT} WHERE d.id = $1`, [id]);
      return r ? toRow(r) : null;
    },
    create: async (name, description, now) =>
      (await db.one<{ id: number }>(`INSERT INTO departments (name, description, created_at, updated_at) VALUES ($1, $2, $3, $3) RETURNING id`, [name.trim(), description, now]))!.id,
    update: async (id, name, description, now) =>
      (await db.changes(`UPDATE departments SET name = $2, description = $3, updated_at = $4 WHERE id = $1`, [id, name.trim(), description, now])) === 1,
    linkCerm: async (id, cermCustomerId, now) =>
      (await db.changes(`UPDATE departments SET cerm_customer_id = $2, updated_at = $3 WHERE id = $1`, [id, cermCustomerId, now])) === 1,
    // The auto-link rule: a CERM customer with this cost code, linked to a department.
    async forCostCode(costCode) {
      const rows = await db.rows<{ id: number; name: string; cerm_id: string }>(
        `SELECT d.id, d.name, cc.cerm_id FROM cerm_customers cc JOIN departments d ON d.cerm_customer_id = cc.cerm_id
         WHERE lower(cc.cost_code) = lower($1) ORDER BY d.id`, [costCode.trim()]);
      return rows.map((r) => ({ id: r.id, name: r.name, cermId: r.cerm_id }));
    },
  };
}
