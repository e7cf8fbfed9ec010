import type { AsyncRepo } from './serial-writer';
import type { Db } from './database';
import { createConfigCache, type ConfigCache } from './config-cache';
import type { MappingRow, TemplateType, TemplateView } from '../../src-preload/contract';

export interface Raw {
  id: number;
  name: string;
  type: TemplateType;
  reference_id: number;
  reference_name: string;
  rows_json: string;
  updated_at: number;
}

// Subquery rather than JOIN, and small result sets sorted in JS rather than by SQLite's sorter: both cost SQLite more
// per call (tens of µs) than the rows themselves, and incoming updates read templates on every update.
const SELECT = `SELECT t.*, (SELECT d.name FROM reference_defs d WHERE d.id = t.reference_id) AS reference_name FROM mapping_templates t`;

export const toView = (r: Raw): TemplateView => ({
  id: r.id,
  name: r.name,
  type: r.type,
  referenceId: r.reference_id,
  referenceName: r.reference_name,
  rows: JSON.parse(r.rows_json) as MappingRow[],
  updatedAt: r.updated_at,
});

export interface TemplateInput {
  name: string;
  type: TemplateType;
  referenceId: number;
  rows: MappingRow[];
}

export function createTemplatesRepo(db: Db, cache: ConfigCache = createConfigCache()) {
  const list = db.prepare(`${SELECT} ORDER BY t.name`);
  const all = db.prepare(SELECT);
  /** Every template by id, read once until one changes (templates are few and read on every job). */
  const byId = () => cache.get('templates', () => new Map((all.all() as Raw[]).map((r) => [r.id, toView(r)])));
  const insert = db.prepare(`INSERT INTO mapping_templates (name, type, reference_id, rows_json, created_at, updated_at)
    VALUES (@name, @type, @referenceId, @rows, @now, @now)`);
  const update = db.prepare(`UPDATE mapping_templates SET name = @name, type = @type, reference_id = @referenceId, rows_json = @rows,
    updated_at = @now WHERE id = @id`);
  const remove = db.prepare(`DELETE FROM mapping_templates WHERE id = ?`);

  const params = (t: TemplateInput, now: number) => ({ name: t.name, type: t.type, referenceId: t.referenceId, rows: JSON.stringify(t.rows), now });

  return {
    list: (): TemplateView[] => (list.all() as Raw[]).map(toView),
    /** Frozen: shared by every reader until the template changes. */
    get: (id: number): TemplateView | null => byId().get(id) ?? null,
    /** The templates of one type for a Reference, oldest first (incoming ones all apply, in that order). Frozen. */
    ofReference: (referenceId: number, type: TemplateType): TemplateView[] =>
      [...byId().values()].filter((t) => t.referenceId === referenceId && t.type === type).sort((a, b) => a.id - b.id),
    insert(t: TemplateInput, now: number): number {
      cache.clear();
      return Number(insert.run(params(t, now)).lastInsertRowid);
    },
    update(id: number, t: TemplateInput, now: number): boolean {
      cache.clear();
      return update.run({ ...params(t, now), id }).changes === 1;
    },
    /** Its rules go with it (ON DELETE CASCADE). */
    delete(id: number): boolean {
      cache.clear();
      return remove.run(id).changes === 1;
    },
  };
}

/** The repository as the store port gives it (every method answers a promise). */
export type TemplatesRepo = AsyncRepo<ReturnType<typeof createTemplatesRepo>>;
