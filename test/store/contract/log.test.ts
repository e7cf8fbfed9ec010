import { describe, expect, it } from 'vitest';
import type { NewLogEntry } from '../../../src-main/store/log-repo';
import type { LogCursor, LogEntry, LogFilter } from '../../../src-preload/contract';
import { freshStore, onSqliteWhenRun, type StoreFactory, type StoreOf } from './store-under-test';

/** The aggregates this contract uses. */
type Store = StoreOf<'log' | 'jobs'>;

const line = (ts: number, more: Partial<NewLogEntry> = {}): NewLogEntry => ({ ts, connectorId: 'erp', action: 'push:customer', outcome: 'success', message: `line at ${ts}`, ...more });

async function walk(r: Store, filter: LogFilter, size: number): Promise<LogEntry[]> {
  const all: LogEntry[] = [];
  let cursor: LogCursor | null = null;
  for (let pages = 0; pages < 1_000; pages++) {
    const page = await r.log.page(filter, cursor, size);
    expect(page.entries.length).toBeLessThanOrEqual(size);
    all.push(...page.entries);
    cursor = page.nextCursor;
    if (!cursor) return all;
  }
  throw new Error('paging did not end');
}

/** A job of the queue brought to a final state through the queue's own moves. */
async function jobIn(r: Store, key: string, status: 'failed' | 'dead' | 'done' | 'pending'): Promise<number> {
  const id = await r.jobs.enqueue({ connectorId: 'erp', kind: 'push', entityKey: key, idempotencyKey: key, payload: null }, 0);
  if (status === 'pending') return id;
  const [j] = await r.jobs.claim({ now: 0, leaseMs: 1_000, limit: 1, newToken: () => `t-${key}`, only: { connectorId: 'erp', kind: 'push' } });
  if (status === 'done') await r.jobs.complete(id, j!.leaseToken!, null, 1);
  else await r.jobs.finish(id, j!.leaseToken!, status, 'no', 1);
  return id;
}

