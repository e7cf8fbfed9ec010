import { describe, expect, it } from 'vitest';
import { freshStore, onSqliteWhenRun, type StoreFactory, type StoreOf } from './store-under-test';

/** The aggregates this contract uses. */
type Store = StoreOf<'confirmUpdates'>;

/** Incoming Enquiry updates already applied, by dedupe key: the same update twice applies once. */
export function describeConfirmUpdatesContract(name: string, factory: StoreFactory<Store>): void {
  describe(`${name} store: Confirm updates seen`, () => {
    const store = freshStore(factory);

    it('marks an update seen the first time only, whatever the second mark says', async () => {
      const { confirmUpdates } = store();
      expect(await confirmUpdates.seen('1001/1')).toBe(false);
      expect(await confirmUpdates.markSeen('1001/1', '1001', 7, 100)).toBe(true);
      expect(await confirmUpdates.seen('1001/1')).toBe(true);
      expect(await confirmUpdates.markSeen('1001/1', '2002', 8, 200)).toBe(false);
      expect(await confirmUpdates.markSeen('1001/2', '1001', null, 300)).toBe(true);
      expect(await confirmUpdates.seen('1001/2')).toBe(true);
      expect(await confirmUpdates.seen('1001/3')).toBe(false);
      expect(await confirmUpdates.count()).toBe(2);
    });

    it('tells keys apart exactly, case included', async () => {
      const { confirmUpdates } = store();
      expect(await confirmUpdates.markSeen('ENQ-1/a', 'ENQ-1', 1, 0)).toBe(true);
      expect(await confirmUpdates.markSeen('enq-1/a', 'enq-1', 1, 0)).toBe(true);
      expect(await confirmUpdates.seen('ENQ-1/A')).toBe(false);
      expect(await confirmUpdates.count()).toBe(2);
    });

    it('forgets a mark whose transaction rolled back, so the update applies when it comes again', async () => {
      const r = store();
      await expect(r.transaction(async (tx) => {
        expect(await tx.confirmUpdates.markSeen('1001/1', '1001', 7, 100)).toBe(true);
        expect(await tx.confirmUpdates.seen('1001/1')).toBe(true);
        throw new Error('the case change failed');
      })).rejects.toThrow('the case change failed');
      expect(await r.confirmUpdates.seen('1001/1')).toBe(false);
      expect(await r.confirmUpdates.count()).toBe(0);
      expect(await r.confirmUpdates.markSeen('1001/1', '1001', 7, 200)).toBe(true);
    });

    it('lets one of two transactions that mark the same update at once apply it, and the other find it applied', async () => {
      const r = store();
      const apply = async () => await r.transaction(async (tx) => await tx.confirmUpdates.markSeen('1001/1', '1001', 7, 100));
      expect((await Promise.all([apply(), apply(), apply()])).sort()).toEqual([false, false, true]);
      expect(await r.confirmUpdates.count()).toBe(1);
    });
  });
}

onSqliteWhenRun(import.meta.url, describeConfirmUpdatesContract);
