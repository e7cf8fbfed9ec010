import type { AsyncRepo } from './serial-writer';
import type { Db } from './database';
import type { ErrorAction, ErrorAttempt, ErrorCounts, ErrorCursor, ErrorFilter, ErrorGroup, ReasonKind } from '../../src-preload/contract';

/** One failure of a record: opens its group (or adds to it, reopening a resolved one). */
export interface NewFailure {
  connectorId: string;
  entityType: string | null;
  entityId: string;
  source: string;
  reason: string;
  reasonKind: ReasonKind;
  ts: number;
  jobId?: number | null;
  runId?: number | null;
  attempt?: number | null;
}

/** A record a run or job handled without failing: its open group, if any, is resolved by it. */
export interface RecordSuccess {
  entityType: string | null;
  entityId: string;
}

export interface RawGroup {
  id: number;
  connector_id: string;
  entity_type: string;
  entity_id: string;
  source: string;
  status: 'open' | 'resolved';
  reason: string;
  reason_kind: ReasonKind;
  failures: number;
  first_failed_at: number;
  last_failed_at: number;
  last_job_id: number | null;
  last_run_id: number | null;
  resolved_at: number | null;
  resolved_by: string | null;
  resolution_note: string | null;
}

export const toGroup = (r: RawGroup): ErrorGroup => ({
  id: r.id,
  connectorId: r.connector_id,
  entityType: r.entity_type,
  entityId: r.entity_id,
  source: r.source,
  status: r.status,
  reason: r.reason,
  reasonKind: r.reason_kind,
  failures: r.failures,
  firstFailedAt: r.first_failed_at,
  lastFailedAt: r.last_failed_at,
  lastJobId: r.last_job_id,
  lastRunId: r.last_run_id,
  resolvedAt: r.resolved_at,
  resolvedBy: r.resolved_by,
  resolutionNote: r.resolution_note,
});

/** Failures kept inside one group: a record failing for months keeps its latest ones. */
export const MAX_ATTEMPTS_KEPT = 200;

/** The filter (and the page's cursor) as SQL; `p` names each value as the store's driver wants it. */
export function whereOf(filter: ErrorFilter, cursor: ErrorCursor | null, p: (value: unknown) => string): string {
  const clauses = [`status = ${p(filter.status)}`];
  if (filter.connectorId) clauses.push(`connector_id = ${p(filter.connectorId)}`);
  if (filter.source) clauses.push(`source = ${p(filter.source)}`);
  if (filter.reasonKind) clauses.push(`reason_kind = ${p(filter.reasonKind)}`);
  if (filter.from !== undefined) clauses.push(`last_failed_at >= ${p(filter.from)}`);
  if (filter.to !== undefined) clauses.push(`last_failed_at <= ${p(filter.to)}`);
  if (cursor) {
    const ts = p(cursor.ts);
    clauses.push(`(last_failed_at < ${ts} OR (last_failed_at = ${ts} AND id < ${p(cursor.id)}))`);
  }
  return clauses.join(' AND ');
}

export type RawAttempt = { id: number; ts: number; job_id: number | null; run_id: number | null; attempt: number | null; reason: string };
export const toAttempt = (r: RawAttempt): ErrorAttempt => ({ id: r.id, ts: r.ts, jobId: r.job_id, runId: r.run_id, attempt: r.attempt, reason: r.reason });

export const toAction = (r: Record<string, unknown>): ErrorAction => ({
  id: r.id as number,
  ts: r.ts as number,
  action: r.action as ErrorAction['action'],
  actor: r.actor as string,
  note: r.note as string | null,
  jobId: r.job_id as number | null,
  originalPayload: r.original_payload as string | null,
  newPayload: r.new_payload as string | null,
});

/** The open groups per connector and source, summed. */
export function countsOf(bySource: { connectorId: string; source: string; open: number }[]): Omit<ErrorCounts, 'inDoubt'> {
  const byConnector: Record<string, number> = {};
  let open = 0;
  for (const r of bySource) {
    byConnector[r.connectorId] = (byConnector[r.connectorId] ?? 0) + r.open;
    open += r.open;
  }
  return { open, byConnector, bySource };
}

