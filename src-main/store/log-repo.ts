import type { AsyncRepo } from './serial-writer';
import type { Db } from './database';
import type { LogCursor, LogEntry, LogEntryDetail, LogFilter, Outcome } from '../../src-preload/contract';

export interface NewLogEntry {
  ts: number;
  connectorId: string;
  action: string;
  entityType?: string | null;
  entityId?: string | null;
  outcome: Outcome;
  message: string;
  attempt?: number | null;
  jobId?: number | null;
  runId?: number | null;
  /** Request/response excerpt, already redacted by the caller. */
  details?: string | null;
}

export interface RawLog {
  id: number;
  ts: number;
  connector_id: string;
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  outcome: Outcome;
  message: string;
  attempt: number | null;
  job_id: number | null;
  run_id: number | null;
  details?: string | null;
  dismissed: number;
  job_status?: string | null;
  next_id?: number | null;
}

export type NextAttempt = NonNullable<LogEntry['nextAttempt']>;

export const FAILED: ReadonlySet<Outcome> = new Set(['failure', 'validation_failure', 'dead']);

export function toEntry(r: RawLog, next: NextAttempt | null = null): LogEntry {
  const waiting = r.job_status === 'pending' || r.job_status === 'running';
  const entry: LogEntry = {
    id: r.id,
    ts: r.ts,
    connectorId: r.connector_id,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    outcome: r.outcome,
    message: r.message,
    attempt: r.attempt,
    jobId: r.job_id,
    runId: r.run_id,
    dismissed: r.dismissed === 1,
    // Retry re-queues a job that has given up, or re-runs the task of a failed run.
    retryable:
      r.dismissed === 0 &&
      FAILED.has(r.outcome) &&
      next === null &&
      (r.job_id !== null ? r.job_status === 'failed' || r.job_status === 'dead' : r.run_id !== null),
  };
  if (next) entry.nextAttempt = next;
    // A job's dead or validation_failure line is written as the job gives up, so a job waiting again was retried.
  // (A 'failure' line's job may wait because its connection paused: that is no retry.)
  else if (r.job_id !== null && r.dismissed === 0 && (r.outcome === 'dead' || r.outcome === 'validation_failure') && waiting && r.next_id == null) entry.retryQueued = true;
  return entry;
}

