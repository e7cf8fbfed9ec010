import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET_MASK, type BulkResult, type ErrorCounts, type ErrorGroupDetail, type ErrorPage, type JobPayloadView, type RunSummary, type StartRunResult } from '../../src-preload/contract';
import { peekDb, startTestCore, until } from '../support/harness';
import { createLedgerConnector, IMPORT_TASK, LEDGER_ID, newLedgerControl, POST_ENTRY } from '../support/ledger-connector';

const control = newLedgerControl();
let h: Awaited<ReturnType<typeof startTestCore>>;
let keys = 0;

beforeAll(async () => {
  h = await startTestCore({ core: { connectors: [createLedgerConnector(control)] } });
});
afterAll(async () => {
  await h?.close();
});

async function call<T>(channel: string, input: unknown = {}): Promise<T> {
  const r = await h.core.dispatch(channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
  return r.data as T;
}

async function post(entityKey: string, payload: unknown): Promise<number> {
  return await h.services.repos.transaction(async (tx) => await h.services.queue.enqueue(tx, { connectorId: LEDGER_ID, kind: POST_ENTRY, entityKey, idempotencyKey: `k${++keys}`, payload }));
}

async function runImport(): Promise<RunSummary> {
  const { runId } = await call<StartRunResult>('sync:run', { connectorId: LEDGER_ID, taskId: IMPORT_TASK });
  return (await h.services.tasks.wait(runId))!;
}

async function groupOf(entityId: string, status: 'open' | 'resolved') {
  const page = await call<ErrorPage>('errors:page', { status, connectorId: LEDGER_ID, limit: 500 });
  return page.groups.find((g) => g.entityId === entityId);
}

describe('the Errors workspace', () => {
  it('groups a record’s failures into one row, and resolves it when a later run or job succeeds for it', async () => {
    const jobId = await post('E1', { account: 'SALES', amount: -5 });
    const open = await until(() => groupOf('E1', 'open'), 'the failed job’s error');
    expect(open).toMatchObject({ entityType: 'entry', source: POST_ENTRY, reasonKind: 'rejected', failures: 1, lastJobId: jobId });
    expect(open.reason).toContain('refuses a negative amount (-5)');
    // The Refused-by-the-remote tag says it was refused: the reason is the remote's answer, with no prefix repeating it.
    expect(open.reason).not.toMatch(/^Refused/);

    // The same record failing again stays one row, with both failures inside.
    await post('E1', { account: 'SALES', amount: -6 });
    await until(async () => (await groupOf('E1', 'open'))?.failures === 2, 'the second failure in the same group');
    const detail = await call<ErrorGroupDetail>('errors:group', { id: open.id });
    expect(detail.attempts.map((a) => a.reason)).toEqual([expect.stringContaining('(-6)'), expect.stringContaining('(-5)')]);

    // A run that handles E1 without failing resolves it, "resolved by run N"; a record failing in a run opens its own.
    control.records = [{ id: 'E1' }, { id: 'E9', fail: 'entry E9 names no account' }];
    const run = await runImport();
    expect(run.status).toBe('partial');
    const resolved = (await groupOf('E1', 'resolved'))!;
    expect(resolved.resolvedBy).toBe(`run ${run.id}`);
    expect((await call<ErrorGroupDetail>('errors:group', { id: resolved.id })).actions[0]).toMatchObject({ action: 'auto_resolve', actor: `run ${run.id}` });
    const e9 = (await groupOf('E9', 'open'))!;
    expect(e9).toMatchObject({ source: IMPORT_TASK, reason: 'entry E9 names no account', lastRunId: run.id });

    // Retry on a run's error runs its task again; once E9 goes through, it resolves by that run.
    control.records = [{ id: 'E9' }];
    const retried = await call<BulkResult>('errors:retry', { ids: [e9.id] });
    expect(retried).toMatchObject({ matched: 1, done: 1, skipped: 0 });
    expect(retried.message).toMatch(/1 run started \(#\d+\)/);
    const again = await until(() => groupOf('E9', 'resolved'), 'E9 resolved by the retried run');
    expect(again.resolvedBy).toMatch(/^run \d+$/);
    expect(again.resolvedBy).not.toBe(`run ${run.id}`);
  });

  it('edits and retries a failed job’s payload: refused against the kind’s schema, secrets never shown, the original kept', async () => {
    const jobId = await post('E20', { account: 'RENT', amount: -100, apiToken: 'tok-very-secret-1' });
    const group = await until(() => groupOf('E20', 'open'), 'the failed job’s error');
    expect((await call<ErrorGroupDetail>('errors:group', { id: group.id })).editable).toBe(true);

    const view = await call<JobPayloadView>('errors:job-payload', { groupId: group.id });
    expect(view).toMatchObject({ jobId, kind: POST_ENTRY, payload: { account: 'RENT', amount: -100, apiToken: SECRET_MASK }, secretFields: ['apiToken'] });
    expect(JSON.stringify(view)).not.toContain('tok-very-secret-1');
    expect(JSON.stringify(view.schema)).toContain('amount');

    const refused = await h.core.dispatch('errors:edit-retry', { groupId: group.id, jobId, payload: { account: '', amount: 1.5, apiToken: SECRET_MASK, extra: 1 } });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe('invalid_input');
      expect(refused.error.message).toContain('Nothing was changed');
      expect(refused.error.issues?.map((i) => i.path).sort()).toEqual(['(payload)', 'account', 'amount']);
    }
    const unchanged = (await h.services.repos.jobs.get(jobId))!;
    expect(unchanged.status).toBe('failed');
    expect(unchanged.payload).toEqual({ account: 'RENT', amount: -100, apiToken: 'tok-very-secret-1' });

    const ok = await call<{ retried: boolean; message: string }>('errors:edit-retry', { groupId: group.id, jobId, payload: { account: 'RENT', amount: 100, apiToken: SECRET_MASK } });
    expect(ok.retried).toBe(true);
    const resolved = await until(() => groupOf('E20', 'resolved'), 'E20 resolved by its job');
    expect(resolved.resolvedBy).toBe(`job ${jobId}`);
    // The remote got the stored secret back, never the mask.
    expect(control.posted.at(-1)).toEqual({ account: 'RENT', amount: 100, apiToken: 'tok-very-secret-1' });
    const history = (await call<ErrorGroupDetail>('errors:group', { id: group.id })).actions;
    const edit = history.find((a) => a.action === 'edit_retry')!;
    expect(JSON.parse(edit.originalPayload!)).toEqual({ account: 'RENT', amount: -100, apiToken: SECRET_MASK });
    expect(JSON.parse(edit.newPayload!)).toEqual({ account: 'RENT', amount: 100, apiToken: SECRET_MASK });
    expect(edit.actor.length).toBeGreaterThan(0);
    expect(JSON.stringify(history)).not.toContain('tok-very-secret-1');
  });

  it('retries 5,000 failures over a filter in chunks, the contract answering meanwhile, then resolves them with a note', async () => {
    const N = 5_000;
    await h.services.repos.transaction(async (tx) => {
      for (let i = 0; i < N; i++)
        await h.services.queue.enqueue(tx, { connectorId: LEDGER_ID, kind: POST_ENTRY, entityKey: `B${i}`, idempotencyKey: `bulk-${i}`, payload: { account: 'BULK', amount: -1 - i } });
    });
    // Errors outside the filter: a run's failed records.
    control.records = Array.from({ length: 20 }, (_, i) => ({ id: `R${i}`, fail: 'not in the ledger' }));
    await runImport();
    const filter = { status: 'open', connectorId: LEDGER_ID, source: POST_ENTRY, reasonKind: 'rejected' } as const;
    await until(async () => (await call<ErrorPage>('errors:page', { ...filter, limit: 1 })).total === N, '5,000 open errors', 120_000, 200);
    const counts = await call<ErrorCounts>('errors:counts');
    expect(counts.bySource).toEqual(expect.arrayContaining([{ connectorId: LEDGER_ID, source: POST_ENTRY, open: N }, { connectorId: LEDGER_ID, source: IMPORT_TASK, open: 20 }]));

    // The runner stands still, so the requeued jobs can be counted before they go again.
    await h.services.jobs.stop();
    let finished = false;
    const seen: number[] = [];
    const bulk = call<BulkResult>('errors:retry-all', { filter }).finally(() => (finished = true));
    // A contract call every turn of the event loop, as a busy console would make.
    while (!finished) {
      const c = await call<{ pending: number }>('jobs:counts');
      if (!finished) seen.push(c.pending);
      await new Promise((r) => setImmediate(r));
    }
    const result = await bulk;
    expect(result).toMatchObject({ matched: N, done: N, skipped: 0 });
    // Calls answered while the bulk action was part-way: some of its chunks committed, not all.
    expect(seen.some((n) => n > 0 && n < N)).toBe(true);

    const db = peekDb(h.services.paths.database);
    expect(db.prepare(`SELECT COUNT(*) FROM jobs WHERE kind = ? AND status = 'pending' AND attempts = 0 AND entity_key LIKE 'B%'`).pluck().get(POST_ENTRY)).toBe(N);
    expect(db.prepare(`SELECT COUNT(DISTINCT a.group_id) FROM error_actions a JOIN error_groups g ON g.id = a.group_id WHERE a.action = 'retry' AND g.entity_id LIKE 'B%'`).pluck().get()).toBe(N);
    expect(db.prepare(`SELECT COUNT(*) FROM error_actions a JOIN error_groups g ON g.id = a.group_id WHERE g.entity_id LIKE 'R%'`).pluck().get()).toBe(0);

    // They fail again (still negative): still one row each, now with two failures.
    h.services.jobs.start();
    await until(() => db.prepare(`SELECT COUNT(*) FROM error_groups WHERE entity_id LIKE 'B%' AND failures = 2`).pluck().get() === N, 'the retried jobs failing again', 120_000, 200);

    const resolved = await call<BulkResult>('errors:resolve-all', { filter, note: 'test data, not real entries' });
    expect(resolved).toMatchObject({ matched: N, done: N });
    const after = await call<ErrorCounts>('errors:counts');
    expect(after.bySource).toEqual([{ connectorId: LEDGER_ID, source: IMPORT_TASK, open: 20 }]);
    const one = (await call<ErrorPage>('errors:page', { ...filter, status: 'resolved', limit: 1 })).groups[0]!;
    expect(one).toMatchObject({ resolutionNote: 'test data, not real entries' });
    expect(one.resolvedBy!.length).toBeGreaterThan(0);
    expect(db.prepare(`SELECT COUNT(*) FROM jobs WHERE entity_key LIKE 'B%' AND status = 'dismissed'`).pluck().get()).toBe(N);
  }, 300_000);
});
