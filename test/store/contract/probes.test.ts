import { describe, expect, it } from 'vitest';
import { freshStore, onSqliteWhenRun, type StoreFactory, type StoreOf } from './store-under-test';

/** The aggregates this contract uses. */
type Store = StoreOf<'probes' | 'jobs' | 'accounts' | 'prices' | 'orders'>;

/** The benchmarks' read-only counts: jobs done, accounts, prices with an override digest, pending web edits. */
export function describeProbesContract(name: string, factory: StoreFactory<Store>): void {
  describe(`${name} store: probes`, () => {
    const store = freshStore(factory);

    it("answers the last job's id and when the last done job of a kind after one finished", async () => {
      const r = store();
      expect(await r.probes.lastJobId()).toBe(0);
      expect(await r.probes.lastDoneAt('push', 0)).toBeNull();
      const enqueue = async (key: string, kind: string) => await r.jobs.enqueue({ connectorId: 'erp', kind, entityKey: key, idempotencyKey: key, payload: null }, 0);
      const first = await enqueue('a', 'push');
      const second = await enqueue('b', 'push');
      await enqueue('c', 'other');
      let n = 0;
      const leases = await r.jobs.claim({ now: 1, leaseMs: 1_000, limit: 10, newToken: () => `t${++n}` });
      for (const [i, j] of leases.entries()) await r.jobs.complete(j.id, j.leaseToken!, null, 10 + i);
      const doneAt = new Map(leases.map((j, i) => [j.id, 10 + i]));
      expect(await r.probes.lastJobId()).toBe(Math.max(...leases.map((j) => j.id)));
      expect(await r.probes.lastDoneAt('push', 0)).toBe(Math.max(doneAt.get(first)!, doneAt.get(second)!));
      expect(await r.probes.lastDoneAt('push', first)).toBe(doneAt.get(second));
      expect(await r.probes.lastDoneAt('push', second)).toBeNull();
    });

    it('counts accounts, imported prices and pending edits, and digests the overrides so any change to one shows', async () => {
      const r = store();
      const acct = await r.accounts.insert({ name: 'Acme', priceLevel: 'A' }, 0);
      await r.accounts.insert({ name: 'Beta' }, 0);
      expect(await r.probes.accountCount()).toBe(2);
      await r.prices.replaceImportedPrices({ priceLevel: 'A' }, [{ item: 'BOLT', priceCents: 100 }, { item: 'NUT', priceCents: 20 }], 'x1', 1);
      const empty = await r.probes.priceCounts();
      expect([empty.imported, empty.overrides]).toEqual([2, 0]);
      const id = await r.prices.addOverride({ scope: { priceLevel: 'A' }, item: 'BOLT', kind: 'discount', value: 10, createdBy: 'sam' }, 2);
      const one = await r.probes.priceCounts();
      expect([one.imported, one.overrides]).toEqual([2, 1]);
      expect(one.overridesDigest).not.toBe(empty.overridesDigest);
      await r.prices.replaceImportedPrices({ priceLevel: 'A' }, [{ item: 'BOLT', priceCents: 90 }], 'x2', 3);
      expect(await r.probes.priceCounts()).toEqual({ ...one, imported: 1 });
      await r.prices.deleteOverride(id);
      await r.prices.addOverride({ scope: { priceLevel: 'A' }, item: 'BOLT', kind: 'discount', value: 11, createdBy: 'sam' }, 4);
      expect((await r.probes.priceCounts()).overridesDigest).not.toBe(one.overridesDigest);

      expect(await r.probes.pendingCounts()).toEqual({ pending: 0, pushed: 0 });
      await r.accounts.update(acct, { city: 'Gent', repCode: 'R1' }, 5);
      const pending = await r.accounts.pendingChanges(acct, 'pending');
      const order = await r.orders.insert({ orderNumber: 'W-1', accountId: acct, lines: [] }, 6);
      await r.accounts.markPushed([pending[0]!.id], order, 6);
      expect(await r.probes.pendingCounts()).toEqual({ pending: 1, pushed: 1 });
    });
  });
}

onSqliteWhenRun(import.meta.url, describeProbesContract);
