import { describe, expect, it } from 'vitest';
import type { ErrorCursor, ErrorFilter } from '../../../src-preload/contract';
import type { NewFailure } from '../../../src-main/store/errors-repo';
import { freshStore, onSqliteWhenRun, type StoreFactory, type StoreOf } from './store-under-test';

/** The aggregates this contract uses. */
type Store = StoreOf<'errors'>;

const failure = (entityId: string, ts: number, more: Partial<NewFailure> = {}): NewFailure => ({
  connectorId: 'erp', entityType: 'account', entityId, source: 'accounts', reason: `account ${entityId} refused`, reasonKind: 'rejected', ts, ...more,
});

async function allPages(r: Store, filter: ErrorFilter, limit: number): Promise<string[]> {
  const out: string[] = [];
  let cursor: ErrorCursor | null = null;
  for (let pages = 0; pages < 50; pages++) {
    const page = await r.errors.page(filter, cursor, limit, 1_000);
    expect(page.groups.length).toBeLessThanOrEqual(limit);
    out.push(...page.groups.map((g) => g.entityId));
    cursor = page.nextCursor;
    if (cursor === null) return out;
  }
  throw new Error('paging did not end');
}

/** The Errors workspace: failures grouped by record, reopened by a new failure, resolved by staff or by a success. */
export function describeErrorsContract(name: string, factory: StoreFactory<Store>): void {
  describe(`${name} store: errors`, () => {
    const store = freshStore(factory);

    it("groups a record's failures: the latest reason and ids, a count, and each failure newest first", async () => {
      const { errors } = store();
      const id = await errors.noteFailure(failure('7', 100, { jobId: 40, attempt: 1 }));
      expect(await errors.noteFailure(failure('7', 200, { source: 'order-push', reason: 'x'.repeat(2_500), reasonKind: 'gave_up', runId: 3, attempt: 2 }))).toBe(id);
      const other = await errors.noteFailure(failure('8', 150, { entityType: null }));
      expect(other).not.toBe(id);
      expect(await errors.get(id)).toEqual({
        id, connectorId: 'erp', entityType: 'account', entityId: '7', source: 'order-push', status: 'open', reason: 'x'.repeat(2_000), reasonKind: 'gave_up',
        failures: 2, firstFailedAt: 100, lastFailedAt: 200, lastJobId: 40, lastRunId: 3, resolvedAt: null, resolvedBy: null, resolutionNote: null,
      });
      expect((await errors.get(other))!.entityType).toBe('');
      expect((await errors.attempts(id)).map(({ id: _id, ...a }) => a)).toEqual([
        { ts: 200, jobId: null, runId: 3, attempt: 2, reason: 'x'.repeat(2_000) },
        { ts: 100, jobId: 40, runId: null, attempt: 1, reason: 'account 7 refused' },
      ]);
      expect(await errors.get(other + id + 1)).toBeNull();
      expect(await errors.attempts(other + id + 1)).toEqual([]);
    });

    it('lists at most the latest hundred failures of a group', async () => {
      const { errors } = store();
      let id = 0;
      for (let n = 1; n <= 130; n++) id = await errors.noteFailure(failure('7', n));
      const attempts = await errors.attempts(id);
      expect(attempts).toHaveLength(100);
      expect([attempts[0]!.ts, attempts[99]!.ts]).toEqual([130, 31]);
      expect((await errors.get(id))!.failures).toBe(130);
    });

    it('resolves the open groups of records that succeeded, with a history line each; a new failure reopens one afresh', async () => {
      const { errors } = store();
      const a = await errors.noteFailure(failure('1', 10));
      await errors.noteFailure(failure('1', 11));
      const b = await errors.noteFailure(failure('2', 12, { entityType: null }));
      const c = await errors.noteFailure(failure('3', 13));
      const elsewhere = await errors.noteFailure(failure('1', 14, { connectorId: 'cerm' }));
      expect(await errors.resolveRecords('erp', [], 'run 5', 20)).toBe(0);
      expect(await errors.resolveRecords('erp', [{ entityType: 'account', entityId: '1' }, { entityType: null, entityId: '2' }, { entityType: 'account', entityId: '9' }, { entityType: 'account', entityId: '1' }], 'run 5', 20)).toBe(2);
      expect(await errors.resolveRecords('erp', [{ entityType: 'account', entityId: '1' }], 'run 6', 21)).toBe(0);
      expect(await errors.resolveRecords('accounting', [{ entityType: 'account', entityId: '1' }], 'run 6', 21)).toBe(0);
      expect(await errors.get(a)).toMatchObject({ status: 'resolved', resolvedAt: 20, resolvedBy: 'run 5', resolutionNote: null });
      expect((await errors.get(b))!.status).toBe('resolved');
      expect((await errors.get(c))!.status).toBe('open');
      expect((await errors.get(elsewhere))!.status).toBe('open');
      expect((await errors.actions(a)).map(({ id: _id, ...x }) => x)).toEqual([
        { ts: 20, action: 'auto_resolve', actor: 'run 5', note: null, jobId: null, originalPayload: null, newPayload: null },
      ]);

      expect(await errors.noteFailure(failure('1', 30, { jobId: 77 }))).toBe(a);
      expect(await errors.get(a)).toMatchObject({ status: 'open', failures: 1, firstFailedAt: 30, lastFailedAt: 30, lastJobId: 77, resolvedAt: null, resolvedBy: null });
    });

    it('lets staff resolve an open group once, with a note, and keeps what they did newest first', async () => {
      const { errors } = store();
      const id = await errors.noteFailure(failure('1', 10, { jobId: 5 }));
      await errors.addAction({ groupId: id, ts: 11, action: 'edit_retry', actor: 'kim', jobId: 6, originalPayload: '{"a":1}', newPayload: '{"a":2}' });
      expect(await errors.resolve(id, 'sam', 'fixed in the ERP', 12)).toBe(true);
      expect(await errors.resolve(id, 'sam', 'again', 13)).toBe(false);
      expect(await errors.resolve(id + 1, 'sam', null, 13)).toBe(false);
      expect(await errors.get(id)).toMatchObject({ status: 'resolved', resolvedAt: 12, resolvedBy: 'sam', resolutionNote: 'fixed in the ERP' });
      expect((await errors.actions(id)).map(({ id: _id, ...x }) => x)).toEqual([
        { ts: 12, action: 'resolve', actor: 'sam', note: 'fixed in the ERP', jobId: null, originalPayload: null, newPayload: null },
        { ts: 11, action: 'edit_retry', actor: 'kim', note: null, jobId: 6, originalPayload: '{"a":1}', newPayload: '{"a":2}' },
      ]);
    });

    it('pages groups newest failure first with a filter and a capped total, and lists the ids a filter matches', async () => {
      const r = store();
      await r.errors.noteFailure(failure('a', 100));
      await r.errors.noteFailure(failure('b', 300, { source: 'prices', reasonKind: 'failed' }));
      await r.errors.noteFailure(failure('c', 200, { connectorId: 'cerm', source: 'download' }));
      await r.errors.noteFailure(failure('d', 300));
      await r.errors.noteFailure(failure('e', 50, { reasonKind: 'gave_up' }));
      const done = await r.errors.noteFailure(failure('f', 400));
      await r.errors.resolve(done, 'kim', null, 401);

      expect(await allPages(r, { status: 'open' }, 2)).toEqual(['d', 'b', 'c', 'a', 'e']);
      expect(await allPages(r, { status: 'resolved' }, 2)).toEqual(['f']);
      expect(await allPages(r, { status: 'open', connectorId: 'erp' }, 10)).toEqual(['d', 'b', 'a', 'e']);
      expect(await allPages(r, { status: 'open', source: 'accounts', reasonKind: 'rejected' }, 10)).toEqual(['d', 'a']);
      expect(await allPages(r, { status: 'open', from: 100, to: 300 }, 1)).toEqual(['d', 'b', 'c', 'a']);
      const first = await r.errors.page({ status: 'open' }, null, 2, 3);
      expect(first.total).toBe(3);
      expect(first.nextCursor).toEqual({ ts: 300, id: first.groups[1]!.id });
      expect((await r.errors.page({ status: 'open', connectorId: 'erp' }, null, 1, 1_000)).total).toBe(4);
      const ids = await r.errors.idsMatching({ status: 'open', connectorId: 'erp' }, 3);
      expect(await Promise.all(ids.map(async (id) => (await r.errors.get(id))!.entityId))).toEqual(['d', 'b', 'a']);
    });

    it('counts open groups per connector and source', async () => {
      const { errors } = store();
      expect(await errors.counts()).toEqual({ open: 0, byConnector: {}, bySource: [] });
      await errors.noteFailure(failure('1', 1));
      await errors.noteFailure(failure('2', 2));
      await errors.noteFailure(failure('3', 3, { source: 'prices' }));
      await errors.noteFailure(failure('4', 4, { connectorId: 'cerm', source: 'download' }));
      const resolved = await errors.noteFailure(failure('5', 5, { connectorId: 'confirm', source: 'enquiries' }));
      await errors.resolve(resolved, 'kim', null, 6);
      expect(await errors.counts()).toEqual({
        open: 4,
        byConnector: { erp: 3, cerm: 1 },
        bySource: [{ connectorId: 'cerm', source: 'download', open: 1 }, { connectorId: 'erp', source: 'accounts', open: 2 }, { connectorId: 'erp', source: 'prices', open: 1 }],
      });
    });
  });
}

onSqliteWhenRun(import.meta.url, describeErrorsContract);
