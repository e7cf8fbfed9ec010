import { describe, expect, it } from 'vitest';
import type { RecordUpdate } from '../../../src-main/store/record-changes-repo';
import { freshStore, onSqliteWhenRun, type StoreFactory, type StoreOf } from './store-under-test';

/** The aggregates this contract uses. */
type Store = StoreOf<'recordChanges'>;

const update = (entityId: string, runId: number | null, at: number, fields: [string, string | null, string | null][], entityType = 'customer'): RecordUpdate => ({
  connectorId: 'cerm', entityType, entityId, runId, source: 'download', at, changes: fields.map(([field, from, to]) => ({ field, from, to })),
});

/** Record changes: one row per changed field, read by run (oldest first) and by record (newest first), keyset-paged. */
export function describeRecordChangesContract(name: string, factory: StoreFactory<Store>): void {
  describe(`${name} store: record changes`, () => {
    const store = freshStore(factory);

    it('keeps a batch of updates as one row per field, in the order given, and reads a run a page at a time', async () => {
      const { recordChanges } = store();
      expect(await recordChanges.add([])).toBe(0);
      expect(await recordChanges.add([update('1', 7, 100, []), update('2', 7, 100, [['name', 'Ann', 'Anne'], ['city', null, 'Gent']])])).toBe(2);
      expect(await recordChanges.add([update('3', 7, 110, [['email', 'a@x', null]]), update('4', null, 120, [['phone', '1', '2']])])).toBe(2);
      const first = await recordChanges.ofRun(7, 0, 2);
      expect(first.changes.map(({ id: _id, ...c }) => c)).toEqual([
        { connectorId: 'cerm', entityType: 'customer', entityId: '2', runId: 7, source: 'download', field: 'name', from: 'Ann', to: 'Anne', at: 100, lostEditId: null },
        { connectorId: 'cerm', entityType: 'customer', entityId: '2', runId: 7, source: 'download', field: 'city', from: null, to: 'Gent', at: 100, lostEditId: null },
      ]);
      expect(first.nextCursor).toBe(first.changes[1]!.id);
      const second = await recordChanges.ofRun(7, first.nextCursor!, 2);
      expect(second.changes.map((c) => [c.entityId, c.field, c.from, c.to])).toEqual([['3', 'email', 'a@x', null]]);
      expect(second.nextCursor).toBeNull();
      // A change that overwrote a staff edit waiting to be pushed names it (an ERP account's History marks it lost).
      await recordChanges.add([{ connectorId: 'erp', source: 'accounts', runId: 9, entityType: 'account', entityId: '9', at: 130, changes: [{ field: 'repCode', from: 'WEB', to: 'R2', lostEditId: 41 }] }]);
      expect((await recordChanges.ofRun(9, 0, 5)).changes.map((c) => [c.field, c.from, c.to, c.lostEditId])).toEqual([['repCode', 'WEB', 'R2', 41]]);
      expect((await recordChanges.ofRun(8, 0, 10)).changes).toEqual([]);
    });

    it("groups a run's changes by record key for the run's items, leaving out records it did not change", async () => {
      const { recordChanges } = store();
      await recordChanges.add([
        update('1', 5, 1, [['name', 'a', 'b']]),
        update('1', 5, 2, [['city', 'x', 'y']]),
        update('1', 5, 2, [['name', 'b', 'c']], 'department'),
        update('2', 6, 3, [['name', 'p', 'q']]),
      ]);
      const byRecord = await recordChanges.ofRunRecords(5, [{ entityType: 'customer', entityId: '1' }, { entityType: 'customer', entityId: '2' }, { entityType: 'department', entityId: '1' }]);
      expect([...byRecord.entries()]).toEqual([
        ['customer/1', [{ field: 'name', from: 'a', to: 'b' }, { field: 'city', from: 'x', to: 'y' }]],
        ['department/1', [{ field: 'name', from: 'b', to: 'c' }]],
      ]);
      expect((await recordChanges.ofRunRecords(5, [])).size).toBe(0);
    });

    it("reads records' changes newest first across runs and pushes, a page at a time", async () => {
      const { recordChanges } = store();
      await recordChanges.add([update('1', 1, 1, [['name', 'a', 'b']]), update('2', 1, 1, [['name', 'm', 'n']])]);
      await recordChanges.add([update('1', null, 2, [['city', null, 'Gent']]), update('1', 2, 3, [['name', 'b', 'c']], 'department')]);
      await recordChanges.add([update('1', 3, 4, [['email', null, 'x@y']])]);
      const keys = [{ entityType: 'customer', entityId: '1' }, { entityType: 'department', entityId: '1' }];
      const seen: string[] = [];
      let cursor = 0;
      for (let pages = 0; pages < 10; pages++) {
        const page = await recordChanges.ofRecords(keys, cursor, 2);
        seen.push(...page.changes.map((c) => `${c.entityType}/${c.field}/${c.to}`));
        if (page.nextCursor === null) break;
        cursor = page.nextCursor;
      }
      expect(seen).toEqual(['customer/email/x@y', 'department/name/c', 'customer/city/Gent', 'customer/name/b']);
      expect((await recordChanges.ofRecords([{ entityType: 'customer', entityId: '9' }], 0, 5)).changes).toEqual([]);
    });
  });
}

onSqliteWhenRun(import.meta.url, describeRecordChangesContract);
