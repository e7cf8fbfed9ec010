import type { AsyncRepo } from './serial-writer';
import type { Db } from './database';
import { createConfigCache, type ConfigCache } from './config-cache';
import type { CaseFieldDef } from '../../src-preload/contract';

export interface Raw {
  id: number;
  key: string;
  label: string;
  kind: CaseFieldDef['kind'];
  options_json: string;
  required: number;
  position: number;
}

export function toDef(r: Raw): CaseFieldDef {
  return { id: r.id, key: r.key, label: r.label, kind: r.kind, options: JSON.parse(r.options_json) as string[], required: r.required === 1, position: r.position };
}

export type CaseFieldInput = Omit<CaseFieldDef, 'id'>;

export function createCaseFieldsRepo(db: Db, cache: ConfigCache = createConfigCache()) {
  // Sorted in JS: a handful of rows, read on every incoming update, and SQLite's sorter costs more than they do.
  const list = db.prepare(`SELECT * FROM case_fields`);
  const get = db.prepare(`SELECT * FROM case_fields WHERE id = ?`);
  const insert = db.prepare(`INSERT INTO case_fields (key, label, kind, options_json, required, position, created_at)
    VALUES (@key, @label, @kind, @options, @required, @position, @now)`);
  // The key never changes once created: placeholders and mappings name it.
  const update = db.prepare(`UPDATE case_fields SET label = @label, kind = @kind, options_json = @options, required = @required,
    position = @position WHERE id = @id`);

  const params = (f: CaseFieldInput) => ({ key: f.key, label: f.label, kind: f.kind, options: JSON.stringify(f.options), required: f.required ? 1 : 0, position: f.position });

  return {
    /** Frozen, and read once until a field changes: every job and incoming update reads them. */
    list: (): CaseFieldDef[] => cache.get('case-fields', () => (list.all() as Raw[]).sort((a, b) => a.position - b.position || a.id - b.id).map(toDef)),
    get(id: number): CaseFieldDef | null {
      const r = get.get(id) as Raw | undefined;
      return r ? toDef(r) : null;
    },
    insert(f: CaseFieldInput, now: number): number {
      cache.clear();
      return Number(insert.run({ ...params(f), now }).lastInsertRowid);
    },
    update(id: number, f: Omit<CaseFieldInput, 'key'>): boolean {
      cache.clear();
      return update.run({ ...params({ ...f, key: '' }), id }).changes === 1;
    },
  };
}

/** The repository as the store port gives it (every method answers a promise). */
export type CaseFieldsRepo = AsyncRepo<ReturnType<typeof createCaseFieldsRepo>>;
