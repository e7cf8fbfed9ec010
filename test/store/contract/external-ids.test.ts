import { describe, expect, it } from 'vitest';
import { UniqueViolation } from '../../../src-main/store/store-errors';
import { freshStore, onSqliteWhenRun, type StoreFactory, type StoreOf } from './store-under-test';

/** The aggregates this contract uses. */
type Store = StoreOf<'externalIds'>;

/** Which remote record a local one is, per connector: one link per (entity, connector), one entity per remote id. */
export function describeExternalIdsContract(name: string, factory: StoreFactory<Store>): void {
  describe(`${name} store: external ids`, () => {
    const store = freshStore(factory);

    it('has no link before one is made, and finds it both ways after', async () => {
      const { externalIds } = store();
      expect(await externalIds.get('customer', 1, 'erp')).toBeNull();
      expect(await externalIds.find('erp', 'customer', 'E-1')).toBeNull();
      await externalIds.link('customer', 1, 'erp', 'E-1', 10);
      expect(await externalIds.get('customer', 1, 'erp')).toBe('E-1');
      expect(await externalIds.find('erp', 'customer', 'E-1')).toBe(1);
    });

    it('relinks an entity to a new remote id for the same connector, releasing the old one', async () => {
      const { externalIds } = store();
      await externalIds.link('customer', 1, 'erp', 'E-1', 10);
      await externalIds.link('customer', 1, 'erp', 'E-2', 20);
      expect(await externalIds.get('customer', 1, 'erp')).toBe('E-2');
      expect(await externalIds.find('erp', 'customer', 'E-1')).toBeNull();
      expect(await externalIds.find('erp', 'customer', 'E-2')).toBe(1);
      await externalIds.link('customer', 2, 'erp', 'E-1', 30);
      expect(await externalIds.find('erp', 'customer', 'E-1')).toBe(2);
    });

    it('keeps connectors and entity types apart, and lists an entity\'s links by connector', async () => {
      const { externalIds } = store();
      await externalIds.link('customer', 1, 'erp', 'X', 0);
      await externalIds.link('customer', 1, 'mis', 'X', 0);
      await externalIds.link('department', 1, 'erp', 'X', 0);
      expect(await externalIds.of('customer', 1)).toEqual({ erp: 'X', mis: 'X' });
      expect(await externalIds.of('department', 1)).toEqual({ erp: 'X' });
      expect(await externalIds.of('customer', 2)).toEqual({});
      expect(await externalIds.find('mis', 'department', 'X')).toBeNull();
    });

    it('finds the entities of many remote ids in one call, leaving out ids with no link and other connectors\' ids', async () => {
      const { externalIds } = store();
      await externalIds.link('customer', 1, 'erp', 'E-1', 0);
      await externalIds.link('customer', 2, 'erp', 'E-2', 0);
      await externalIds.link('customer', 3, 'mis', 'E-3', 0);
      await externalIds.link('department', 4, 'erp', 'E-4', 0);
      expect(await externalIds.findMany('erp', 'customer', ['E-2', 'E-1', 'E-2', 'E-3', 'E-4', 'nobody'])).toEqual(new Map([['E-1', 1], ['E-2', 2]]));
      expect(await externalIds.findMany('erp', 'customer', [])).toEqual(new Map());
    });

    it('gives the links a mark that changes when one is made, moved or dropped, and only then', async () => {
      const { externalIds } = store();
      const mark = async () => (await externalIds.linksMark('erp', 'customer')).mark;
      const empty = await mark();
      await externalIds.link('customer', 1, 'erp', 'E-1', 10);
      await externalIds.link('customer', 2, 'erp', 'E-2', 20);
      const two = await mark();
      expect(two).not.toBe(empty);
      expect((await externalIds.linksMark('erp', 'customer')).count).toBe(2);
      // Links of another connector or entity type are no change of these.
      await externalIds.link('customer', 3, 'mis', 'E-3', 30);
      await externalIds.link('department', 3, 'erp', 'E-3', 30);
      expect(await mark()).toBe(two);
      // E-2 moves to customer 3 with a clock set back: the link time says nothing new, the entities do.
      await externalIds.link('customer', 2, 'erp', 'E-9', 5);
      const moved = await mark();
      await externalIds.link('customer', 3, 'erp', 'E-2', 5);
      expect(await mark()).not.toBe(moved);
      expect(moved).not.toBe(two);
    });

    it('refuses a remote id that another entity already holds for that connector, with UniqueViolation', async () => {
      const { externalIds } = store();
      await externalIds.link('customer', 1, 'erp', 'E-1', 0);
      await expect(externalIds.link('customer', 2, 'erp', 'E-1', 0)).rejects.toThrow(UniqueViolation);
      expect(await externalIds.find('erp', 'customer', 'E-1')).toBe(1);
      expect(await externalIds.get('customer', 2, 'erp')).toBeNull();
    });
  });
}

onSqliteWhenRun(import.meta.url, describeExternalIdsContract);
