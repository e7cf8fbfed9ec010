import { toDef, type ReferencesRepo, type RawDef } from '../references-repo';
import type { PgSession } from './pg-session';
import { NO_CONFIG_CACHE, type PgConfigCache } from './pg-config-cache';

/**
 * Reference definitions and the Enquiry numbers cases hold in them, on PostgreSQL. Names are unique and ordered in any
 * case as SQLite's NOCASE has them: ASCII letters folded, then byte order (lower(name COLLATE "C")).
 */
export function createPgReferencesRepo(db: PgSession, cache: PgConfigCache = NO_CONFIG_CACHE): ReferencesRepo {
  return {
    list: async () => (await db.rows<RawDef>(`SELECT * FROM reference_defs ORDER BY lower(name COLLATE "C")`)).map(toDef),
    async get(id) {
      const r = await db.one<RawDef>(`SELECT * FROM reference_defs WHERE id = $1`, [id]);
      return r ? toDef(r) : null;
    },
    // Written through the cache: a Reference's name is in every kept template view.
    insert: async (name, showOnCase, now) =>
      (await cache.write(db, () => db.one<{ id: number }>(`INSERT INTO reference_defs (name, show_on_case, created_at) VALUES ($1, $2, $3) RETURNING id`, [name, showOnCase ? 1 : 0, now])))!.id,
    update: async (id, name, showOnCase) =>
      (await cache.write(db, () => db.changes(`UPDATE reference_defs SET name = $2, show_on_case = $3 WHERE id = $1`, [id, name, showOnCase ? 1 : 0]))) === 1,
    async ofCase(caseId) {
      const rows = await db.rows<{ reference_id: number; name: string; value: string | null; updated_at: number | null }>(
        `SELECT d.id AS reference_id, d.name, r.value, r.updated_at FROM reference_defs d
         LEFT JOIN case_references r ON r.reference_id = d.id AND r.case_id = $1 ORDER BY lower(d.name COLLATE "C")`, [caseId]);
      return rows.map((r) => ({ referenceId: r.reference_id, name: r.name, value: r.value, updatedAt: r.updated_at }));
    },
    valueOf: async (caseId, referenceId) =>
      (await db.one<{ value: string }>(`SELECT value FROM case_references WHERE case_id = $1 AND reference_id = $2`, [caseId, referenceId]))?.value ?? null,
    async set(caseId, referenceId, value, now) {
      await db.query(
        `INSERT INTO case_references (case_id, reference_id, value, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (case_id, reference_id) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`, [caseId, referenceId, value, now]);
    },
    caseHolding: async (referenceId, value) =>
      (await db.one<{ case_id: number }>(`SELECT case_id FROM case_references WHERE reference_id = $1 AND value = $2`, [referenceId, value]))?.case_id ?? null,
    // A join from the few definitions probes the (reference_id, value) index once each, instead of reading every row.
    async holders(value) {
      const rows = await db.rows<{ reference_id: number; case_id: number }>(
        `SELECT r.reference_id, r.case_id FROM reference_defs d JOIN case_references r ON r.reference_id = d.id AND r.value = $1
         ORDER BY r.reference_id`, [value]);
      return rows.map((r) => ({ referenceId: r.reference_id, caseId: r.case_id }));
    },
  };
}