/** Named parameters for SQLite (@p0, @p1, ...), gathered into `params`. */
function named(params: Record<string, unknown>): (value: unknown) => string {
  return (value) => {
    const name = `p${Object.keys(params).length}`;
    params[name] = value;
    return `@${name}`;
  };
}

export function createErrorsRepo(db: Db) {
  const upsert = db.prepare(`
    INSERT INTO error_groups (connector_id, entity_type, entity_id, source, status, reason, reason_kind, failures,
      first_failed_at, last_failed_at, last_job_id, last_run_id)
    VALUES (@connectorId, @entityType, @entityId, @source, 'open', @reason, @reasonKind, 1, @ts, @ts, @jobId, @runId)
    ON CONFLICT (connector_id, entity_type, entity_id) DO UPDATE SET
      source = excluded.source, reason = excluded.reason, reason_kind = excluded.reason_kind,
      failures = CASE WHEN status = 'resolved' THEN 1 ELSE failures + 1 END,
      first_failed_at = CASE WHEN status = 'resolved' THEN excluded.first_failed_at ELSE first_failed_at END,
      last_failed_at = excluded.last_failed_at,
      last_job_id = COALESCE(excluded.last_job_id, last_job_id), last_run_id = COALESCE(excluded.last_run_id, last_run_id),
      status = 'open', resolved_at = NULL, resolved_by = NULL, resolution_note = NULL
    RETURNING id`).pluck();
  const addAttempt = db.prepare(`INSERT INTO error_attempts (group_id, ts, job_id, run_id, attempt, reason) VALUES (@groupId, @ts, @jobId, @runId, @attempt, @reason)`);
  const trimAttempts = db.prepare(`
    DELETE FROM error_attempts WHERE group_id = @groupId AND id <= (
      SELECT id FROM error_attempts WHERE group_id = @groupId ORDER BY id DESC LIMIT 1 OFFSET ${MAX_ATTEMPTS_KEPT})`);
  const resolveRecord = db.prepare(`
    UPDATE error_groups SET status = 'resolved', resolved_at = @ts, resolved_by = @by, resolution_note = NULL
    WHERE connector_id = @connectorId AND entity_type = @entityType AND entity_id = @entityId AND status = 'open'
    RETURNING id`).pluck();
  const resolveId = db.prepare(`
    UPDATE error_groups SET status = 'resolved', resolved_at = @ts, resolved_by = @by, resolution_note = @note
    WHERE id = @id AND status = 'open'`);
  const addAction = db.prepare(`
    INSERT INTO error_actions (group_id, ts, action, actor, note, job_id, original_payload, new_payload)
    VALUES (@groupId, @ts, @action, @actor, @note, @jobId, @originalPayload, @newPayload)`);
  const anyOpen = db.prepare(`SELECT 1 FROM error_groups WHERE connector_id = ? AND status = 'open' LIMIT 1`).pluck();
  const get = db.prepare(`SELECT * FROM error_groups WHERE id = ?`);
  const attempts = db.prepare(`SELECT id, ts, job_id, run_id, attempt, reason FROM error_attempts WHERE group_id = ? ORDER BY id DESC LIMIT 100`);
  const actions = db.prepare(`SELECT * FROM error_actions WHERE group_id = ? ORDER BY id DESC LIMIT 100`);
  const openBySource = db.prepare(`SELECT connector_id, source, COUNT(*) AS n FROM error_groups WHERE status = 'open' GROUP BY connector_id, source ORDER BY connector_id, source`);
  const pageStatements = new Map<string, ReturnType<Db['prepare']>>();
  const statement = (sql: string) => {
    let st = pageStatements.get(sql);
    if (!st) pageStatements.set(sql, (st = db.prepare(sql)));
    return st;
  };

  return {
    /** Call in the transaction that records the failure. Returns the group's id. */
    noteFailure(f: NewFailure): number {
      const groupId = upsert.get({
        connectorId: f.connectorId,
        entityType: f.entityType ?? '',
        entityId: f.entityId,
        source: f.source,
        reason: f.reason.slice(0, 2000),
        reasonKind: f.reasonKind,
        ts: f.ts,
        jobId: f.jobId ?? null,
        runId: f.runId ?? null,
      }) as number;
      const added = addAttempt.run({ groupId, ts: f.ts, jobId: f.jobId ?? null, runId: f.runId ?? null, attempt: f.attempt ?? null, reason: f.reason.slice(0, 2000) });
      if (Number(added.lastInsertRowid) % 50 === 0) trimAttempts.run({ groupId });
      return groupId;
    },

    /**
     * Resolves the open groups of records that succeeded, by `by` ("run 12", "job 40"), with a history line each.
     * Returns how many were resolved. A connector with no open error costs one indexed read.
     */
    resolveRecords(connectorId: string, records: RecordSuccess[], by: string, ts: number): number {
      if (records.length === 0 || anyOpen.get(connectorId) === undefined) return 0;
      let n = 0;
      for (const r of records) {
        const id = resolveRecord.get({ connectorId, entityType: r.entityType ?? '', entityId: r.entityId, by, ts }) as number | undefined;
        if (id === undefined) continue;
        addAction.run({ groupId: id, ts, action: 'auto_resolve', actor: by, note: null, jobId: null, originalPayload: null, newPayload: null });
        n++;
      }
      return n;
    },

    /** Staff resolve one open group (with an optional note). */
    resolve(id: number, actor: string, note: string | null, ts: number): boolean {
      if (resolveId.run({ id, ts, by: actor, note }).changes !== 1) return false;
      addAction.run({ groupId: id, ts, action: 'resolve', actor, note, jobId: null, originalPayload: null, newPayload: null });
      return true;
    },

    addAction(a: Omit<ErrorAction, 'id' | 'note' | 'jobId' | 'originalPayload' | 'newPayload'> & Partial<Pick<ErrorAction, 'note' | 'jobId' | 'originalPayload' | 'newPayload'>> & { groupId: number }): void {
      addAction.run({ groupId: a.groupId, ts: a.ts, action: a.action, actor: a.actor, note: a.note ?? null, jobId: a.jobId ?? null, originalPayload: a.originalPayload ?? null, newPayload: a.newPayload ?? null });
    },

    get(id: number): ErrorGroup | null {
      const r = get.get(id) as RawGroup | undefined;
      return r ? toGroup(r) : null;
    },

    attempts: (id: number): ErrorAttempt[] => (attempts.all(id) as RawAttempt[]).map(toAttempt),

    actions: (id: number): ErrorAction[] => (actions.all(id) as Record<string, unknown>[]).map(toAction),

    /** Newest failure first, keyset-paged; total counts up to `countCap`. */
    page(filter: ErrorFilter, cursor: ErrorCursor | null, limit: number, countCap: number): { groups: ErrorGroup[]; nextCursor: ErrorCursor | null; total: number } {
      const params: Record<string, unknown> = {};
      const where = whereOf(filter, cursor, named(params));
      const rows = statement(`SELECT * FROM error_groups WHERE ${where} ORDER BY last_failed_at DESC, id DESC LIMIT ${Math.floor(limit) + 1}`).all(params) as RawGroup[];
      const groups = rows.slice(0, limit).map(toGroup);
      const last = groups[groups.length - 1];
      const countParams: Record<string, unknown> = {};
      const all = whereOf(filter, null, named(countParams));
      const total = statement(`SELECT COUNT(*) FROM (SELECT 1 FROM error_groups WHERE ${all} LIMIT ${Math.floor(countCap)})`).pluck().get(countParams) as number;
      return { groups, nextCursor: rows.length > limit && last ? { ts: last.lastFailedAt, id: last.id } : null, total };
    },

    /** The ids of the groups a filter matches, newest first, at most `limit`. */
    idsMatching(filter: ErrorFilter, limit: number): number[] {
      const params: Record<string, unknown> = {};
      const where = whereOf(filter, null, named(params));
      return statement(`SELECT id FROM error_groups WHERE ${where} ORDER BY last_failed_at DESC, id DESC LIMIT ${Math.floor(limit)}`).pluck().all(params) as number[];
    },

    counts: (): Omit<ErrorCounts, 'inDoubt'> =>
      countsOf((openBySource.all() as { connector_id: string; source: string; n: number }[]).map((r) => ({ connectorId: r.connector_id, source: r.source, open: r.n }))),
  };
}

export type ErrorsRepo = AsyncRepo<ReturnType<typeof createErrorsRepo>>;