/** The words of a search, at most 8, without quotes (user input is never FTS syntax). */
export function wordsOf(q: string): string[] {
  return q
    .split(/\s+/)
    .map((t) => t.replace(/"/g, '').trim())
    .filter((t) => t.length > 0)
    .slice(0, 8);
}

/** Turns free text into an FTS5 query of quoted prefix terms, so user input is never FTS syntax. */
export function ftsQuery(q: string): string | null {
  const terms = wordsOf(q);
  if (terms.length === 0) return null;
  return terms.map((t) => `"${t}"*`).join(' ');
}

/** A prefix stands for at most this many whole words before the search falls back to FTS5's own prefix query. */
const MAX_EXPANSION = 16;

/**
 * The FTS5 query for free text, each word given as the whole indexed words it is a prefix of (`"sent"` or
 * `("sent" OR "sentence")`): FTS5 walks such a query newest first and stops at the page size, while a prefix query
 * gathers every match first (a common word in a million rows: tens of milliseconds). Same rows as the prefix query:
 * the word list is the index's own. `wordsWith(prefix, max)` lists indexed words with that prefix, in order; null
 * answers "no row can match".
 */
export function expandedQuery(q: string, wordsWith: (prefix: string, max: number) => string[]): string | null | undefined {
  const words = wordsOf(q);
  if (words.length === 0) return undefined;
  const parts: string[] = [];
  for (const w of words) {
    const lower = w.toLowerCase();
    // Only plain ASCII letters and digits are one token folded the way the tokenizer folds them; others stay prefixes.
    if (!/^[a-z0-9]+$/.test(lower)) {
      parts.push(`"${w}"*`);
      continue;
    }
    const found = wordsWith(lower, MAX_EXPANSION + 1);
    if (found.length === 0) return null;
    if (found.length > MAX_EXPANSION) parts.push(`"${lower}"*`);
    else parts.push(found.length === 1 ? `"${found[0]}"` : `(${found.map((t) => `"${t}"`).join(' OR ')})`);
  }
  return parts.join(' AND ');
}

/** A value's tokens as a phrase at the start of one column of the search index (an exact comparison goes with it). */
function startPhrase(column: 'entity_id' | 'connector_id' | 'outcome', value: string): string {
  return `${column} : ^"${value.replaceAll('"', '""')}"`;
}

/** The search query for the lines about one entity id: its tokens as a phrase at the start of the entity_id column. */
export function entityPhrase(entityId: string): string {
  return startPhrase('entity_id', entityId);
}

/** The columns free text is searched in (the connector and outcome columns are for the filters). */
const TEXT_COLUMNS = '{message action entity_id}';

/**
 * The search index's query for a filter: the text (already expanded to whole words) in the text columns, the connector
 * and the outcomes as phrases in their own columns; null when the filter needs no index. The exact comparisons in
 * WHERE stay: the phrases only find the candidates, newest first.
 */
export function indexQuery(filter: Pick<LogFilter, 'connectorId' | 'outcomes'>, text: string | null | undefined): string | null {
  const parts: string[] = [];
  if (text) parts.push(`${TEXT_COLUMNS} : (${text})`);
  if (filter.connectorId) parts.push(startPhrase('connector_id', filter.connectorId));
  const outcomes = [...new Set(filter.outcomes ?? [])];
  if (outcomes.length === 1) parts.push(startPhrase('outcome', outcomes[0]!));
  else if (outcomes.length > 1) parts.push(`(${outcomes.map((o) => startPhrase('outcome', o)).join(' OR ')})`);
  return parts.length ? parts.join(' AND ') : null;
}

/** The first string after every string that starts with an ASCII prefix. */
const pastPrefix = (prefix: string) => prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);

interface WhereParts {
  sql: string;
  params: Record<string, unknown>;
  fts: boolean;
}

function whereOf(filter: LogFilter, cursor: LogCursor | null, fts: string | null): WhereParts {
  const clauses: string[] = [];
  const params: Record<string, unknown> = {};
  if (filter.connectorId) {
    clauses.push('l.connector_id = @connectorId');
    params.connectorId = filter.connectorId;
  }
  if (filter.outcomes && filter.outcomes.length > 0) {
    const names = filter.outcomes.map((o, i) => {
      params[`o${i}`] = o;
      return `@o${i}`;
    });
    clauses.push(`l.outcome IN (${names.join(', ')})`);
  }
  if (filter.from !== undefined) {
    clauses.push('l.ts >= @from');
    params.from = filter.from;
  }
  if (filter.to !== undefined) {
    clauses.push('l.ts <= @to');
    params.to = filter.to;
  }
  if (!filter.includeDismissed) clauses.push('l.dismissed = 0');
  if (fts) {
    clauses.push('integration_log_fts MATCH @fts');
    params.fts = fts;
  }
  if (cursor && fts) {
    // Search walks the full-text index newest-written first, so its keyset is the row id. The id arrives as a JS
    // number (bound as REAL): FTS5 seeks only on an INTEGER bound and would otherwise walk down from the newest match.
    clauses.push('f.rowid < CAST(@cid AS INTEGER)');
    params.cid = cursor.id;
  } else if (cursor) {
    // Keyset: strictly older than the last row shown, on the (ts, id) order of the indexes.
    clauses.push('(l.ts < @cts OR (l.ts = @cts AND l.id < @cid))');
    params.cts = cursor.ts;
    params.cid = cursor.id;
  }
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params, fts: fts !== null };
}

/**
 * FROM and ORDER BY for a page. With search text, a connector or outcomes the full-text index drives (newest written
 * first, reading only as many matches as the page needs); otherwise the (ts, id) index does.
 */
function sourceOf(fts: boolean): { from: string; order: string } {
  return fts
    ? { from: 'integration_log_fts f JOIN integration_log l ON l.id = f.rowid LEFT JOIN jobs j ON j.id = l.job_id', order: 'f.rowid DESC' }
    : { from: 'integration_log l LEFT JOIN jobs j ON j.id = l.job_id', order: 'l.ts DESC, l.id DESC' };
}

