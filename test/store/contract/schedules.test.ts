import { describe, expect, it } from 'vitest';
import { freshStore, sqliteStore, type StoreFactory } from './store-under-test';

const MINUTE = 60_000;

/** Task schedules: an interval in minutes (or none) and the next time the task is due. */
export function describeSchedulesContract(name: string, factory: StoreFactory): void {
  describe(`${name} store: schedules`, () => {
    const store = freshStore(factory);

    it('has no interval and no next run for a task never scheduled', () => {
      expect(store().schedules.get('erp', 'pull')).toEqual({ connectorId: 'erp', taskId: 'pull', intervalMinutes: null, nextRunAt: null });
    });

    it('sets an interval, due one interval from now, and answers what it stored', () => {
      const { schedules } = store();
      const set = schedules.set('erp', 'pull', 15, 1_000);
      expect(set).toEqual({ connectorId: 'erp', taskId: 'pull', intervalMinutes: 15, nextRunAt: 1_000 + 15 * MINUTE });
      expect(schedules.get('erp', 'pull')).toEqual(set);
    });

    it('turns a schedule off with no interval: no next run, never due', () => {
      const { schedules } = store();
      schedules.set('erp', 'pull', 5, 0);
      expect(schedules.set('erp', 'pull', null, 10)).toEqual({ connectorId: 'erp', taskId: 'pull', intervalMinutes: null, nextRunAt: null });
      expect(schedules.get('erp', 'pull')).toEqual({ connectorId: 'erp', taskId: 'pull', intervalMinutes: null, nextRunAt: null });
      expect(schedules.due(10 ** 12)).toEqual([]);
    });

    it('writes a default once: a later default never overwrites it, nor a schedule staff set', () => {
      const { schedules } = store();
      schedules.seedDefault('erp', 'pull', 60, 0);
      expect(schedules.get('erp', 'pull')).toMatchObject({ intervalMinutes: 60, nextRunAt: 60 * MINUTE });
      schedules.seedDefault('erp', 'pull', 5, 0);
      expect(schedules.get('erp', 'pull')).toMatchObject({ intervalMinutes: 60, nextRunAt: 60 * MINUTE });
      schedules.set('erp', 'push', null, 0);
      schedules.seedDefault('erp', 'push', 30, 0);
      expect(schedules.get('erp', 'push')).toMatchObject({ intervalMinutes: null, nextRunAt: null });
      schedules.seedDefault('erp', 'report', null, 0);
      expect(schedules.get('erp', 'report')).toMatchObject({ intervalMinutes: null, nextRunAt: null });
    });

    it('lists the schedules due by a time (inclusive), and advancing one moves it out', () => {
      const { schedules } = store();
      schedules.set('erp', 'a', 1, 0); // due at 1 minute
      schedules.set('erp', 'b', 2, 0); // due at 2 minutes
      schedules.set('mis', 'a', 10, 0);
      expect(schedules.due(MINUTE - 1)).toEqual([]);
      expect(schedules.due(2 * MINUTE).sort((x, y) => x.taskId.localeCompare(y.taskId))).toEqual([
        { connectorId: 'erp', taskId: 'a', intervalMinutes: 1, nextRunAt: MINUTE },
        { connectorId: 'erp', taskId: 'b', intervalMinutes: 2, nextRunAt: 2 * MINUTE },
      ]);
      schedules.advance('erp', 'a', 3 * MINUTE);
      expect(schedules.due(2 * MINUTE).map((s) => s.taskId)).toEqual(['b']);
      expect(schedules.get('erp', 'a')).toEqual({ connectorId: 'erp', taskId: 'a', intervalMinutes: 1, nextRunAt: 3 * MINUTE });
    });
  });
}

describeSchedulesContract('SQLite', sqliteStore);
