import { describe, expect, it } from 'vitest';
import { freshStore, onSqliteWhenRun, type StoreFactory, type StoreOf } from './store-under-test';

/** The aggregates this contract uses. */
type Store = StoreOf<'syncState'>;

/** Pull cursors per task, and the last-seen fingerprint of each remote record for change detection. */
export function describeSyncStateContract(name: string, factory: StoreFactory<Store>): void {
  describe(`${name} store: sync state`, () => {
    const store = freshStore(factory);

    it('has no cursor for a task never pulled, and keeps the last one set per connector and task', async () => {
      const { syncState } = store();
      expect(await syncState.cursor('erp', 'pull')).toBeNull();
      await syncState.setCursor('erp', 'pull', '2026-01-01T00:00:00Z', 1);
      await syncState.setCursor('erp', 'pull', '2026-02-01T00:00:00Z', 2);
      await syncState.setCursor('mis', 'pull', 'page-7', 3);
      expect(await syncState.cursor('erp', 'pull')).toBe('2026-02-01T00:00:00Z');
      expect(await syncState.cursor('mis', 'pull')).toBe('page-7');
      expect(await syncState.cursor('erp', 'push')).toBeNull();
    });

    it('says a record is created the first time, unchanged when seen the same, updated when it differs', async () => {
      const { syncState } = store();
      const v1 = { name: 'Acme', terms: 30, tags: ['a'] };
      expect(await syncState.observe('erp', 'account', 'A1', v1, null, 1)).toBe('created');
      expect(await syncState.observe('erp', 'account', 'A1', { name: 'Acme', terms: 30, tags: ['a'] }, 7, 2)).toBe('unchanged');
      expect(await syncState.observe('erp', 'account', 'A1', { ...v1, terms: 60 }, 8, 3)).toBe('updated');
      expect(await syncState.observe('erp', 'account', 'A1', { ...v1, terms: 60 }, 9, 4)).toBe('unchanged');
      expect(await syncState.observe('erp', 'account', 'A1', v1, 10, 5)).toBe('updated');
    });

    it('keeps records of different connectors, entity types and ids apart', async () => {
      const { syncState } = store();
      const v = { x: 1 };
      expect(await syncState.observe('erp', 'account', 'A1', v, null, 1)).toBe('created');
      expect(await syncState.observe('mis', 'account', 'A1', v, null, 1)).toBe('created');
      expect(await syncState.observe('erp', 'contact', 'A1', v, null, 1)).toBe('created');
      expect(await syncState.observe('erp', 'account', 'A2', v, null, 1)).toBe('created');
      expect(await syncState.count('erp', 'account')).toBe(2);
      expect(await syncState.count('mis', 'account')).toBe(1);
      expect(await syncState.count('erp', 'order')).toBe(0);
    });

    it('answers the fingerprint last observed: none before, the same for equal values, another for a change', async () => {
      const { syncState } = store();
      expect(await syncState.hashOf('erp', 'account', 'A1')).toBeNull();
      await syncState.observe('erp', 'account', 'A1', { n: 1 }, null, 1);
      const first = await syncState.hashOf('erp', 'account', 'A1');
      expect(typeof first).toBe('string');
      await syncState.observe('erp', 'account', 'B1', { n: 1 }, null, 1);
      expect(await syncState.hashOf('erp', 'account', 'B1')).toBe(first);
      await syncState.observe('erp', 'account', 'A1', { n: 2 }, null, 2);
      expect(await syncState.hashOf('erp', 'account', 'A1')).not.toBe(first);
    });

    it('observes many records in one call and reads every fingerprint of a kind back, as observe and hashOf would', async () => {
      const { syncState } = store();
      await syncState.observe('erp', 'owner', 'C1', 1, null, 1);
      await syncState.observe('erp', 'other', 'C9', 9, null, 1);
      await syncState.observeAll('erp', 'owner', [['C1', 2], ['C2', 3], ['C3', { n: 'x' }]], 4, 2);
      await syncState.observeAll('erp', 'owner', [], 5, 3);
      const seen = await syncState.hashesOf('erp', 'owner');
      expect([...seen.keys()].sort()).toEqual(['C1', 'C2', 'C3']);
      for (const id of ['C1', 'C2', 'C3']) expect(seen.get(id)).toBe(await syncState.hashOf('erp', 'owner', id));
      expect(await syncState.observe('erp', 'owner', 'C1', 2, null, 4)).toBe('unchanged');
      expect(await syncState.observe('erp', 'owner', 'C3', { n: 'x' }, null, 4)).toBe('unchanged');
      expect(await syncState.observe('erp', 'owner', 'C2', 4, null, 4)).toBe('updated');
      expect((await syncState.hashesOf('erp', 'nothing')).size).toBe(0);
    });

    it('commits a cursor with the records it covers, or neither', async () => {
      const r = store();
      const { syncState } = r;
      await expect(r.transaction(async () => {
        await syncState.observe('erp', 'account', 'A1', { n: 1 }, null, 1);
        await syncState.setCursor('erp', 'pull', 'c1', 1);
        throw new Error('page failed');
      })).rejects.toThrow('page failed');
      expect([await syncState.cursor('erp', 'pull'), await syncState.count('erp', 'account')]).toEqual([null, 0]);
      expect(await r.transaction(async () => {
        await syncState.observe('erp', 'account', 'A1', { n: 1 }, null, 1);
        await syncState.setCursor('erp', 'pull', 'c1', 1);
        return 'ok';
      })).toBe('ok');
      expect([await syncState.cursor('erp', 'pull'), await syncState.count('erp', 'account')]).toEqual(['c1', 1]);
    });
  });
}

onSqliteWhenRun(import.meta.url, describeSyncStateContract);
