import type { AsyncRepo } from './serial-writer';
import type { Db } from './database';
import { createConfigCache, type ConfigCache } from './config-cache';
import type { ReferenceDef } from '../../src-preload/contract';

export interface RawDef {
  id: number;
  name: string;
  show_on_case: number;
}

export const toDef = (r: RawDef): ReferenceDef => ({ id: r.id, name: r.name, showOnCase: r.show_on_case === 1 });

export interface CaseReferenceRow {
  referenceId: number;
  name: string;
  value: string | null;
  updatedAt: number | null;
}

/** Reference definitions and the Enquiry numbers cases hold in them. */
export function createReferencesRepo(db: Db, cache: ConfigCache = createConfigCache()) {
  const list = db.prepare(`SELECT * FROM reference_defs ORDER BY name`);
  const get = db.prepare(`SELECT * FROM reference_defs WHERE id = ?`);
  const insert = db.prepare(`INSERT INTO reference_defs (name, show_on_case, created_at) VALUES (?, ?, ?)`);
  const update = db.prepare(`UPDATE reference_defs SET name = ?, show_on_case = ? WHERE id = ?`);
  const ofCase = db.prepare(`SELECT d.id AS reference_id, d.name, r.value, r.updated_at FROM reference_defs d
    LEFT JOIN case_references r ON r.reference_id = d.id AND r.case_id = ? ORDER BY d.name`);
  const value = db.prepare(`SELECT value FROM case_references WHERE case_id = ? AND reference_id = ?`).pluck();
  const set = db.prepare(`INSERT INTO case_references (case_id, reference_id, value, updated_at) VALUES (@caseId, @referenceId, @value, @now)
    ON CONFLICT (case_id, reference_id) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`);
  const caseOf = db.prepare(`SELECT case_id FROM case_references WHERE reference_id = ? AND value = ?`).pluck();
  // Through the (reference_id, value) index, one probe per Reference definition, instead of scanning every row.
  const holding = db.prepare(`SELECT reference_id, case_id FROM case_references WHERE reference_id IN (SELECT id FROM reference_defs) AND value = ?`);

  return {
    list: (): ReferenceDef[] => (list.all() as RawDef[]).map(toDef),
    get(id: number): ReferenceDef | null {
      const r = get.get(id) as RawDef | undefined;
      return r ? toDef(r) : null;
    },
    insert(name: string, showOnCase: boolean, now: number): number {
      cache.clear();
      return Number(insert.run(name, showOnCase ? 1 : 0, now).lastInsertRowid);
    },
    /** A renamed Reference renames it in every cached template view. */
    update(id: number, name: string, showOnCase: boolean): boolean {
      cache.clear();
      return update.run(name, showOnCase ? 1 : 0, id).changes === 1;
    },
    ofCase: (caseId: number): CaseReferenceRow[] =>
      (ofCase.all(caseId) as { reference_id: number; name: string; value: string | null; updated_at: number | null }[]).map((r) => ({
        referenceId: r.reference_id,
        name: r.name,
        value: r.value,
        updatedAt: r.updated_at,
      })),
    valueOf: (caseId: number, referenceId: number): string | null => (value.get(caseId, referenceId) as string | undefined) ?? null,
    set: (caseId: number, referenceId: number, v: string, now: number): void => void set.run({ caseId, referenceId, value: v, now }),
    caseHolding: (referenceId: number, v: string): number | null => (caseOf.get(referenceId, v) as number | undefined) ?? null,
    /** Every (reference, case) holding this Enquiry number. */
    holders: (v: string): { referenceId: number; caseId: number }[] =>
      (holding.all(v) as { reference_id: number; case_id: number }[]).map((r) => ({ referenceId: r.reference_id, caseId: r.case_id })),
  };
}

/** The repository as the store port gives it (every method answers a promise). */
export type ReferencesRepo = AsyncRepo<ReturnType<typeof createReferencesRepo>>;
