// The integration log at scale, on real SQLite files: lines written through the engine's log (many writers at once, as
// jobs and runs write it) against the smallest program writing the same rows with the same durability, alternated
// rounds with medians; then a log of N rows paged and searched as the Integration Log screen asks; then retention
// cleanup of the older half while the screen pages. A contract call every 10 ms runs throughout.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createCore } from '../core/create-core';
import { createRetention } from '../ops/retention';
import { createMemoryCredentialStore } from '../secrets/memory-credential-store';
import type { NewLogEntry } from '../store/log-repo';
import type { CleanupResult, LogCursor, Outcome } from '../../src-preload/contract';
import type { BenchResult } from './bench-types';
import { figuresOf, median, startProbe } from './contract-probe';
import { profilePhase, seconds } from './measure';
import { measureBulkRetry, quietWindow } from './log-bulk-retry';

const OUTCOMES: Outcome[] = ['success', 'success', 'success', 'success', 'retrying', 'failure', 'validation_failure', 'dead'];
const CONNECTORS = ['cerm', 'accounting', 'erp', 'confirm'];
const WORDS = ['customer', 'address', 'enquiry', 'account', 'department', 'invoice', 'price', 'contact'];
const ROUNDS = 3;
/** Failures Retry all takes at once (the Errors screen's bulk limit). */
const BULK_FAILURES = 5_000;
const DAY = 86_400_000;
/** The log spans twice the default retention (90 days): cleanup takes the older half. */
const SPAN_MS = 180 * DAY;

type Line = Omit<NewLogEntry, 'ts'> & { ts: number };

function lineOf(i: number, rows: number, start: number): Line {
  return {
    ts: start + Math.floor((i * SPAN_MS) / rows),
    connectorId: CONNECTORS[i % 4]!,
    action: `push:${WORDS[i % 8]}`,
    entityType: WORDS[(i >> 3) % 8]!,
    entityId: `E${(i * 7919) % 1_000_003}`,
    outcome: OUTCOMES[(i * 31) % OUTCOMES.length]!,
    message: `${WORDS[i % 8]} ${i} sent to ${CONNECTORS[i % 4]}: ${i % 97 === 0 ? 'timeout waiting for answer' : 'ok'}`,
    attempt: 1 + (i % 3),
  };
}

/** `writers` loops at once, each writing its share of [from, to) one line after another, awaiting each. */
async function concurrently(writers: number, from: number, to: number, write: (i: number) => Promise<unknown>): Promise<number> {
  let next = from;
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (next < to) await write(next++);
    }),
  );
  return seconds(t0);
}

/**
 * The limit: a plain table of the same columns, one prepared INSERT per line, the same durability (WAL,
 * synchronous=FULL, a writer goes on only once its line is committed) and so the same group commit of the writers
 * waiting together; no secondary index, no search index.
 */
