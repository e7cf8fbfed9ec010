import { afterEach, describe, expect, it } from 'vitest';
import { startErpCore, type ErpCore } from './erp-core';
import { whenRunAlone, type CoreStore } from '../../support/core-store';

/** The ERP's price import, on the store given (both run it: test/store/postgres/connectors-matrix.test.ts). */
export function describeErpPrices(store: CoreStore): void {
  describe(`prices from the ERP (${store.name})`, () => {
    let h: ErpCore | null = null;
    const start = async (opts: Parameters<typeof startErpCore>[0] = {}) => await startErpCore({ ...opts, store });
    afterEach(async () => {
      await h?.close();
      h = null;
    });

    it('a full export, including a level exported empty, replaces the imported prices and leaves every manual override as it was', async () => {
      // 200 items: 5 levels of 200 prices, and 500 customer prices over 50 customers.
      h = await start({ customers: 50, prices: 1_500, items: 200 });
      await h.run('accounts');
      const first = await h.run('prices');
      expect(first.status).toBe('success');
      expect(first.counts.fetched).toBe(1_500);
      expect(await h.repos.prices.importedPrices({ priceLevel: 'GOLD' })).toHaveLength(200);
      const a1 = (await h.repos.accounts.byAccountNumber('C000001'))!;
      expect((await h.repos.prices.importedPrices({ accountId: a1.id })).length).toBe(10);

      const now = Date.now();
      const overrides = [
        await h.repos.prices.addOverride({ scope: { priceLevel: 'GOLD' }, item: 'ITEM-00001', kind: 'price', value: 999, createdBy: 'staff' }, now),
        await h.repos.prices.addOverride({ scope: { priceLevel: 'GOLD' }, item: 'ITEM-00002', kind: 'discount', value: 15, createdBy: 'staff' }, now),
        await h.repos.prices.addOverride({ scope: { priceLevel: 'RETAIL' }, item: 'ITEM-00003', kind: 'price', value: 5, createdBy: 'staff' }, now),
        await h.repos.prices.addOverride({ scope: { accountId: a1.id }, item: 'ITEM-00009', kind: 'discount', value: 50, createdBy: 'staff' }, now),
        // For an item the ERP never priced: still kept.
        await h.repos.prices.addOverride({ scope: { priceLevel: 'GOLD' }, item: 'NOT-IN-ERP', kind: 'price', value: 100, createdBy: 'staff' }, now),
      ];
      expect(overrides).toHaveLength(5);
      const snapshot = async () => await h!.sql.all(`SELECT * FROM price_overrides ORDER BY id`);
      const before = await snapshot();

      // The ERP now lists no price at all for GOLD.
      h.sandbox.emptiedPriceClasses.add('GOLD');
      const second = await h.run('prices');
      expect(second.status).toBe('success');
      expect(await h.repos.prices.importedPrices({ priceLevel: 'GOLD' })).toEqual([]);
      expect(await h.repos.prices.importedPrices({ priceLevel: 'RETAIL' })).toHaveLength(200);
      expect(await snapshot()).toEqual(before);

      const items = await h.items(second.id);
      expect(items.find((i) => i.entityType === 'price-level' && i.entityId === 'GOLD')).toMatchObject({ action: 'updated', message: 'price level GOLD: 0 new, 0 changed, 0 unchanged, 200 removed (the export lists no price for it: emptied; its manual overrides are kept)' });
      expect(items.find((i) => i.entityType === 'price-level' && i.entityId === 'RETAIL')).toMatchObject({ action: 'unchanged' });
      // The update records each item's price, old and new: the run's page and the level's history show them.
      const changes = (await h.repos.recordChanges.ofRun(second.id, 0, 1_000)).changes;
      expect(changes).toHaveLength(200);
      expect(changes.every((c) => c.entityType === 'price-level' && c.entityId === 'GOLD' && /^price of ITEM-\d{5}$/.test(c.field) && /^\d+\.\d\d$/.test(c.from ?? '') && c.to === null)).toBe(true);
      expect(changes[0]!.field).toBe('price of ITEM-00001');
      // An override with no imported price under it still gives its price.
      expect((await h.repos.prices.effectivePrice(a1.id, 'ITEM-00009')).override?.value).toBe(50);

      // Listed again: the level's prices come back, the overrides still as they were.
      h.sandbox.emptiedPriceClasses.clear();
      const third = await h.run('prices');
      expect((await h.items(third.id)).find((i) => i.entityId === 'GOLD')).toMatchObject({ action: 'created', message: 'price level GOLD: 200 new, 0 changed, 0 unchanged, 0 removed' });
      expect((await h.repos.recordChanges.ofRun(third.id, 0, 10)).changes).toEqual([]);
      expect(await snapshot()).toEqual(before);
    });

    it('skips the prices of ERP customers that are no account here, with the reason', async () => {
      h = await start({ customers: 50, prices: 1_500, items: 200 });
      const run = await h.run('prices');
      const skipped = (await h.items(run.id)).filter((i) => i.action === 'skipped');
      expect(skipped).toHaveLength(50);
      expect(skipped[0]!.message).toMatch(/^10 prices for ERP customer C0000\d\d not imported: no account with this number here \(run Accounts from the ERP first\)$/);
    });
  });
}

whenRunAlone(import.meta.url, describeErpPrices);
