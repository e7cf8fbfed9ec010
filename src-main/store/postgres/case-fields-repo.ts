import type { CaseFieldsRepo, CaseFieldInput, Raw } from '../case-fields-repo';
import { toDef } from '../case-fields-repo';
import type { PgSession } from './pg-session';
import { NO_CONFIG_CACHE, type PgConfigCache } from './pg-config-cache';

const params = (f: Omit<CaseFieldInput, 'key'>) => [f.label, f.kind, JSON.stringify(f.options), f.required ? 1 : 0, f.position];

/** Case fields on PostgreSQL; the list is kept in memory (`cache`: dropped when any engine changes a field). */
export function createPgCaseFieldsRepo(db: PgSession, cache: PgConfigCache = NO_CONFIG_CACHE): CaseFieldsRepo {
  return {
    /** Frozen, and read once until a field changes: every job and incoming update reads them. */
    list: async () => await cache.get('case-fields', async () => (await db.rows<Raw>(`SELECT * FROM case_fields ORDER BY position, id`)).map(toDef)),
    async get(id) {
      const r = await db.one<Raw>(`SELECT * FROM case_fields WHERE id = $1`, [id]);
      return r ? toDef(r) : null;
    },
    insert: async (f, now) => (await cache.write(db, () => db.one<{ id: number }>(
      `INSERT INTO case_fields (key, label, kind, options_json, required, position, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [f.key, ...params(f), now])))!.id,
    // The key never changes once created: placeholders and mappings name it.
    update: async (id, f) => (await cache.write(db, () => db.changes(
      `UPDATE case_fields SET label = $2, kind = $3, options_json = $4, required = $5, position = $6 WHERE id = $1`, [id, ...params(f)]))) === 1,
  };
}
