import type { AsyncRepo } from './serial-writer';
import type { Db } from './database';

export interface DepartmentRow {
  id: number;
  name: string;
  description: string | null;
  cermCustomerId: string | null;
  cermCustomerName: string | null;
  cermCostCode: string | null;
  members: number;
  createdAt: number;
  updatedAt: number;
}

const SELECT = `SELECT d.*, cc.name AS cerm_name, cc.cost_code AS cerm_cost_code,
  (SELECT COUNT(*) FROM customers c WHERE c.department_id = d.id) AS members
  FROM departments d LEFT JOIN cerm_customers cc ON cc.cerm_id = d.cerm_customer_id`;

export interface Raw {
  id: number;
  name: string;
  description: string | null;
  cerm_customer_id: string | null;
  cerm_name: string | null;
  cerm_cost_code: string | null;
  members: number;
  created_at: number;
  updated_at: number;
}

export function toRow(r: Raw): DepartmentRow {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    cermCustomerId: r.cerm_customer_id,
    cermCustomerName: r.cerm_name,
    cermCostCode: r.cerm_cost_code,
    members: r.members,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function createDepartmentsRepo(db: Db) {
  const list = db.prepare(`${SELECT} ORDER BY d.name COLLATE NOCASE`);
  const get = db.prepare(`${SELECT} WHERE d.id = ?`);
  const insert = db.prepare(`INSERT INTO departments (name, description, created_at, updated_at) VALUES (?, ?, ?, ?)`);
  const update = db.prepare(`UPDATE departments SET name = ?, description = ?, updated_at = ? WHERE id = ?`);
  const link = db.prepare(`UPDATE departments SET cerm_customer_id = ?, updated_at = ? WHERE id = ?`);
  // The auto-link rule: a CERM customer with this cost code, linked to a department.
  const byCostCode = db.prepare(`
    SELECT d.id, d.name, cc.cerm_id FROM cerm_customers cc JOIN departments d ON d.cerm_customer_id = cc.cerm_id
    WHERE cc.cost_code = ? COLLATE NOCASE ORDER BY d.id`);
  return {
    list: (): DepartmentRow[] => (list.all() as Raw[]).map(toRow),
    get(id: number): DepartmentRow | null {
      const r = get.get(id) as Raw | undefined;
      return r ? toRow(r) : null;
    },
    create(name: string, description: string | null, now: number): number {
      return Number(insert.run(name.trim(), description, now, now).lastInsertRowid);
    },
    update(id: number, name: string, description: string | null, now: number): boolean {
      return update.run(name.trim(), description, now, id).changes === 1;
    },
    linkCerm(id: number, cermCustomerId: string | null, now: number): boolean {
      return link.run(cermCustomerId, now, id).changes === 1;
    },
    forCostCode(costCode: string): { id: number; name: string; cermId: string }[] {
      return (byCostCode.all(costCode.trim()) as { id: number; name: string; cerm_id: string }[]).map((r) => ({ id: r.id, name: r.name, cermId: r.cerm_id }));
    },
  };
}

/** The repository as the store port gives it (every method answers a promise). */
export type DepartmentsRepo = AsyncRepo<ReturnType<typeof createDepartmentsRepo>>;
