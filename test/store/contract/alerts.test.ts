import { describe, expect, it } from 'vitest';
import { freshStore, onSqliteWhenRun, type StoreFactory, type StoreOf } from './store-under-test';

/** The aggregates this contract uses. */
type Store = StoreOf<'alerts'>;

/** Alerts (one active per kind and subject, acknowledged, cleared, mailed once) and the tasks that paused themselves. */
export function describeAlertsContract(name: string, factory: StoreFactory<Store>): void {
  describe(`${name} store: alerts`, () => {
    const store = freshStore(factory);

    it('raises one active alert per kind and subject; a cleared one makes room for the next', async () => {
      const { alerts } = store();
      const first = await alerts.raise('task_failing', 'erp', 'accounts', 'failed 3 runs', 10);
      expect(first).toEqual({
        id: first!.id, kind: 'task_failing', connectorId: 'erp', taskId: 'accounts', message: 'failed 3 runs', raisedAt: 10,
        acknowledgedAt: null, acknowledgedBy: null, clearedAt: null, mailedAt: null,
      });
      expect(await alerts.raise('task_failing', 'erp', 'accounts', 'failed 4 runs', 11)).toBeNull();
      const other = await alerts.raise('task_paused', 'erp', 'accounts', 'paused', 12);
      const connection = await alerts.raise('credentials', 'erp', null, 'no password', 13);
      expect(connection).toMatchObject({ kind: 'credentials', taskId: null });
      expect(await alerts.raise('credentials', 'erp', null, 'still none', 14)).toBeNull();
      expect((await alerts.active()).map((a) => a.id)).toEqual([connection!.id, other!.id, first!.id]);

      expect(await alerts.clear('task_failing', 'erp', 'accounts', 20)).toBe(true);
      expect(await alerts.clear('task_failing', 'erp', 'accounts', 21)).toBe(false);
      expect(await alerts.clear('credentials', 'erp', null, 22)).toBe(true);
      expect(await alerts.get(first!.id)).toMatchObject({ clearedAt: 20, message: 'failed 3 runs' });
      expect((await alerts.active()).map((a) => a.id)).toEqual([other!.id]);
      const again = await alerts.raise('task_failing', 'erp', 'accounts', 'failing again', 30);
      expect(again!.id).toBeGreaterThan(connection!.id);
      expect((await alerts.active()).map((a) => a.message)).toEqual(['failing again', 'paused']);
      expect(await alerts.get(again!.id + 100)).toBeNull();
    });

    it('lists active alerts newest raised first, the later id first among equals', async () => {
      const { alerts } = store();
      const a = await alerts.raise('task_failing', 'cerm', 'download', 'a', 50);
      const b = await alerts.raise('task_failing', 'cerm', 'addresses', 'b', 40);
      const c = await alerts.raise('task_failing', 'confirm', 'enquiries', 'c', 50);
      expect((await alerts.active()).map((x) => x.id)).toEqual([c!.id, a!.id, b!.id]);
    });

    it('acknowledges once, keeping who and when, and the alert stays active until it clears', async () => {
      const { alerts } = store();
      const a = await alerts.raise('task_paused', 'erp', 'prices', 'paused', 1);
      expect(await alerts.acknowledge(a!.id, 'kim', 5)).toBe(true);
      expect(await alerts.acknowledge(a!.id, 'sam', 6)).toBe(false);
      expect(await alerts.acknowledge(a!.id + 1, 'sam', 6)).toBe(false);
      expect((await alerts.active())[0]).toMatchObject({ id: a!.id, acknowledgedAt: 5, acknowledgedBy: 'kim', clearedAt: null });
    });

    it('hands each alert to the digest until it is marked mailed, cleared or not, oldest first', async () => {
      const { alerts } = store();
      const a = await alerts.raise('task_failing', 'erp', 'accounts', 'a', 1);
      const b = await alerts.raise('credentials', 'erp', null, 'b', 2);
      const c = await alerts.raise('task_failing', 'cerm', 'download', 'c', 3);
      await alerts.clear('credentials', 'erp', null, 4);
      expect((await alerts.unmailed()).map((x) => x.id)).toEqual([a!.id, b!.id, c!.id]);
      await alerts.markMailed([a!.id, b!.id], 9);
      await alerts.markMailed([], 10);
      expect((await alerts.unmailed()).map((x) => x.id)).toEqual([c!.id]);
      expect((await alerts.get(a!.id))!.mailedAt).toBe(9);
    });

    it('pauses a task once until it is resumed, and lists pauses oldest first', async () => {
      const { alerts } = store();
      expect(await alerts.isPaused('erp', 'accounts')).toBe(false);
      expect(await alerts.pause('erp', 'accounts', '5 failed runs', 100)).toBe(true);
      expect(await alerts.pause('erp', 'accounts', 'again', 200)).toBe(false);
      expect(await alerts.pause('cerm', 'download', '6 failed runs', 50)).toBe(true);
      expect(await alerts.isPaused('erp', 'accounts')).toBe(true);
      expect(await alerts.isPaused('erp', 'prices')).toBe(false);
      expect(await alerts.pauses()).toEqual([
        { connectorId: 'cerm', taskId: 'download', reason: '6 failed runs', pausedAt: 50 },
        { connectorId: 'erp', taskId: 'accounts', reason: '5 failed runs', pausedAt: 100 },
      ]);
      expect(await alerts.resume('erp', 'accounts')).toBe(true);
      expect(await alerts.resume('erp', 'accounts')).toBe(false);
      expect(await alerts.isPaused('erp', 'accounts')).toBe(false);
      expect((await alerts.pauses()).map((p) => p.taskId)).toEqual(['download']);
    });
  });
}

onSqliteWhenRun(import.meta.url, describeAlertsContract);
