import type { LogCursor, LogEntry, LogFilter } from '../../../src-preload/contract';
import { insertParams, writtenEntry, toEntry, wordsOf, type LogRepo, type NewLogEntry, type NextAttempt, type RawLog } from '../log-repo';
import type { PgSession } from './pg-session';

// A failed job line carries the id of its job's latest line since, if any: a retry shows there, in place.
const COLUMNS = `l.id, l.ts, l.connector_id, l.action, l.entity_type, l.entity_id, l.outcome, l.message,
  l.attempt, l.job_id, l.run_id, l.dismissed::int AS dismissed, j.status AS job_status,
  CASE WHEN l.job_id IS NOT NULL AND l.outcome IN ('failure', 'validation_failure', 'dead')
    THEN (SELECT MAX(n.id) FROM integration_log n WHERE n.job_id = l.job_id AND n.id > l.id) END AS next_id`;
const FROM = 'integration_log l LEFT JOIN jobs j ON j.id = l.job_id';

/** Text as the search column keeps it: split at anything not a letter or digit, lower case, accents taken off. */
export function searchTerms(text: string): string[] {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((t) => t.length > 0);
}

/** Search text as a tsquery of prefix terms that must all match, each quoted: user input is never query syntax. */
export function searchQuery(q: string): string | null {
  const terms = wordsOf(q).flatMap(searchTerms);
  return terms.length ? terms.map((t) => `'${t}':*`).join(' & ') : null;
}

interface Where {
  sql: string;
  params: unknown[];
  search: boolean;
}

function whereOf(filter: LogFilter, cursor: LogCursor | null): Where {
  const params: unknown[] = [];
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const clauses: string[] = [];
  if (filter.connectorId) clauses.push(`l.connector_id = ${p(filter.connectorId)}`);
  const outcomes = [...new Set(filter.outcomes ?? [])];
  if (outcomes.length > 0) clauses.push(`l.outcome = ANY(${p(outcomes)}::text[])`);
  if (filter.from !== undefined) clauses.push(`l.ts >= ${p(filter.from)}`);
  if (filter.to !== undefined) clauses.push(`l.ts <= ${p(filter.to)}`);
  if (!filter.includeDismissed) clauses.push('NOT l.dismissed');
  const query = filter.q ? searchQuery(filter.q) : null;
  if (query) clauses.push(`l.search @@ to_tsquery('simple', ${p(query)})`);
  // Search results go newest written first, as SQLite's full-text index gives them; otherwise newest by time.
  if (cursor && query) clauses.push(`l.id < ${p(cursor.id)}`);
  else if (cursor) clauses.push(`(l.ts, l.id) < (${p(cursor.ts)}, ${p(cursor.id)})`);
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params, search: query !== null };
}

export function createPgLogRepo(db: PgSession): LogRepo {
  async function read(rows: RawLog[]): Promise<LogEntry[]> {
    const nextIds = rows.flatMap((r) => (r.next_id != null ? [r.next_id] : []));
    const next = new Map<number, NextAttempt>();
    if (nextIds.length) {
      for (const a of await db.rows<NextAttempt & { id: number }>(`SELECT id, ts, outcome, attempt, message FROM integration_log WHERE id = ANY($1::bigint[])`, [nextIds]))
        next.set(a.id, a);
    }
    return rows.map((r) => toEntry(r, r.next_id != null ? (next.get(r.next_id) ?? null) : null));
  }

  async function appendAll(entries: NewLogEntry[]): Promise<LogEntry[]> {
    if (entries.length === 0) return [];
    const ps = entries.map(insertParams);
    const col = <K extends keyof ReturnType<typeof insertParams>>(k: K) => ps.map((e) => e[k]);
    // One statement for the whole batch; ids come back in the order the rows were given.
    const words = ps.map((p) => searchTerms(`${p.message} ${p.action} ${p.entityId ?? ''}`).join(' '));
    const ids = await db.rows<{ id: number }>(
      `INSERT INTO integration_log (ts, connector_id, action, entity_type, entity_id, outcome, message, attempt, job_id, run_id, details, search)
       SELECT ts, connector_id, action, entity_type, entity_id, outcome, message, attempt, job_id, run_id, details,
         array_to_tsvector(string_to_array(words, ' '))
       FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[], $9::bigint[], $10::bigint[], $11::text[], $12::text[])
         WITH ORDINALITY AS e (ts, connector_id, action, entity_type, entity_id, outcome, message, attempt, job_id, run_id, details, words, n)
       ORDER BY n
       RETURNING id`,
      [col('ts'), col('connectorId'), col('action'), col('entityType'), col('entityId'), col('outcome'), col('message'), col('attempt'), col('jobId'), col('runId'), col('details'), words]);
    // Identity values are handed out in the order the rows go in: ascending ids are the rows in the order given.
    ids.sort((a, b) => a.id - b.id);
    return ps.map((p, i) => writtenEntry(ids[i]!.id, p));
  }

  async function page(filter: LogFilter, cursor: LogCursor | null, limit: number) {
    const w = whereOf(filter, cursor);
    const order = w.search ? 'l.id DESC' : 'l.ts DESC, l.id DESC';
    const rows = await db.rows<RawLog>(`SELECT ${COLUMNS} FROM ${FROM} ${w.sql} ORDER BY ${order} LIMIT $${w.params.length + 1}`, [...w.params, limit + 1]);
    const more = rows.length > limit;
    const entries = await read(rows.slice(0, limit));
    const last = entries[entries.length - 1];
    return { entries, nextCursor: more && last ? { ts: last.ts, id: last.id } : null };
  }

  return {
    append: async (e) => (await appendAll([e]))[0]!,
    callerInTransaction: () => db.inTransaction,
    appendInOpenTransaction: async (e) => (db.inTransaction ? (await appendAll([e]))[0]! : null),
    appendBatch: async (entries) => await db.transaction(async () => await appendAll(entries)),
    // The search column is written with its row, in the writer's transaction: there is never anything to catch up.
    indexPending: async () => 0,
    unindexed: async () => 0,
    page,
    async *iterate(filter: LogFilter, chunk = 1000) {
      let cursor: LogCursor | null = null;
      do {
        const next: Awaited<ReturnType<typeof page>> = await page(filter, cursor, chunk);
        yield* next.entries;
        cursor = next.nextCursor;
      } while (cursor);
    },
    async get(id) {
      const r = await db.one<RawLog>(`SELECT ${COLUMNS}, l.details FROM ${FROM} WHERE l.id = $1`, [id]);
      return r ? { ...(await read([r]))[0]!, details: r.details ?? null } : null;
    },
    async forEntity(entityType, entityId, limit) {
      return await read(await db.rows<RawLog>(
        `SELECT ${COLUMNS} FROM ${FROM} WHERE l.entity_type = $1 AND l.entity_id = $2 ORDER BY l.ts DESC, l.id DESC LIMIT $3`, [entityType, entityId, limit]));
    },
    dismiss: async (id) => (await db.changes(`UPDATE integration_log SET dismissed = true WHERE id = $1`, [id])) === 1,
    dismissForJob: async (jobId) => await db.changes(
      `UPDATE integration_log SET dismissed = true WHERE job_id = $1 AND outcome IN ('failure', 'validation_failure', 'dead')`, [jobId]),
    async appendMany(entries) {
      await appendAll(entries);
    },
  };
}
