import { describe, expect, it } from 'vitest';
import { freshStore, onSqliteWhenRun, type StoreFactory, type StoreOf } from './store-under-test';

/** The aggregates this contract uses. */
type Store = StoreOf<'schedules'>;

const MINUTE = 60_000;

/** Task schedules: an interval in minutes (or none) and the next time the task is due. */
export function describeSchedulesContract(name: string, factory: StoreFactory<Store>): void {
  describe(`${name} store: schedules`, () => {
    const store = freshStore(factory);

    it('has no interval and no next run for a task never scheduled', async () => {
      expect(await store().schedules.get('erp', 'pull')).toEqual({ connectorId: 'erp', taskId: 'pull', intervalMinutes: null, nextRunAt: null });
    });

    it('sets an interval, due one interval from now, and answers what it stored', async () => {
      const { schedules } = store();
      const set = await schedules.set('erp', 'pull', 15, 1_000);
      expect(set).toEqual({ connectorId: 'erp', taskId: 'pull', intervalMinutes: 15, nextRunAt: 1_000 + 15 * MINUTE });
      expect(await schedules.get('erp', 'pull')).toEqual(set);
    });

    it('turns a schedule off with no interval: no next run, never due', async () => {
      const { schedules } = store();
      await schedules.set('erp', 'pull', 5, 0);
      expect(await schedules.set('erp', 'pull', null, 10)).toEqual({ connectorId: 'erp', taskId: 'pull', intervalMinutes: null, nextRunAt: null });
      expect(await schedules.get('erp', 'pull')).toEqual({ connectorId: 'erp', taskId: 'pull', intervalMinutes: null, nextRunAt: null });
      expect(await schedules.due(10 ** 12)).toEqual([]);
    });

    it('writes a default once: a later default never overwrites it, nor a schedule staff set', async () => {
      const { schedules } = store();
      await schedules.seedDefault('erp', 'pull', 60, 0);
      expect(await schedules.get('erp', 'pull')).toMatchObject({ intervalMinutes: 60, nextRunAt: 60 * MINUTE });
      await schedules.seedDefault('erp', 'pull', 5, 0);
      expect(await schedules.get('erp', 'pull')).toMatchObject({ intervalMinutes: 60, nextRunAt: 60 * MINUTE });
      await schedules.set('erp', 'push', null, 0);
      await schedules.seedDefault('erp', 'push', 30, 0);
      expect(await schedules.get('erp', 'push')).toMatchObject({ intervalMinutes: null, nextRunAt: null });
      await schedules.seedDefault('erp', 'report', null, 0);
      expect(await schedules.get('erp', 'report')).toMatchObject({ intervalMinutes: null, nextRunAt: null });
    });

    it('lists the schedules due by a time (inclusive), and advancing one moves it out', async () => {
      const { schedules } = store();
      await schedules.set('erp', 'a', 1, 0); // due at 1 minute
      await schedules.set('erp', 'b', 2, 0); // due at 2 minutes
      await schedules.set('mis', 'a', 10, 0);
      expect(await schedules.due(MINUTE - 1)).toEqual([]);
      expect((await schedules.due(2 * MINUTE)).sort((x, y) => x.taskId.localeCompare(y.taskId))).toEqual([
        { connectorId: 'erp', taskId: 'a', intervalMinutes: 1, nextRunAt: MINUTE },
        { connectorId: 'erp', taskId: 'b', intervalMinutes: 2, nextRunAt: 2 * MINUTE },
      ]);
      await schedules.advance('erp', 'a', 3 * MINUTE);
      expect((await schedules.due(2 * MINUTE)).map((s) => s.taskId)).toEqual(['b']);
      expect(await schedules.get('erp', 'a')).toEqual({ connectorId: 'erp', taskId: 'a', intervalMinutes: 1, nextRunAt: 3 * MINUTE });
    });

    it('moves a due slot on only from the slot read, so of two engines reading it one fires', async () => {
      const { schedules } = store();
      await schedules.set('erp', 'a', 1, 0);
      const [due] = await schedules.due(MINUTE);
      expect(await schedules.advance('erp', 'a', 2 * MINUTE, due!.nextRunAt)).toBe(true);
      expect(await schedules.advance('erp', 'a', 2 * MINUTE + 5, due!.nextRunAt)).toBe(false);
      expect((await schedules.get('erp', 'a')).nextRunAt).toBe(2 * MINUTE);
    });
  });
}

onSqliteWhenRun(import.meta.url, describeSchedulesContract);
