import { isClosed, toView, type CaseInput, type CasesRepo, type Raw } from '../cases-repo';
import { containsPattern } from '../like';
import type { PgSession } from './pg-session';

const SELECT = `SELECT c.*, (SELECT trim(p.first_name || ' ' || p.last_name) FROM customers p WHERE p.id = c.person_id) AS person_name
  FROM cases c`;

// As SQLite's LIKE: ASCII letters in any case, every other character as written, whatever the database's locale.
const matches = (column: string, param: string) => `${column} COLLATE "C" ILIKE ${param} ESCAPE '\\'`;

const fields = (c: CaseInput) => [c.title, c.description, c.status, JSON.stringify(c.values), c.personId, c.address ? JSON.stringify(c.address) : null, c.dueAt];

/** Service cases on PostgreSQL: keyset pages newest first, closed from the first resolve or close until reopened. */
export function createPgCasesRepo(db: PgSession): CasesRepo {
  return {
    async get(id) {
      const r = await db.one<Raw>(`${SELECT} WHERE c.id = $1`, [id]);
      return r ? toView(r) : null;
    },
    async page(opts) {
      const where: string[] = [];
      const params: unknown[] = [];
      const p = (v: unknown) => `$${params.push(v)}`;
      if (opts.after !== null) where.push(`c.id < ${p(opts.after)}`);
      if (opts.q) {
        const q = p(containsPattern(opts.q));
        where.push(`(${matches('c.title', q)} OR ${matches('c.description', q)})`);
      }
      const rows = (await db.rows<Raw>(`${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY c.id DESC LIMIT ${p(opts.limit + 1)}`, params)).map(toView);
      const more = rows.length > opts.limit;
      if (more) rows.pop();
      return { rows, next: more ? rows[rows.length - 1]!.id : null };
    },
    insert: async (c, now) =>
      (await db.one<{ id: number }>(
        `INSERT INTO cases (title, description, status, values_json, person_id, address_json, due_at, closed_at, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`, [...fields(c), isClosed(c.status) ? now : null, now]))!.id,
    update: async (id, c, now) =>
      (await db.changes(
        `UPDATE cases SET title = $2, description = $3, status = $4, values_json = $5, person_id = $6, address_json = $7, due_at = $8,
           closed_at = CASE WHEN $9 THEN coalesce(closed_at, $10) ELSE NULL END, updated_at = $10 WHERE id = $1`,
        [id, ...fields(c), isClosed(c.status), now])) === 1,
    /** What an incoming Enquiry update may change: field values and the status. */
    applyIncoming: async (id, status, values, now) =>
      (await db.changes(
        `UPDATE cases SET status = $2, values_json = $3, closed_at = CASE WHEN $4 THEN coalesce(closed_at, $5) ELSE NULL END, updated_at = $5
         WHERE id = $1`, [id, status, JSON.stringify(values), isClosed(status), now])) === 1,
  };
}
