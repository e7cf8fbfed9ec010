// Every incremental task shows its cursor on Sync Status, and Reset makes the next run read again what it says.
import { afterEach, describe, expect, it } from 'vitest';
import type { TaskStatus } from '../../src-preload/contract';
import { startCermCore, type CermHarness } from '../connectors/cerm/cerm-harness';
import { startConfirmCore } from '../connectors/confirm/confirm-core';
import { CONFIRM_ID, POLL_TASK_ID } from '../../src-main/connectors/confirm';

let close: (() => Promise<void>) | null = null;
afterEach(async () => {
  await close?.();
  close = null;
});

async function taskOf(dispatch: CermHarness['core']['dispatch'], connectorId: string, taskId: string): Promise<TaskStatus> {
  const r = await dispatch('sync:tasks', {});
  if (!r.ok) throw new Error(r.error.message);
  return (r.data as TaskStatus[]).find((t) => t.connectorId === connectorId && t.taskId === taskId)!;
}

describe('task cursors', () => {
  it("CERM's address sync shows where the feed stands, and after a Reset reads the whole feed again, adding nothing twice", async () => {
    const h = await startCermCore();
    close = () => h.close();
    await h.addCustomer(1, '000003');
    expect((await taskOf(h.core.dispatch, 'cerm', 'sync-addresses')).cursor).toEqual({ position: null, savedAt: null, rereads: expect.stringContaining('whole CERM address feed') });
    // The download of customers reads everything each time: no cursor.
    expect((await taskOf(h.core.dispatch, 'cerm', 'download-customers')).cursor).toBeNull();
    const first = await h.run('sync-addresses');
    const cursor = (await taskOf(h.core.dispatch, 'cerm', 'sync-addresses')).cursor!;
    expect(cursor.position).toMatch(/^CERM address changes read up to \d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? UTC/);
    expect(cursor.savedAt).toBeGreaterThan(0);
    const again = await h.run('sync-addresses');
    expect(again.counts.fetched).toBeLessThan(first.counts.fetched);
    const stored = await h.repos.addresses.countByOrigin('cerm');

    const reset = await h.core.dispatch('sync:reset-cursor', { connectorId: 'cerm', taskId: 'sync-addresses' });
    expect(reset.ok && (reset.data as TaskStatus).cursor).toMatchObject({ position: null, savedAt: null });
    expect((await h.logLines('reset-cursor')).map((l) => l.message)).toEqual([`Sync addresses from CERM: cursor reset by staff; the next run reads ${cursor.rereads}`]);
    const afterReset = await h.run('sync-addresses');
    expect(afterReset.counts.fetched).toBe(first.counts.fetched);
    expect(afterReset.counts.created).toBe(0);
    expect(await h.repos.addresses.countByOrigin('cerm')).toBe(stored);
    // A task with no cursor, and one that is running, are refused in plain words.
    const none = await h.core.dispatch('sync:reset-cursor', { connectorId: 'cerm', taskId: 'download-customers' });
    expect(none).toMatchObject({ ok: false, error: { code: 'not_found', message: 'Download customers from CERM keeps no cursor to reset.' } });
  });

  it("Confirm's poll shows the end of the window it read, and after a Reset reads the last 24 hours again", async () => {
    const h = await startConfirmCore();
    close = () => h.close();
    const dispatch = h.core.dispatch as CermHarness['core']['dispatch'];
    expect((await taskOf(dispatch, CONFIRM_ID, POLL_TASK_ID)).cursor).toMatchObject({ position: null, rereads: expect.stringContaining('last 24 hours') });
    const { runId } = await h.services.tasks.start(CONFIRM_ID, POLL_TASK_ID, 'manual');
    await h.services.tasks.wait(runId);
    const cursor = (await taskOf(dispatch, CONFIRM_ID, POLL_TASK_ID)).cursor!;
    expect(cursor.position).toMatch(/^status changes read up to \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} UTC$/);
    await h.call('sync:reset-cursor', { connectorId: CONFIRM_ID, taskId: POLL_TASK_ID });
    expect(await h.services.repos.syncState.cursor(CONFIRM_ID, POLL_TASK_ID)).toBeNull();
    expect((await taskOf(dispatch, CONFIRM_ID, POLL_TASK_ID)).cursor).toMatchObject({ position: null, savedAt: null });
  });
});
