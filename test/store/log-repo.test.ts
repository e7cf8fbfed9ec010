import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase } from '../../src-main/store/database';
import { createRepositories } from '../../src-main/store/repositories';
import { ftsQuery, type NewLogEntry } from '../../src-main/store/log-repo';
import type { LogEntry, Outcome } from '../../src-preload/contract';
import { tempDir } from '../support/harness';

const OUTCOMES: Outcome[] = ['success', 'failure', 'validation_failure', 'retrying', 'dead'];

async function seeded(n: number) {
  const db = openDatabase(join(tempDir(), 'log.db'));
  const r = { ...createRepositories(db), db };
  const rows: NewLogEntry[] = [];
  for (let i = 0; i < n; i++)
    rows.push({
      // Several rows share a timestamp, so the id tie-breaker matters.
      ts: 1_000_000 + Math.floor(i / 3) * 1000,
      connectorId: ['cerm', 'erp'][i % 2]!,
      action: i % 5 === 0 ? 'push:customer' : 'pull:address',
      entityId: `E${i}`,
      outcome: OUTCOMES[(i * 7) % 5]!,
      message: i % 11 === 0 ? `timeout talking to remote ${i}` : `ok ${i}`,
    });
  await r.log.appendMany(rows);
  return r;
}

async function walk(r: Awaited<ReturnType<typeof seeded>>, filter: Parameters<typeof r.log.page>[0], size: number): Promise<LogEntry[]> {
  const all: LogEntry[] = [];
  let cursor = null;
  for (let guard = 0; guard < 10_000; guard++) {
    const page = await r.log.page(filter, cursor, size);
    all.push(...page.entries);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return all;
}

describe('appending', () => {
  it('returns each entry exactly as reading it back would, for runs, jobs and plain actions', async () => {
    const db = openDatabase(join(tempDir(), 'append.db'));
    const r = { ...createRepositories(db), db };
    const job = async (key: string, status: 'failed' | 'dead' | 'pending' | 'done') => {
      const id = await r.jobs.enqueue({ connectorId: 'c', kind: 'k', entityKey: key, idempotencyKey: key, payload: null }, 0);
      r.db.prepare(`UPDATE jobs SET status = ? WHERE id = ?`).run(status, id);
      return id;
    };
    const cases: NewLogEntry[] = [
      { ts: 1, connectorId: 'c', action: 'register', outcome: 'success', message: 'ok' },
      { ts: 2, connectorId: 'c', action: 'run:x', runId: 7, outcome: 'failure', message: 'run failed' },
      { ts: 3, connectorId: 'c', action: 'run:x', runId: 8, outcome: 'success', message: 'run ok' },
      { ts: 4, connectorId: 'c', action: 'k', jobId: await job('a', 'dead'), attempt: 10, outcome: 'dead', message: 'gave up' },
      { ts: 5, connectorId: 'c', action: 'k', jobId: await job('b', 'failed'), attempt: 1, outcome: 'validation_failure', message: 'refused' },
      { ts: 6, connectorId: 'c', action: 'k', jobId: await job('c', 'pending'), attempt: 2, outcome: 'retrying', message: 'again' },
      { ts: 7, connectorId: 'c', action: 'k', jobId: await job('d', 'pending'), attempt: 1, outcome: 'failure', message: 'paused for credentials' },
      { ts: 8, connectorId: 'c', action: 'k', jobId: await job('e', 'done'), attempt: 1, outcome: 'success', message: 'done', entityType: 'customer', entityId: '5' },
    ];
    for (const c of cases) {
      const appended = await r.log.append(c);
      const { details: _details, ...read } = (await r.log.get(appended.id))!;
      expect(appended).toEqual(read);
    }
  });
});

describe('integration log paging', () => {
  it('walks every row exactly once, newest first, by keyset', async () => {
    const r = await seeded(1000);
    const all = await walk(r, {}, 37);
    expect(all).toHaveLength(1000);
    expect(new Set(all.map((e) => e.id)).size).toBe(1000);
    for (let i = 1; i < all.length; i++) {
      const a = all[i - 1]!;
      const b = all[i]!;
      expect(a.ts > b.ts || (a.ts === b.ts && a.id > b.id)).toBe(true);
    }
  });

  it('filters by connector, several outcomes, date range and free text, agreeing with a plain scan', async () => {
    const r = await seeded(1000);
    const every = await walk(r, {}, 500);
    const filter = { connectorId: 'erp', outcomes: ['failure', 'dead'] as Outcome[], from: 1_050_000, to: 1_250_000 };
    const got = await walk(r, filter, 13);
    const expected = every.filter((e) => e.connectorId === 'erp' && ['failure', 'dead'].includes(e.outcome) && e.ts >= 1_050_000 && e.ts <= 1_250_000);
    expect(got.map((e) => e.id)).toEqual(expected.map((e) => e.id));
    expect(got.length).toBeGreaterThan(5);
    const text = await walk(r, { q: 'timeout' }, 10);
    expect(text.map((e) => e.id)).toEqual(every.filter((e) => e.message.includes('timeout')).map((e) => e.id));
  });

  it('filters by connector alone, by one outcome or several, and by both with text, agreeing with a plain scan', async () => {
    const r = await seeded(400);
    const every = await walk(r, { includeDismissed: true }, 1000);
    const cases: { filter: Parameters<typeof r.log.page>[0]; keep: (e: LogEntry) => boolean }[] = [
      { filter: { connectorId: 'erp' }, keep: (e) => e.connectorId === 'erp' },
      // "failure" is a word of validation_failure too: the filter still keeps only the outcome asked for.
      { filter: { outcomes: ['failure'] }, keep: (e) => e.outcome === 'failure' },
      { filter: { outcomes: ['validation_failure'] }, keep: (e) => e.outcome === 'validation_failure' },
      { filter: { outcomes: ['retrying', 'dead', 'dead'] }, keep: (e) => e.outcome === 'retrying' || e.outcome === 'dead' },
      { filter: { connectorId: 'cerm', outcomes: ['success'], q: 'ok' }, keep: (e) => e.connectorId === 'cerm' && e.outcome === 'success' && /\bok\b/.test(e.message) },
      { filter: { connectorId: 'nobody' }, keep: () => false },
    ];
    for (const { filter, keep } of cases) {
      const got = await walk(r, filter, 17);
      expect(got.map((e) => e.id), JSON.stringify(filter)).toEqual(every.filter(keep).map((e) => e.id));
    }
  });

  it('searches free text in the message, action and entity only: a connector or outcome name is no match of its own', async () => {
    const r = await seeded(0);
    await r.log.appendMany([
      { ts: 1, connectorId: 'erp', action: 'pull:account', outcome: 'dead', message: 'gave up on account 7' },
      { ts: 2, connectorId: 'cerm', action: 'push:customer', outcome: 'success', message: 'sent to erp' },
    ]);
    expect((await r.log.page({ q: 'erp' }, null, 10)).entries.map((e) => e.message)).toEqual(['sent to erp']);
    expect((await r.log.page({ q: 'dead' }, null, 10)).entries).toEqual([]);
    expect((await r.log.page({ connectorId: 'erp' }, null, 10)).entries.map((e) => e.message)).toEqual(['gave up on account 7']);
  });

  it('finds by prefix exactly the rows FTS5\'s own prefix query finds, newest first, page by page', async () => {
    const r = await seeded(0);
    const words = ['sent', 'sentence', 'sentinel', 'send', 'café', 'Mill', 'mill-lane', 'E12', 'e120', 'push', 'ok'];
    const rows: NewLogEntry[] = [];
    for (let i = 0; i < 600; i++)
      rows.push({ ts: 1_000_000 + (i % 7) * 1000, connectorId: 'cerm', action: `push:${words[i % 11]}`, entityId: `E${i}`, outcome: 'success', message: `${words[(i * 3) % 11]} ${words[(i * 5) % 11]} line ${i}` });
    await r.log.appendMany(rows);
    // Every expanded word, a prefix of more words than are expanded, words no row has, non-ASCII and separators.
    for (const q of ['sent', 'sen', 'se', 's', 'e1', 'e12', 'E', 'line 5', 'mill', 'mill-la', 'caf', 'café', 'sent zzz', 'zzz', 'push sen', 'lin']) {
      const expected = (r.db.prepare(`SELECT rowid FROM integration_log_fts WHERE integration_log_fts MATCH ? ORDER BY rowid DESC`).pluck().all(`{message action entity_id} : (${ftsQuery(q)})`) as number[]);
      const got = await walk(r, { q }, 37);
      expect(got.map((e) => e.id), q).toEqual(expected);
    }
    expect((await walk(r, { q: 'sen' }, 50)).length).toBeGreaterThan(100);
  });

  it('treats search text as words, never as FTS syntax', async () => {
    const r = await seeded(50);
    for (const q of ['"', 'a OR b', 'NEAR(', '*', 'ok" OR "x', '-', '^']) await expect(r.log.page({ q }, null, 10)).resolves.not.toBeInstanceOf(Error);
  });

  it('hides dismissed entries unless asked', async () => {
    const r = await seeded(10);
    const first = (await r.log.page({}, null, 1)).entries[0]!;
    await r.log.dismiss(first.id);
    expect((await r.log.page({}, null, 100)).entries.map((e) => e.id)).not.toContain(first.id);
    expect((await r.log.page({ includeDismissed: true }, null, 100)).entries.map((e) => e.id)).toContain(first.id);
  });
});

describe('the search index, filled in batches behind the writers', () => {
  const line = (message: string): NewLogEntry => ({ ts: Date.now(), connectorId: 'confirm', action: 'crm-agent', outcome: 'success', message });
  const integrity = (r: Awaited<ReturnType<typeof seeded>>) => r.db.prepare(`INSERT INTO integration_log_fts (integration_log_fts) VALUES ('integrity-check')`).run();

  it('finds a line the moment it is written: search indexes what is pending first', async () => {
    const r = await seeded(0);
    await r.log.append(line('pothole on Mill Lane refilled'));
    expect(await r.log.unindexed()).toBe(1);
    expect((await r.log.page({ q: 'mill' }, null, 10)).entries.map((e) => e.message)).toEqual(['pothole on Mill Lane refilled']);
    expect(await r.log.unindexed()).toBe(0);
    integrity(r);
  });

  it('filters by connector and outcome the moment a line is written, without waiting for the indexer, page by page across its mark', async () => {
    const r = await seeded(0);
    for (let i = 0; i < 30; i++) await r.log.append({ ...line(`line ${i}`), connectorId: i % 3 === 0 ? 'erp' : 'confirm', outcome: i % 2 ? 'dead' : 'success' });
    expect(await r.log.indexPending(13)).toBe(13);
    const keep = (i: number) => i % 3 === 0 && i % 2 === 1;
    const expected = Array.from({ length: 30 }, (_, i) => i).filter(keep).reverse().map((i) => `line ${i}`);
    for (const size of [1, 2, 4, 100]) expect((await walk(r, { connectorId: 'erp', outcomes: ['dead'] }, size)).map((e) => e.message), `pages of ${size}`).toEqual(expected);
    expect((await walk(r, { connectorId: 'confirm' }, 3)).map((e) => e.message)).toEqual(Array.from({ length: 30 }, (_, i) => i).filter((i) => i % 3 !== 0).reverse().map((i) => `line ${i}`));
    // The filters read what is not indexed yet; the indexer is left to its own pace.
    expect(await r.log.unindexed()).toBe(17);
    integrity(r);
  });

  it('indexes a backlog in chunks, and keeps the index sound when lines before and after the mark change', async () => {
    const r = await seeded(0);
    for (let i = 0; i < 25; i++) await r.log.append(line(`update ${i} from Confirm`));
    expect(await r.log.indexPending(10)).toBe(10);
    expect(await r.log.unindexed()).toBe(15);
    // One indexed and one not yet indexed line change: only the indexed one is taken out and put back.
    r.db.prepare(`UPDATE integration_log SET message = 'renamed indexed' WHERE id = 3`).run();
    r.db.prepare(`UPDATE integration_log SET message = 'renamed pending' WHERE id = 20`).run();
    r.db.prepare(`DELETE FROM integration_log WHERE id IN (4, 21)`).run();
    integrity(r);
    while (await r.log.indexPending(10) > 0);
    integrity(r);
    expect((await r.log.page({ q: 'renamed' }, null, 10)).entries.map((e) => e.id)).toEqual([20, 3]);
    expect((await r.log.page({ q: 'update' }, null, 100)).entries).toHaveLength(21);
  });
});
