import type { AsyncRepo } from './serial-writer';
import type { Db } from './database';
import type { FieldChange, RecordChangePage, RecordChangeView } from '../../src-preload/contract';

/** One field's change, and the staff edit (waiting to be pushed to the system of record) it overwrote, if any. */
export interface FieldChangeIn extends FieldChange {
  lostEditId?: number | null;
}

/** Who made a change: the connector, the task id, job kind or route, and the run (null for a push). */
export interface ChangeOrigin {
  connectorId: string;
  source: string;
  runId: number | null;
}

/** One update of one record, with the fields it changed. */
export interface RecordUpdate extends ChangeOrigin {
  entityType: string;
  entityId: string;
  changes: FieldChangeIn[];
  at: number;
}

export interface Raw {
  id: number;
  connector_id: string;
  entity_type: string;
  entity_id: string;
  run_id: number | null;
  source: string;
  field: string;
  old_value: string | null;
  new_value: string | null;
  at: number;
  lost_edit_id: number | null;
}

const toView = (r: Raw): RecordChangeView => ({
  id: r.id,
  connectorId: r.connector_id,
  entityType: r.entity_type,
  entityId: r.entity_id,
  runId: r.run_id,
  source: r.source,
  field: r.field,
  from: r.old_value,
  to: r.new_value,
  at: r.at,
  lostEditId: r.lost_edit_id,
});

export function paged(rows: Raw[], limit: number): RecordChangePage {
  const more = rows.length > limit;
  const changes = rows.slice(0, limit).map(toView);
  return { changes, nextCursor: more ? changes[changes.length - 1]!.id : null };
}

/** Field-level diffs of every update a sync makes, read by run and by record. */
/** Changes by record key ("type/id"), each record's in the rows' order. */
export function byRecordKey(rows: readonly Raw[]): Map<string, FieldChange[]> {
  const out = new Map<string, FieldChange[]>();
  for (const r of rows) {
    const key = `${r.entity_type}/${r.entity_id}`;
    const list = out.get(key) ?? [];
    list.push({ field: r.field, from: r.old_value, to: r.new_value });
    out.set(key, list);
  }
  return out;
}

export function createRecordChangesRepo(db: Db) {
  // One statement for a whole batch of updates (a run flushes hundreds at once).
  const insert = db.prepare(`
    INSERT INTO record_changes (connector_id, entity_type, entity_id, run_id, source, field, old_value, new_value, at, lost_edit_id)
    SELECT j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4, j.value ->> 5, j.value ->> 6, j.value ->> 7, j.value ->> 8, j.value ->> 9
    FROM json_each(?) j`);
  const ofRun = db.prepare(`SELECT * FROM record_changes WHERE run_id = @runId AND id > @after ORDER BY id LIMIT @limit`);
  const ofRunRecords = db.prepare(`
    SELECT * FROM record_changes WHERE run_id = ? AND (entity_type, entity_id) IN (SELECT j.value ->> 0, j.value ->> 1 FROM json_each(?) j) ORDER BY id`);
  const ofRecords = db.prepare(`
    SELECT c.* FROM json_each(@records) k CROSS JOIN record_changes c
    WHERE c.entity_type = k.value ->> 0 AND c.entity_id = k.value ->> 1 AND (@before = 0 OR c.id < @before)
    ORDER BY c.id DESC LIMIT @limit`);

  return {
    /** Call in the transaction that applies the updates, or right after it with the run's items. */
    add(updates: RecordUpdate[]): number {
      const rows = updates.flatMap((u) => u.changes.map((c) => [u.connectorId, u.entityType, u.entityId, u.runId, u.source, c.field, c.from, c.to, u.at, c.lostEditId ?? null]));
      if (rows.length === 0) return 0;
      return insert.run(JSON.stringify(rows)).changes;
    },
    ofRun(runId: number, after: number, limit: number): RecordChangePage {
      return paged(ofRun.all({ runId, after, limit: limit + 1 }) as Raw[], limit);
    },
    /** A run's changes to the given records, by record key ("type/id"), for the run's items. */
    ofRunRecords(runId: number, records: { entityType: string; entityId: string }[]): Map<string, FieldChange[]> {
      const out = new Map<string, FieldChange[]>();
      if (records.length === 0) return out;
      return byRecordKey(ofRunRecords.all(runId, JSON.stringify(records.map((r) => [r.entityType, r.entityId]))) as Raw[]);
    },
    /** Newest first; `before` is the last page's cursor (0 for the first page). */
    ofRecords(records: { entityType: string; entityId: string }[], before: number, limit: number): RecordChangePage {
      const keys = JSON.stringify(records.map((r) => [r.entityType, r.entityId]));
      return paged(ofRecords.all({ records: keys, before, limit: limit + 1 }) as Raw[], limit);
    },
  };
}

/** The repository as the store port gives it (every method answers a promise). */
export type RecordChangesRepo = AsyncRepo<ReturnType<typeof createRecordChangesRepo>>;