/** The line as written, with its new id (both stores answer an append with it). */
export function writtenEntry(id: number, p: ReturnType<typeof insertParams>): LogEntry {
  return {
    id,
    ts: p.ts,
    connectorId: p.connectorId,
    action: p.action,
    entityType: p.entityType,
    entityId: p.entityId,
    outcome: p.outcome,
    message: p.message,
    attempt: p.attempt,
    jobId: p.jobId,
    runId: p.runId,
    dismissed: false,
    // A job's failed, validation_failure or dead line is written with the job's final state (failed or dead, so
    // retryable); a 'failure' line of a job means the connection paused and the job still waits.
    retryable: FAILED.has(p.outcome) && (p.jobId !== null ? p.outcome !== 'failure' : p.runId !== null),
  };
}

export function insertParams(e: NewLogEntry) {
  return {
    ts: e.ts,
    connectorId: e.connectorId,
    action: e.action,
    entityType: e.entityType ?? null,
    entityId: e.entityId ?? null,
    outcome: e.outcome,
    message: e.message,
    attempt: e.attempt ?? null,
    jobId: e.jobId ?? null,
    runId: e.runId ?? null,
    details: e.details ?? null,
  };
}

// A failed job line carries the id of its job's latest line since, if any: a retry shows there, in place.
const COLUMNS = `l.id, l.ts, l.connector_id, l.action, l.entity_type, l.entity_id, l.outcome, l.message,
  l.attempt, l.job_id, l.run_id, l.dismissed, j.status AS job_status,
  CASE WHEN l.job_id IS NOT NULL AND l.outcome IN ('failure', 'validation_failure', 'dead')
    THEN (SELECT MAX(n.id) FROM integration_log n WHERE n.job_id = l.job_id AND n.id > l.id) END AS next_id`;

