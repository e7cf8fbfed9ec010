import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../store/database';
import { createRepositories } from '../store/repositories';
import type { NewLogEntry } from '../store/log-repo';
import type { Outcome } from '../../src-preload/contract';
import type { BenchResult } from './bench-types';

const OUTCOMES: Outcome[] = ['success', 'success', 'success', 'success', 'retrying', 'failure', 'validation_failure', 'dead'];
const CONNECTORS = ['cerm', 'accounting', 'erp', 'confirm'];
const WORDS = ['customer', 'address', 'enquiry', 'account', 'department', 'invoice', 'price', 'contact'];

async function timeIt(fn: () => Promise<unknown>, repeat: number): Promise<number> {
  await fn();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < repeat; i++) await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6 / repeat;
}

/** Fills a real SQLite file with N integration log rows, then times the pages the Integration Log screen asks for. */
export async function runLogScenario(args: { rows: number }): Promise<BenchResult> {
  if (!Number.isInteger(args.rows) || args.rows < 1000) throw new Error('--rows must be a whole number of at least 1000');
  const dir = mkdtempSync(join(tmpdir(), 'syncdesk-bench-'));
  try {
    const db = openDatabase(join(dir, 'bench.db'));
    const repos = createRepositories(db);
    const t0 = Date.now() - args.rows * 1000;
    const fillStart = process.hrtime.bigint();
    const batch: NewLogEntry[] = [];
    for (let i = 0; i < args.rows; i++) {
      batch.push({
        ts: t0 + i * 1000,
        connectorId: CONNECTORS[i % 4]!,
        action: `push:${WORDS[i % 8]}`,
        entityType: WORDS[(i >> 3) % 8]!,
        entityId: `E${(i * 7919) % 1_000_003}`,
        outcome: OUTCOMES[(i * 31) % OUTCOMES.length]!,
        message: `${WORDS[i % 8]} ${i} sent to ${CONNECTORS[i % 4]}: ${i % 97 === 0 ? 'timeout waiting for answer' : 'ok'}`,
        attempt: 1 + (i % 3),
      });
      if (batch.length === 20_000) await repos.log.appendMany(batch.splice(0));
    }
    await repos.log.appendMany(batch);
    const fillS = Number(process.hrtime.bigint() - fillStart) / 1e9;
    const mid = (await repos.log.page({}, null, 100)).entries.at(-1)!;
    const deep = { ts: t0 + Math.floor(args.rows / 2) * 1000, id: Math.floor(args.rows / 2) };
    const figures = {
      rows: args.rows,
      fill_s: Math.round(fillS * 10) / 10,
      first_page_ms: await timeIt(() => repos.log.page({}, null, 100), 20),
      next_page_ms: await timeIt(() => repos.log.page({}, { ts: mid.ts, id: mid.id }, 100), 20),
      middle_page_ms: await timeIt(() => repos.log.page({}, deep, 100), 20),
      connector_filter_ms: await timeIt(() => repos.log.page({ connectorId: 'erp' }, deep, 100), 20),
      failures_filter_ms: await timeIt(() => repos.log.page({ outcomes: ['failure', 'dead'] }, null, 100), 20),
      date_range_ms: await timeIt(() => repos.log.page({ from: deep.ts - 3_600_000, to: deep.ts }, null, 100), 20),
      search_ms: await timeIt(() => repos.log.page({ q: 'timeout' }, null, 100), 5),
      // A word in every row: the full-text index must still read only one page of matches.
      search_common_ms: await timeIt(() => repos.log.page({ q: 'sent' }, null, 100), 5),
      search_common_deep_ms: await timeIt(() => repos.log.page({ q: 'sent' }, deep, 100), 5),
      search_with_filter_ms: await timeIt(() => repos.log.page({ q: 'timeout', outcomes: ['failure', 'dead'] }, null, 100), 5),
    };
    db.close();
    return {
      title: `Integration log: ${args.rows.toLocaleString('en')} rows, pages of 100`,
      table: Object.entries(figures).map(([k, v]) => [k, typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(2) : String(v)]),
      json: { scenario: 'log', ...Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, Math.round(v * 100) / 100])) },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