/** The integration log: appended lines, paged newest first by keyset, filtered, searched, dismissed. */
export function describeLogContract(name: string, factory: StoreFactory<Store>): void {
  describe(`${name} store: integration log`, () => {
    const store = freshStore(factory);

    it('answers an appended line as reading it back shows it, and its details apart', async () => {
      const r = store();
      const e = await r.log.append({ ts: 5, connectorId: 'erp', action: 'push:customer', entityType: 'customer', entityId: '42', outcome: 'retrying', message: 'timeout', attempt: 2, details: 'POST /customers -> 504' });
      expect(e).toEqual({ id: e.id, ts: 5, connectorId: 'erp', action: 'push:customer', entityType: 'customer', entityId: '42', outcome: 'retrying', message: 'timeout', attempt: 2, jobId: null, runId: null, dismissed: false, retryable: false });
      expect(await r.log.get(e.id)).toEqual({ ...e, details: 'POST /customers -> 504' });
      expect((await r.log.page({}, null, 10)).entries).toEqual([e]);
      expect(await r.log.get(e.id + 1)).toBeNull();
    });

    it('writes a line into the caller\'s open transaction only, and says at once whether the caller has one', async () => {
      const r = store();
      expect(r.log.callerInTransaction()).toBe(false);
      expect(await r.log.appendInOpenTransaction(line(1))).toBeNull();
      await expect(r.transaction(async (tx) => {
        expect(tx.log.callerInTransaction() && r.log.callerInTransaction()).toBe(true);
        expect(await tx.log.appendInOpenTransaction(line(2, { message: 'undone with its change' }))).not.toBeNull();
        throw new Error('the change fails');
      })).rejects.toThrow('the change fails');
      const kept = await r.transaction(async (tx) => await tx.log.appendInOpenTransaction(line(3, { message: 'kept with its change' })));
      expect(r.log.callerInTransaction()).toBe(false);
      expect((await r.log.page({}, null, 10)).entries.map((e) => e.message)).toEqual(['kept with its change']);
      expect(kept).toMatchObject({ ts: 3, message: 'kept with its change' });
    });

    it('pages newest first, ties on the time broken by the later line first, every line exactly once', async () => {
      const r = store();
      const ids = await Promise.all([30, 10, 20, 20, 10, 30, 20].map(async (ts) => (await r.log.append(line(ts))).id));
      const expected = [ids[5], ids[0], ids[6], ids[3], ids[2], ids[4], ids[1]];
      expect((await walk(r, {}, 3)).map((e) => e.id)).toEqual(expected);
      expect((await walk(r, {}, 1)).map((e) => e.id)).toEqual(expected);
      const first = await r.log.page({}, null, 7);
      expect(first.nextCursor).toBeNull();
      expect((await r.log.page({}, null, 2)).nextCursor).toEqual({ ts: 30, id: ids[0] });
    });

    it('filters by connector, by one or several outcomes and by an inclusive time range', async () => {
      const r = store();
      const a = (await r.log.append(line(1, { connectorId: 'erp', outcome: 'failure' }))).id;
      const b = (await r.log.append(line(2, { connectorId: 'mis', outcome: 'failure' }))).id;
      const c = (await r.log.append(line(3, { connectorId: 'erp', outcome: 'dead' }))).id;
      const d = (await r.log.append(line(4, { connectorId: 'erp', outcome: 'success' }))).id;
      const e = (await r.log.append(line(5, { connectorId: 'erp', outcome: 'validation_failure' }))).id;
      const ids = async (f: LogFilter, size = 2) => (await walk(r, f, size)).map((x) => x.id);
      expect(await ids({ connectorId: 'erp' })).toEqual([e, d, c, a]);
      expect(await ids({ outcomes: ['failure'] })).toEqual([b, a]);
      expect(await ids({ outcomes: ['failure', 'dead', 'validation_failure'] })).toEqual([e, c, b, a]);
      expect(await ids({ outcomes: ['failure', 'dead'] }, 1)).toEqual([c, b, a]);
      expect(await ids({ from: 2, to: 4 })).toEqual([d, c, b]);
      expect(await ids({ connectorId: 'erp', outcomes: ['failure', 'dead', 'success'], from: 1, to: 3 })).toEqual([c, a]);
      expect(await ids({ connectorId: 'nobody' })).toEqual([]);
    });

    it('searches words by prefix, in any case, over message, action and entity id; every word must match', async () => {
      const r = store();
      const timeout = (await r.log.append(line(1, { message: 'Timeout talking to the ERP' }))).id;
      const action = (await r.log.append(line(2, { action: 'pull:addresses', message: 'done' }))).id;
      const entity = (await r.log.append(line(3, { entityType: 'customer', entityId: 'CUST-7781', message: 'linked' }))).id;
      const both = (await r.log.append(line(4, { message: 'timeout again, ERP down' }))).id;
      const ids = async (q: string) => (await walk(r, { q }, 10)).map((e) => e.id);
      expect(await ids('timeout')).toEqual([both, timeout]);
      expect(await ids('TIME')).toEqual([both, timeout]);
      expect(await ids('addresses')).toEqual([action]);
      expect(await ids('7781')).toEqual([entity]);
      expect(await ids('timeout down')).toEqual([both]);
      expect(await ids('nothing-like-it')).toEqual([]);
    });

    it('treats search text as words, never as query syntax, and pages search results too', async () => {
      const r = store();
      for (let i = 0; i < 5; i++) await r.log.append(line(i, { message: `sync error ${i}` }));
      for (const q of ['"', 'a OR b', 'NEAR(', '*', 'ok" OR "x', '-', '^', "it's", 'a:b']) await expect(r.log.page({ q }, null, 10)).resolves.not.toBeInstanceOf(Error);
      expect((await walk(r, { q: 'error' }, 2)).map((e) => e.message)).toEqual(['sync error 4', 'sync error 3', 'sync error 2', 'sync error 1', 'sync error 0']);
    });

    it('finds a line in a search the moment it is written', async () => {
      const r = store();
      await r.log.appendMany([line(1, { message: 'bulk one' }), line(2, { message: 'bulk two' })]);
      await r.log.append(line(3, { message: 'pothole on Mill Lane refilled' }));
      expect((await r.log.page({ q: 'mill' }, null, 10)).entries.map((e) => e.message)).toEqual(['pothole on Mill Lane refilled']);
      expect((await r.log.page({ q: 'bulk' }, null, 10)).entries.map((e) => e.message)).toEqual(['bulk two', 'bulk one']);
      for (let rounds = 0; rounds < 100 && await r.log.indexPending() > 0; rounds++);
      expect(await r.log.unindexed()).toBe(0);
    });

    it('hides dismissed lines unless asked for, and marks them dismissed', async () => {
      const r = store();
      const a = (await r.log.append(line(1, { outcome: 'failure', runId: 1 }))).id;
      const b = (await r.log.append(line(2))).id;
      expect(await r.log.dismiss(a)).toBe(true);
      expect(await r.log.dismiss(a + 100)).toBe(false);
      expect((await walk(r, {}, 10)).map((e) => e.id)).toEqual([b]);
      expect((await walk(r, { includeDismissed: true }, 10)).map((e) => [e.id, e.dismissed, e.retryable])).toEqual([[b, false, false], [a, true, false]]);
      expect(await r.log.get(a)).toMatchObject({ dismissed: true, retryable: false });
    });

    it('dismisses the failure lines of one job, leaving its other lines and other jobs alone', async () => {
      const r = store();
      const job = await jobIn(r, 'j1', 'dead');
      const other = await jobIn(r, 'j2', 'dead');
      await r.log.append(line(1, { jobId: job, outcome: 'retrying' }));
      await r.log.append(line(2, { jobId: job, outcome: 'failure' }));
      await r.log.append(line(3, { jobId: job, outcome: 'dead' }));
      await r.log.append(line(4, { jobId: other, outcome: 'dead' }));
      expect(await r.log.dismissForJob(job)).toBe(2);
      expect((await walk(r, {}, 10)).map((e) => [e.ts, e.outcome])).toEqual([[4, 'dead'], [1, 'retrying']]);
    });

    it('says a line can be retried while its job has given up or its run failed, and not once dismissed', async () => {
      const r = store();
      const dead = await jobIn(r, 'dead', 'dead');
      const failed = await jobIn(r, 'failed', 'failed');
      const done = await jobIn(r, 'done', 'done');
      const waiting = await jobIn(r, 'waiting', 'pending');
      const cases: [NewLogEntry, boolean][] = [
        [line(1, { jobId: dead, outcome: 'dead' }), true],
        [line(2, { jobId: failed, outcome: 'validation_failure' }), true],
        [line(3, { jobId: done, outcome: 'success' }), false],
        [line(4, { jobId: waiting, outcome: 'failure' }), false],
        [line(5, { runId: 9, outcome: 'failure' }), true],
        [line(6, { runId: 9, outcome: 'success' }), false],
        [line(7, { outcome: 'failure' }), false],
      ];
      for (const [entry, retryable] of cases) {
        const appended = await r.log.append(entry);
        expect([entry.ts, appended.retryable]).toEqual([entry.ts, retryable]);
        expect([entry.ts, (await r.log.get(appended.id))!.retryable]).toEqual([entry.ts, retryable]);
      }
      // Requeued from the log: the job waits again, so its line is no longer offered for retry.
      await r.jobs.requeue(dead, 10);
      expect((await walk(r, { outcomes: ['dead'] }, 10))[0]!.retryable).toBe(false);
    });

    it('shows a retried line\'s next attempt in its place, under the filter that found the failure', async () => {
      const r = store();
      const job = await jobIn(r, 'again', 'dead');
      const dead = await r.log.append(line(1, { jobId: job, outcome: 'dead', attempt: 10, message: 'gave up' }));
      await r.jobs.requeue(job, 2);
      expect(await r.log.get(dead.id)).toMatchObject({ retryQueued: true, retryable: false, dismissed: false });
      expect((await r.log.get(dead.id))!.nextAttempt).toBeUndefined();
      const next = await r.log.append(line(3, { jobId: job, outcome: 'success', attempt: 1, message: 'pushed' }));
      const [shown, ...rest] = await walk(r, { outcomes: ['dead'] }, 10);
      expect(rest).toEqual([]);
      expect(shown).toMatchObject({ id: dead.id, outcome: 'dead', dismissed: false, retryable: false, nextAttempt: { id: next.id, ts: 3, outcome: 'success', attempt: 1, message: 'pushed' } });
      expect(shown!.retryQueued).toBeUndefined();
      // Failed again: the newest failure is the one offered for retry; the older line points at it.
      const again = await r.log.append(line(4, { jobId: job, outcome: 'dead', attempt: 10, message: 'gave up again' }));
      await r.jobs.finish(job, (await r.jobs.claim({ now: 5, leaseMs: 1_000, limit: 1, newToken: () => 't2', only: { connectorId: 'erp', kind: 'push' } }))[0]!.leaseToken!, 'dead', 'no', 6);
      const lines = await walk(r, { outcomes: ['dead'] }, 10);
      expect(lines.map((e) => [e.id, e.retryable, e.nextAttempt?.id ?? null])).toEqual([[again.id, true, null], [dead.id, false, again.id]]);
    });

    it('lists the lines about one record, newest first, up to the limit', async () => {
      const r = store();
      await r.log.append(line(1, { entityType: 'customer', entityId: '7' }));
      await r.log.append(line(2, { entityType: 'customer', entityId: '8' }));
      await r.log.append(line(3, { entityType: 'case', entityId: '7' }));
      await r.log.append(line(4, { entityType: 'customer', entityId: '7' }));
      await r.log.append(line(5, { entityType: 'customer', entityId: '7' }));
      expect((await r.log.forEntity('customer', '7', 10)).map((e) => e.ts)).toEqual([5, 4, 1]);
      expect((await r.log.forEntity('customer', '7', 2)).map((e) => e.ts)).toEqual([5, 4]);
      expect(await r.log.forEntity('customer', '99', 10)).toEqual([]);
    });

    it("finds a record's lines whether or not search has indexed them, by its exact id however it is written", async () => {
      const r = store();
      const ids = ['C-7', 'c 7', 'C-7-1', 'Émile/7', 'emile 7', '--', '7'];
      let ts = 0;
      for (const id of ids) await r.log.append(line(++ts, { entityType: 'customer', entityId: id }));
      // Half the lines go into the search index, half stay behind it.
      await r.log.indexPending();
      for (const id of ids) await r.log.append(line(++ts, { entityType: 'customer', entityId: id }));
      await r.log.append(line(++ts, { entityType: 'case', entityId: 'C-7' }));
      const tsOf = async (id: string, limit = 10) => (await r.log.forEntity('customer', id, limit)).map((e) => e.ts);
      expect(await tsOf('C-7')).toEqual([8, 1]);
      expect(await tsOf('c 7')).toEqual([9, 2]);
      expect(await tsOf('C-7-1')).toEqual([10, 3]);
      expect(await tsOf('Émile/7')).toEqual([11, 4]);
      expect(await tsOf('--')).toEqual([13, 6]);
      expect(await tsOf('7')).toEqual([14, 7]);
      expect(await tsOf('C-7', 1)).toEqual([8]);
      expect(await tsOf('C')).toEqual([]);
      // A quote in an id is text, not search syntax.
      await r.log.append(line(++ts, { entityType: 'customer', entityId: 'say "7"' }));
      await r.log.indexPending();
      expect(await tsOf('say "7"')).toEqual([16]);
    });

    it('iterates the whole filtered view newest first, across chunks', async () => {
      const r = store();
      await r.log.appendMany(Array.from({ length: 25 }, (_, i) => line(i, { connectorId: i % 2 ? 'erp' : 'mis' })));
      const got: number[] = [];
      for await (const e of r.log.iterate({ connectorId: 'erp' }, 4)) got.push(e.ts);
      expect(got).toEqual([23, 21, 19, 17, 15, 13, 11, 9, 7, 5, 3, 1]);
      let all = 0;
      for await (const _ of r.log.iterate({}, 100)) all++;
      expect(all).toBe(25);
    });

    it('shows each line once when a filter names an outcome twice', async () => {
      const r = store();
      const a = (await r.log.append({ ts: 1, connectorId: 'erp', action: 'push', outcome: 'failure', message: 'one' })).id;
      const b = (await r.log.append({ ts: 2, connectorId: 'erp', action: 'push', outcome: 'dead', message: 'two' })).id;
      expect((await r.log.page({ outcomes: ['failure', 'failure'] }, null, 10)).entries.map((e) => e.id)).toEqual([a]);
      expect((await r.log.page({ outcomes: ['dead', 'failure', 'dead'] }, null, 10)).entries.map((e) => e.id)).toEqual([b, a]);
    });
  });
}

onSqliteWhenRun(import.meta.url, describeLogContract);
