import { describe, expect, it } from 'vitest';
import { UniqueViolation } from '../../../src-main/store/store-errors';
import { freshStore, sqliteStore, type StoreFactory } from './store-under-test';

/** Which remote record a local one is, per connector: one link per (entity, connector), one entity per remote id. */
export function describeExternalIdsContract(name: string, factory: StoreFactory): void {
  describe(`${name} store: external ids`, () => {
    const store = freshStore(factory);

    it('has no link before one is made, and finds it both ways after', () => {
      const { externalIds } = store();
      expect(externalIds.get('customer', 1, 'erp')).toBeNull();
      expect(externalIds.find('erp', 'customer', 'E-1')).toBeNull();
      externalIds.link('customer', 1, 'erp', 'E-1', 10);
      expect(externalIds.get('customer', 1, 'erp')).toBe('E-1');
      expect(externalIds.find('erp', 'customer', 'E-1')).toBe(1);
    });

    it('relinks an entity to a new remote id for the same connector, releasing the old one', () => {
      const { externalIds } = store();
      externalIds.link('customer', 1, 'erp', 'E-1', 10);
      externalIds.link('customer', 1, 'erp', 'E-2', 20);
      expect(externalIds.get('customer', 1, 'erp')).toBe('E-2');
      expect(externalIds.find('erp', 'customer', 'E-1')).toBeNull();
      expect(externalIds.find('erp', 'customer', 'E-2')).toBe(1);
      externalIds.link('customer', 2, 'erp', 'E-1', 30);
      expect(externalIds.find('erp', 'customer', 'E-1')).toBe(2);
    });

    it('keeps connectors and entity types apart, and lists an entity\'s links by connector', () => {
      const { externalIds } = store();
      externalIds.link('customer', 1, 'erp', 'X', 0);
      externalIds.link('customer', 1, 'mis', 'X', 0);
      externalIds.link('department', 1, 'erp', 'X', 0);
      expect(externalIds.of('customer', 1)).toEqual({ erp: 'X', mis: 'X' });
      expect(externalIds.of('department', 1)).toEqual({ erp: 'X' });
      expect(externalIds.of('customer', 2)).toEqual({});
      expect(externalIds.find('mis', 'department', 'X')).toBeNull();
    });

    it('refuses a remote id that another entity already holds for that connector, with UniqueViolation', () => {
      const { externalIds } = store();
      externalIds.link('customer', 1, 'erp', 'E-1', 0);
      expect(() => externalIds.link('customer', 2, 'erp', 'E-1', 0)).toThrow(UniqueViolation);
      expect(externalIds.find('erp', 'customer', 'E-1')).toBe(1);
      expect(externalIds.get('customer', 2, 'erp')).toBeNull();
    });
  });
}

describeExternalIdsContract('SQLite', sqliteStore);