export function createLogRepo(db: Db) {
  const insert = db.prepare(`
    INSERT INTO integration_log (ts, connector_id, action, entity_type, entity_id, outcome, message, attempt, job_id, run_id, details)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const byId = db.prepare(`SELECT ${COLUMNS}, l.details FROM integration_log l LEFT JOIN jobs j ON j.id = l.job_id WHERE l.id = ?`);
  const dismiss = db.prepare(`UPDATE integration_log SET dismissed = 1 WHERE id = ?`);
  const attemptById = db.prepare(`SELECT id, ts, outcome, attempt, message FROM integration_log WHERE id = ?`);
  const read = (r: RawLog): LogEntry => toEntry(r, r.next_id != null ? ((attemptById.get(r.next_id) as NextAttempt | undefined) ?? null) : null);
  // A record's lines: those not yet in the search index (the newest, few), then the index's entity_id column, newest
  // first. The phrase anchored at the column's first token finds the id and ids that start with its tokens; the exact
  // comparison keeps the id itself.
  const entityWhere = 'l.entity_type = @type AND l.entity_id = @id';
  const forEntityUnindexed = db.prepare(`SELECT ${COLUMNS} FROM integration_log l LEFT JOIN jobs j ON j.id = l.job_id
    WHERE l.id > (SELECT indexed_upto FROM log_search_progress WHERE id = 1) AND ${entityWhere} ORDER BY l.id DESC LIMIT @limit`);
  const forEntityIndexed = db.prepare(`SELECT ${COLUMNS} FROM integration_log_fts f JOIN integration_log l ON l.id = f.rowid
    LEFT JOIN jobs j ON j.id = l.job_id
    WHERE integration_log_fts MATCH @phrase AND ${entityWhere}
    ORDER BY f.rowid DESC LIMIT @limit`);
  // An id with no letter or digit has no token to look up: such a record's lines are read by a scan.
  const forEntityScanned = db.prepare(`SELECT ${COLUMNS} FROM integration_log l LEFT JOIN jobs j ON j.id = l.job_id
    WHERE ${entityWhere} ORDER BY l.id DESC LIMIT @limit`);
  const dismissJob = db.prepare(`UPDATE integration_log SET dismissed = 1 WHERE job_id = ? AND outcome IN ('failure', 'validation_failure', 'dead')`);
  const pageCache = new Map<string, ReturnType<Db['prepare']>>();
  const indexedUpto = db.prepare(`SELECT indexed_upto FROM log_search_progress WHERE id = 1`).pluck();
  const lastId = db.prepare(`SELECT MAX(id) FROM integration_log`).pluck();
  const lastOfBatch = db.prepare(`SELECT MAX(id) FROM (SELECT id FROM integration_log WHERE id > @upto ORDER BY id LIMIT @limit)`).pluck();
  const indexBatch = db.prepare(`INSERT INTO integration_log_fts (rowid, message, action, entity_id, connector_id, outcome)
    SELECT id, message, action, entity_id, connector_id, outcome FROM integration_log WHERE id > @upto AND id <= @last`);
  const setIndexedUpto = db.prepare(`UPDATE log_search_progress SET indexed_upto = ? WHERE id = 1`);
  // One occurrence of the first indexed word at or after a string: a seek, however many rows hold that word.
  const wordFrom = db.prepare(`SELECT term FROM integration_log_fts_terms WHERE term >= ? AND term < ? LIMIT 1`).pluck();

  function wordsWith(prefix: string, max: number): string[] {
    const end = pastPrefix(prefix);
    const out: string[] = [];
    // No word holds U+0001 (it separates tokens), so word + U+0001 is the first string after the word and its longer forms.
    for (let w = wordFrom.get(prefix, end) as string | undefined; w !== undefined && out.length < max; w = wordFrom.get(`${w}\u0001`, end) as string | undefined) out.push(w);
    return out;
  }

  /** Adds up to `limit` log lines written since the last call to the search index, in one transaction (short enough that a contract call waiting behind it is not held up long). */
  function indexPending(limit = 1_000): number {
    return db.transaction(() => {
      const upto = indexedUpto.get() as number;
      const last = lastOfBatch.get({ upto, limit }) as number | null;
      if (last === null) return 0;
      const n = indexBatch.run({ upto, last }).changes;
      setIndexedUpto.run(last);
      return n;
    })();
  }

  // Positional: binding by name costs a lookup per parameter, on the one statement every job and run writes.
  const insertRow = (p: ReturnType<typeof insertParams>) => insert.run(p.ts, p.connectorId, p.action, p.entityType, p.entityId, p.outcome, p.message, p.attempt, p.jobId, p.runId, p.details);

  function appendOne(e: NewLogEntry): LogEntry {
    const p = insertParams(e);
    return writtenEntry(Number(insertRow(p).lastInsertRowid), p);
  }

  function stmt(sql: string) {
    let s = pageCache.get(sql);
    if (!s) {
      s = db.prepare(sql);
      if (pageCache.size > 200) pageCache.clear();
      pageCache.set(sql, s);
    }
    return s;
  }

  return {
    /** Inserts and returns the entry as page() would show it, without reading it back (this runs for every action). */
    append(e: NewLogEntry): LogEntry {
      return appendOne(e);
    },

    /**
     * Inserts the entry when the caller is inside an open transaction (it commits with the caller's change); answers
     * null otherwise, and nothing is written. A caller outside any transaction only gets the connection once no
     * transaction is open, so `inTransaction` here means "the caller's own".
     */
    appendInOpenTransaction(e: NewLogEntry): LogEntry | null {
      return db.inTransaction ? appendOne(e) : null;
    },

    /** Inserts the entries in one transaction (one commit for all: group commit of writers that came together). */
    appendBatch(entries: NewLogEntry[]): LogEntry[] {
      return db.transaction(() => entries.map(appendOne))();
    },

    indexPending,

    /** Log lines not yet in the search index. */
    unindexed(): number {
      const last = (lastId.get() as number | null) ?? 0;
      return Math.max(0, last - (indexedUpto.get() as number));
    },

    page(filter: LogFilter, cursor: LogCursor | null, limit: number): { entries: LogEntry[]; nextCursor: LogCursor | null } {
      const searching = Boolean(filter.q?.trim());
      // Search reads the index's words, so the lines written since the indexer last ran go in first: it misses nothing.
      if (searching) while (indexPending() > 0);
      const text = searching ? expandedQuery(filter.q!, wordsWith) : undefined;
      if (text === null) return { entries: [], nextCursor: null };
      const fts = indexQuery(filter, text);
      let rows: RawLog[];
      if (fts && !searching) {
        // The connector and outcome filters read the lines not yet indexed by a scan (the newest: few, except while the
        // index is rebuilt), then the index below them, both by id, newest first: a filter never waits for the indexer.
        const upto = indexedUpto.get() as number;
        const pending = whereOf(filter, null, null);
        const below = cursor ? ' AND l.id < CAST(@cid AS INTEGER)' : '';
        const newest = cursor && cursor.id <= upto ? [] : (stmt(`SELECT ${COLUMNS} FROM integration_log l LEFT JOIN jobs j ON j.id = l.job_id
          ${pending.sql ? `${pending.sql} AND` : 'WHERE'} l.id > @upto${below} ORDER BY l.id DESC LIMIT @limit`).all({ ...pending.params, upto, ...(cursor ? { cid: cursor.id } : {}), limit: limit + 1 }) as RawLog[]);
        const w = whereOf(filter, cursor, fts);
        const older = newest.length > limit ? [] : (stmt(`SELECT ${COLUMNS} FROM ${sourceOf(true).from} ${w.sql} AND f.rowid <= @upto ORDER BY f.rowid DESC LIMIT @limit`).all({ ...w.params, upto, limit: limit + 1 - newest.length }) as RawLog[]);
        rows = [...newest, ...older];
      } else {
        const w = whereOf(filter, cursor, fts);
        const src = sourceOf(w.fts);
        rows = stmt(`SELECT ${COLUMNS} FROM ${src.from} ${w.sql} ORDER BY ${src.order} LIMIT @limit`).all({ ...w.params, limit: limit + 1 }) as RawLog[];
      }
      const more = rows.length > limit;
      const entries = rows.slice(0, limit).map(read);
      const last = entries[entries.length - 1];
      return { entries, nextCursor: more && last ? { ts: last.ts, id: last.id } : null };
    },

    /**
     * The filtered view, newest first, for export: read in keyset chunks, so no statement stays open while the
     * writer waits (an open better-sqlite3 cursor would block every other write on this connection).
     */
    *iterate(filter: LogFilter, chunk = 1000): Generator<LogEntry> {
      let cursor: LogCursor | null = null;
      do {
        const page = this.page(filter, cursor, chunk);
        yield* page.entries;
        cursor = page.nextCursor;
      } while (cursor);
    },

    get(id: number): LogEntryDetail | null {
      const r = byId.get(id) as RawLog | undefined;
      return r ? { ...read(r), details: r.details ?? null } : null;
    },

    /** The entries about one record (a customer's page). */
    forEntity(entityType: string, entityId: string, limit: number): LogEntry[] {
      const args = { type: entityType, id: entityId, limit };
      if (!/[\p{L}\p{N}]/u.test(entityId)) return (forEntityScanned.all(args) as RawLog[]).map(read);
      const newest = forEntityUnindexed.all(args) as RawLog[];
      const older = newest.length < limit ? (forEntityIndexed.all({ ...args, phrase: entityPhrase(entityId), limit: limit - newest.length }) as RawLog[]) : [];
      return [...newest, ...older].map(read);
    },

    dismiss(id: number): boolean {
      return dismiss.run(id).changes === 1;
    },

    dismissForJob(jobId: number): number {
      return dismissJob.run(jobId).changes;
    },

    /** Bulk insert for benchmarks and seeding: one transaction per call, indexed for search in the same one. */
    appendMany(entries: NewLogEntry[]): void {
      db.transaction(() => {
        for (const e of entries) insertRow(insertParams(e));
        indexPending(entries.length);
      })();
    },
  };
}

/** The repository as the store port gives it (every method answers a promise). */
export type LogRepo = AsyncRepo<ReturnType<typeof createLogRepo>> & {
  /**
   * Answered at once, from the caller's async context: whether it runs inside the store's open transaction (where
   * `appendInOpenTransaction` writes). A line written outside one needs no turn of the writer to find that out.
   */
  callerInTransaction(): boolean;
};