function rawLog(file: string) {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE log (id INTEGER PRIMARY KEY, ts INTEGER NOT NULL, connector_id TEXT NOT NULL, action TEXT NOT NULL, entity_type TEXT,
    entity_id TEXT, outcome TEXT NOT NULL, message TEXT NOT NULL, attempt INTEGER, job_id INTEGER, run_id INTEGER, details TEXT, dismissed INTEGER NOT NULL DEFAULT 0) STRICT`);
  const insert = db.prepare(`INSERT INTO log (ts, connector_id, action, entity_type, entity_id, outcome, message, attempt, job_id, run_id, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const commit = db.transaction((lines: Line[]) => {
    for (const l of lines) insert.run(l.ts, l.connectorId, l.action, l.entityType ?? null, l.entityId ?? null, l.outcome, l.message, l.attempt ?? null, l.jobId ?? null, l.runId ?? null, l.details ?? null);
  });
  let group: { line: Line; done: () => void }[] = [];
  return {
    write(line: Line): Promise<void> {
      return new Promise((done) => {
        if (group.length === 0)
          setImmediate(() => {
            const g = group;
            group = [];
            commit(g.map((m) => m.line));
            for (const m of g) m.done();
          });
        group.push({ line, done });
      });
    },
    close: () => db.close(),
  };
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Median of `repeat` timed calls (after one untimed call), in ms; each call in a turn of its own, as requests come. */
async function timeIt(fn: () => Promise<unknown>, repeat: number): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < repeat; i++) {
    await nextTurn();
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

const r2 = (x: number) => Math.round(x * 100) / 100;

export async function runLogScenario(args: { rows: number; writeRows: number; writers: number }): Promise<BenchResult> {
  const { rows, writeRows, writers } = args;
  if (!Number.isInteger(rows) || rows < 10_000) throw new Error('--rows must be a whole number of at least 10,000');
  if (!Number.isInteger(writeRows) || writeRows < 1000 || writeRows * ROUNDS > rows) throw new Error(`--write-rows must be a whole number from 1,000 to a third of --rows (${ROUNDS} rounds each)`);
  if (!Number.isInteger(writers) || writers < 1 || writers > 10_000) throw new Error('--writers must be a whole number from 1 to 10,000');
  const dir = mkdtempSync(join(tmpdir(), 'syncdesk-bench-log-'));
  const core = await createCore({
    mode: 'headless',
    dataDir: join(dir, 'data'),
    launch: { port: 0, listenerPort: 0, sandbox: false, listenerHost: '127.0.0.1' },
    connectors: [],
    credentials: createMemoryCredentialStore({}, 'memory (bench)'),
  });
  const raw = rawLog(join(dir, 'raw.db'));
  const { repos, log } = core.services;
  const start = Date.now() - SPAN_MS;
  const page = async (input: object) => {
    const r = await core.dispatch('log:page', input as never);
    if (!r.ok) throw new Error(`log:page: ${r.error.message}`);
    return r.data as { entries: { id: number; ts: number }[]; nextCursor: LogCursor | null };
  };
  const probe = startProbe(() => page({ limit: 100 }));
  try {
    // ---- writes: the engine's log and the raw limit, alternated rounds of writeRows lines each -------------------------
    const engineRounds: number[] = [];
    const indexRounds: number[] = [];
    const limitRounds: number[] = [];
    let written = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const from = written;
      const engineWrites = () => concurrently(writers, from, from + writeRows, (i) => log.write(lineOf(i, rows, start)));
      engineRounds.push(await (round === 0 ? profilePhase('log-write', engineWrites) : engineWrites()));
      // Search indexes what is pending before it reads: this is how long the written lines wait to be findable.
      const t0 = process.hrtime.bigint();
      while ((await repos.log.indexPending()) > 0);
      indexRounds.push(seconds(t0));
      limitRounds.push(await concurrently(writers, from, from + writeRows, (i) => raw.write(lineOf(i, rows, start))));
      written += writeRows;
    }
    raw.close();
    const writeLatencies = probe.take();

    // ---- the rest of the N rows, in bulk (seeding, one transaction per 20,000 with the search index) ------------------
    const fillStart = process.hrtime.bigint();
    for (let i = written; i < rows; ) {
      const batch: NewLogEntry[] = [];
      for (const end = Math.min(rows, i + 20_000); i < end; i++) batch.push(lineOf(i, rows, start));
      await repos.log.appendMany(batch);
      await nextTurn();
    }
    const fillS = seconds(fillStart);
    probe.take();

    // ---- pages and searches as the screen asks for them --------------------------------------------------------------
    const mid = (await repos.log.page({}, null, 100)).entries.at(-1)!;
    const half = Math.floor(rows / 2);
    const deep = { ts: lineOf(half, rows, start).ts, id: half };
    const pages = {
      first_page_ms: await timeIt(() => repos.log.page({}, null, 100), 20),
      next_page_ms: await timeIt(() => repos.log.page({}, { ts: mid.ts, id: mid.id }, 100), 20),
      middle_page_ms: await timeIt(() => repos.log.page({}, deep, 100), 20),
      connector_filter_ms: await timeIt(() => repos.log.page({ connectorId: 'erp' }, deep, 100), 20),
      failures_filter_ms: await timeIt(() => repos.log.page({ outcomes: ['failure', 'dead'] }, null, 100), 20),
      date_range_ms: await timeIt(() => repos.log.page({ from: deep.ts - 3_600_000, to: deep.ts }, null, 100), 20),
      search_ms: await timeIt(() => repos.log.page({ q: 'timeout' }, null, 100), 9),
      // A word in every row: the full-text index must still read only one page of matches.
      search_common_ms: await timeIt(() => repos.log.page({ q: 'sent' }, null, 100), 9),
      search_common_prefix_ms: await timeIt(() => repos.log.page({ q: 'sen' }, null, 100), 9),
      search_common_deep_ms: await timeIt(() => repos.log.page({ q: 'sent' }, deep, 100), 9),
      search_two_words_ms: await timeIt(() => repos.log.page({ q: 'sent erp' }, null, 100), 9),
      search_with_filter_ms: await timeIt(() => repos.log.page({ q: 'timeout', outcomes: ['failure', 'dead'] }, null, 100), 9),
    };
    // The call in flight when the reads end belongs to them.
    await new Promise((resolve) => setTimeout(resolve, 30));
    const readLatencies = probe.take();
    const quiet = await quietWindow(probe);

    // ---- retention: the older half goes, while the screen pages every 10 ms -------------------------------------------
    const t0 = process.hrtime.bigint();
    // ops:cleanup's retention, told of each batch: how long each step held (or waited for) the writer.
    const batches = new Map<string, number[]>();
    const retention = createRetention({
      repos,
      databaseFile: core.services.paths.database,
      now: Date.now,
      onBatch: (step, ms) => batches.set(step, [...(batches.get(step) ?? []), ms]),
    });
    const cleaned: CleanupResult = await profilePhase('log-cleanup', () => retention.run());
    const cleanupS = seconds(t0);
    const cleanupLatencies = await probe.stop();
    const left = (await repos.maintenance.counts()).log;
    if (left + cleaned.logDeleted !== rows) throw new Error(`cleanup deleted ${cleaned.logDeleted} lines and left ${left}, of ${rows}`);
    const bulk = await measureBulkRetry(core, BULK_FAILURES, () => page({ limit: 100 }));

    const engineS = median(engineRounds);
    const indexS = median(indexRounds);
    const limitS = median(limitRounds);
    const api = figuresOf([...writeLatencies, ...readLatencies]);
    const during = figuresOf(cleanupLatencies);
    const json = {
      scenario: 'log',
      rows,
      write_rows: writeRows,
      writers,
      engine_s: r2(engineS),
      index_behind_s: r2(indexS),
      limit_s: r2(limitS),
      ratio_to_limit: r2(engineS / limitS),
      ratio_to_limit_searchable: r2((engineS + indexS) / limitS),
      engine_rows_per_s: Math.round(writeRows / engineS),
      limit_rows_per_s: Math.round(writeRows / limitS),
      engine_rounds_s: engineRounds.map(r2),
      limit_rounds_s: limitRounds.map(r2),
      fill_s: Math.round(fillS * 10) / 10,
      ...Object.fromEntries(Object.entries(pages).map(([k, v]) => [k, r2(v)])),
      api_p50_ms: api.p50_ms,
      api_p99_ms: api.p99_ms,
      api_calls: api.calls,
      cleanup_s: r2(cleanupS),
      cleanup_deleted: cleaned.logDeleted,
      cleanup_batches: cleaned.batches,
      cleanup_page_p50_ms: during.p50_ms,
      cleanup_page_p99_ms: during.p99_ms,
      cleanup_page_max_ms: during.max_ms,
      cleanup_pages: during.calls,
      quiet_page_p50_ms: quiet.p50_ms,
      quiet_page_p99_ms: quiet.p99_ms,
      quiet_page_max_ms: quiet.max_ms,
      cleanup_batch_ms: Object.fromEntries([...batches].map(([step, ms]) => [step, figuresOf(ms)])),
      ...bulk,
    };
    return {
      title: `Integration log: ${rows.toLocaleString('en')} rows, pages of 100; writes by ${writers} writers at once, ${ROUNDS} alternated rounds of ${writeRows.toLocaleString('en')} lines (medians)`,
      table: [
        ['write: engine (median)', `${json.engine_s} s (${json.engine_rows_per_s.toLocaleString('en')} lines/s), rounds ${json.engine_rounds_s.join(' / ')}`],
        ['write: limit, plain table, same durability (median)', `${json.limit_s} s (${json.limit_rows_per_s.toLocaleString('en')} lines/s), rounds ${json.limit_rounds_s.join(' / ')}`],
        ['write: engine / limit (goal ≤ 2)', `${json.ratio_to_limit}`],
        ['search index catching up after a round (median)', `${json.index_behind_s} s; (engine + index) / limit ${json.ratio_to_limit_searchable}`],
        ['bulk fill of the rest (seeding)', `${json.fill_s} s`],
        ...Object.entries(pages).map(([k, v]): [string, string] => [k, `${v.toFixed(2)} ms`]),
        ['contract call every 10 ms during writes and reads: p50 / p99 (goal p99 < 50)', `${json.api_p50_ms} / ${json.api_p99_ms} ms over ${json.api_calls} calls`],
        ['retention cleanup of the older half', `${json.cleanup_s} s, ${json.cleanup_deleted.toLocaleString('en')} lines in ${json.cleanup_batches} batches`],
        ['page every 10 ms during cleanup: p50 / p99 / max', `${json.cleanup_page_p50_ms} / ${json.cleanup_page_p99_ms} / ${json.cleanup_page_max_ms} ms over ${json.cleanup_pages} pages`],
        ['page every 10 ms with nothing else going on: p50 / p99 / max', `${json.quiet_page_p50_ms} / ${json.quiet_page_p99_ms} / ${json.quiet_page_max_ms} ms over ${quiet.calls} pages`],
        ...[...batches.keys()].map((step): [string, string] => {
          const f = json.cleanup_batch_ms[step]!;
          return [`cleanup batch, ${step}: p50 / p99 / max`, `${f.p50_ms} / ${f.p99_ms} / ${f.max_ms} ms over ${f.calls} batches`];
        }),
        [`Retry all of ${bulk.bulk_retry_failures.toLocaleString('en')} failures (errors:retry-all)`, `${bulk.bulk_retry_s} s, ${bulk.bulk_retry_done.toLocaleString('en')} retried`],
        ['page every 10 ms during Retry all: p50 / p99 / max (goal p99 < 50)', `${bulk.bulk_retry_api_p50_ms} / ${bulk.bulk_retry_api_p99_ms} / ${bulk.bulk_retry_api_max_ms} ms over ${bulk.bulk_retry_api_calls} calls`],
      ],
      json,
    };
  } finally {
    await probe.stop().catch(() => []);
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
