import type { AsyncRepo } from './serial-writer';
import * as crypto from 'node:crypto';
import type { Db } from './database';

export type RecordChange = 'created' | 'updated' | 'unchanged';

// The one-shot hash (Node 20.12+) gives the same digest without a Hash object per record, several times faster.
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'base64url') => string }).hash;

export function hashRecord(value: unknown): string {
  const text = JSON.stringify(value);
  return oneShot ? oneShot('sha1', text, 'base64url') : crypto.createHash('sha1').update(text).digest('base64url');
}

/**
 * Pull cursors and the last-seen hash of each remote record, for change detection; or, for a record whose changes come
 * as an ordered stream, the position last applied (kept in the same row, as text the connector reads back).
 */
export function createSyncStateRepo(db: Db) {
  const getCursor = db.prepare(`SELECT cursor FROM sync_cursors WHERE connector_id = ? AND task_id = ?`).pluck();
  const setCursor = db.prepare(`
    INSERT INTO sync_cursors (connector_id, task_id, cursor, updated_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (connector_id, task_id) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`);
  const cursorInfo = db.prepare(`SELECT cursor, updated_at FROM sync_cursors WHERE connector_id = ? AND task_id = ?`);
  const clearCursor = db.prepare(`DELETE FROM sync_cursors WHERE connector_id = ? AND task_id = ?`);
  const getHash = db.prepare(`SELECT hash FROM remote_records WHERE connector_id = ? AND entity_type = ? AND external_id = ?`).pluck();
  const putHash = db.prepare(`
    INSERT INTO remote_records (connector_id, entity_type, external_id, hash, seen_run_id, updated_at) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (connector_id, entity_type, external_id) DO UPDATE SET hash = excluded.hash,
      seen_run_id = excluded.seen_run_id, updated_at = excluded.updated_at`);
  const count = db.prepare(`SELECT COUNT(*) FROM remote_records WHERE connector_id = ? AND entity_type = ?`).pluck();
  const hashesOf = db.prepare(`SELECT external_id, hash FROM remote_records WHERE connector_id = ? AND entity_type = ?`).raw();
  const putHashes = db.prepare(`
    INSERT INTO remote_records (connector_id, entity_type, external_id, hash, seen_run_id, updated_at)
    SELECT ?, ?, j.value ->> 0, j.value ->> 1, ?, ? FROM json_each(?) j WHERE true
    ON CONFLICT (connector_id, entity_type, external_id) DO UPDATE SET hash = excluded.hash,
      seen_run_id = excluded.seen_run_id, updated_at = excluded.updated_at`);

  return {
    cursor(connectorId: string, taskId: string): string | null {
      return (getCursor.get(connectorId, taskId) as string | undefined) ?? null;
    },
    /** The cursor with when it was saved (null when there is none). */
    cursorInfo(connectorId: string, taskId: string): { cursor: string; updatedAt: number } | null {
      const r = cursorInfo.get(connectorId, taskId) as { cursor: string; updated_at: number } | undefined;
      return r ? { cursor: r.cursor, updatedAt: r.updated_at } : null;
    },
    /** Forgets the cursor: the next read starts from the beginning. */
    clearCursor(connectorId: string, taskId: string): boolean {
      return clearCursor.run(connectorId, taskId).changes === 1;
    },
    /** Call in the same transaction that commits the records the cursor covers. */
    setCursor(connectorId: string, taskId: string, cursor: string, now: number): void {
      setCursor.run(connectorId, taskId, cursor, now);
    },
    /** Records the record's hash and says what changed since the last time it was seen. */
    observe(connectorId: string, entityType: string, externalId: string, value: unknown, runId: number | null, now: number): RecordChange {
      const hash = hashRecord(value);
      const prev = getHash.get(connectorId, entityType, externalId) as string | undefined;
      putHash.run(connectorId, entityType, externalId, hash, runId, now);
      if (prev === undefined) return 'created';
      return prev === hash ? 'unchanged' : 'updated';
    },
    /** observe() for many records at once, in one statement, when what changed does not matter. */
    observeAll(connectorId: string, entityType: string, records: [externalId: string, value: unknown][], runId: number | null, now: number): void {
      if (records.length) putHashes.run(connectorId, entityType, runId, now, JSON.stringify(records.map(([id, v]) => [id, hashRecord(v)])));
    },
    /** Every hash last observed of one kind of record, by external id, read in one statement. */
    hashesOf(connectorId: string, entityType: string): Map<string, string> {
      return new Map(hashesOf.all(connectorId, entityType) as [string, string][]);
    },
    /** The hash last observed for a remote record, or null when it was never seen. */
    hashOf(connectorId: string, entityType: string, externalId: string): string | null {
      return (getHash.get(connectorId, entityType, externalId) as string | undefined) ?? null;
    },
    /** The position last applied of a remote record's stream (e.g. an Enquiry's newest status log), as stored. */
    position(connectorId: string, entityType: string, externalId: string): string | null {
      return (getHash.get(connectorId, entityType, externalId) as string | undefined) ?? null;
    },
    /** Call in the transaction that applies what the position covers. */
    setPosition(connectorId: string, entityType: string, externalId: string, position: string, now: number): void {
      putHash.run(connectorId, entityType, externalId, position, null, now);
    },
    count(connectorId: string, entityType: string): number {
      return count.get(connectorId, entityType) as number;
    },
  };
}

/** The repository as the store port gives it (every method answers a promise). */
export type SyncStateRepo = AsyncRepo<ReturnType<typeof createSyncStateRepo>>;
