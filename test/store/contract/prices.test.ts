import { describe, expect, it } from 'vitest';
import { NotFound, UniqueViolation } from '../../../src-main/store/store-errors';
import { freshStore, onSqliteWhenRun, type StoreFactory, type StoreOf } from './store-under-test';

/** The aggregates this contract uses. */
type Store = StoreOf<'prices' | 'accounts'>;

/** Prices: full ERP exports replace imported prices of a scope and never manual overrides; the effective price. */
export function describePricesContract(name: string, factory: StoreFactory<Store>): void {
  describe(`${name} store: prices`, () => {
    const store = freshStore(factory);

    it('replaces the imported prices of one scope with a full export, leaving other scopes as they were', async () => {
      const r = store();
      const acct = await r.accounts.insert({ name: 'Acme', priceLevel: 'A' }, 0);
      await r.prices.replaceImportedPrices({ priceLevel: 'A' }, [{ item: 'BOLT', priceCents: 100 }, { item: 'NUT', priceCents: 20 }], 'x1', 1);
      await r.prices.replaceImportedPrices({ priceLevel: 'B' }, [{ item: 'BOLT', priceCents: 90 }], 'x1', 1);
      await r.prices.replaceImportedPrices({ accountId: acct }, [{ item: 'BOLT', priceCents: 80 }], 'x1', 1);
      expect(await r.prices.replaceImportedPrices({ priceLevel: 'A' }, [{ item: 'WASHER', priceCents: 5 }], 'x2', 2)).toEqual({ deleted: 2, inserted: 1 });
      expect((await r.prices.importedPrices({ priceLevel: 'A' })).map(({ id: _id, ...p }) => p)).toEqual([
        { scope: { priceLevel: 'A' }, item: 'WASHER', priceCents: 5, exportId: 'x2', importedAt: 2 },
      ]);
      expect((await r.prices.importedPrices({ priceLevel: 'B' })).map((p) => [p.item, p.priceCents])).toEqual([['BOLT', 90]]);
      expect((await r.prices.importedPrices({ accountId: acct })).map((p) => [p.scope, p.item, p.priceCents])).toEqual([[{ accountId: acct }, 'BOLT', 80]]);
    });

    it('applies a full export by its differences: only changed rows are written, and the scope ends as the export says', async () => {
      const r = store();
      await r.prices.replaceImportedPrices({ priceLevel: 'A' }, [{ item: 'BOLT', priceCents: 100 }, { item: 'NUT', priceCents: 20 }, { item: 'GEAR', priceCents: 7 }], 'x1', 1);
      await r.prices.addOverride({ scope: { priceLevel: 'A' }, item: 'NUT', kind: 'price', value: 15, createdBy: 'kim' }, 2);
      const overrides = await r.prices.overrides({ priceLevel: 'A' });
      expect(await r.prices.applyImportedPrices({ priceLevel: 'A' }, [{ item: 'BOLT', priceCents: 100 }, { item: 'NUT', priceCents: 25 }, { item: 'WASHER', priceCents: 3 }], 'x2', 3)).toEqual({ created: 1, updated: 1, unchanged: 1, removed: 1 });
      expect((await r.prices.importedPrices({ priceLevel: 'A' })).map((p) => [p.item, p.priceCents, p.exportId])).toEqual([['BOLT', 100, 'x1'], ['NUT', 25, 'x2'], ['WASHER', 3, 'x2']]);
      expect(await r.prices.applyImportedPrices({ priceLevel: 'A' }, [], 'x3', 4)).toEqual({ created: 0, updated: 0, unchanged: 0, removed: 3 });
      expect(await r.prices.overrides({ priceLevel: 'A' })).toEqual(overrides);
      await r.prices.applyImportedPrices({ priceLevel: 'A' }, [{ item: 'BOLT', priceCents: 1 }], 'x4', 5);
      await expect(r.prices.applyImportedPrices({ priceLevel: 'A' }, [{ item: 'NUT', priceCents: 1 }, { item: 'NUT', priceCents: 2 }], 'x5', 6)).rejects.toThrow(UniqueViolation);
      expect((await r.prices.importedPrices({ priceLevel: 'A' })).map((p) => [p.item, p.exportId])).toEqual([['BOLT', 'x4']]);
    });

    it('keeps every override when a full export empties a price level, and applies the export whole or not at all', async () => {
      const r = store();
      const acct = await r.accounts.insert({ name: 'Acme', priceLevel: 'A' }, 0);
      await r.prices.replaceImportedPrices({ priceLevel: 'A' }, [{ item: 'BOLT', priceCents: 100 }, { item: 'NUT', priceCents: 20 }], 'x1', 1);
      await r.prices.addOverride({ scope: { priceLevel: 'A' }, item: 'BOLT', kind: 'discount', value: 10, createdBy: 'sam' }, 2);
      await r.prices.addOverride({ scope: { priceLevel: 'A' }, item: 'GEAR', kind: 'price', value: 700, createdBy: 'sam' }, 2);
      await r.prices.addOverride({ scope: { accountId: acct }, item: 'NUT', kind: 'price', value: 15, createdBy: 'kim' }, 3);
      const before = [await r.prices.overrides({ priceLevel: 'A' }), await r.prices.overrides({ accountId: acct })];
      expect(before.map((o) => o.length)).toEqual([2, 1]);
      expect(await r.prices.replaceImportedPrices({ priceLevel: 'A' }, [], 'x2', 4)).toEqual({ deleted: 2, inserted: 0 });
      expect(await r.prices.importedPrices({ priceLevel: 'A' })).toEqual([]);
      expect([await r.prices.overrides({ priceLevel: 'A' }), await r.prices.overrides({ accountId: acct })]).toEqual(before);
      // An export naming an item twice is refused, and the prices from before it stay.
      await r.prices.replaceImportedPrices({ priceLevel: 'A' }, [{ item: 'BOLT', priceCents: 100 }], 'x3', 5);
      await expect(r.prices.replaceImportedPrices({ priceLevel: 'A' }, [{ item: 'NUT', priceCents: 1 }, { item: 'NUT', priceCents: 2 }], 'x4', 6)).rejects.toThrow(UniqueViolation);
      expect((await r.prices.importedPrices({ priceLevel: 'A' })).map((p) => [p.item, p.exportId])).toEqual([['BOLT', 'x3']]);
      await expect(r.prices.replaceImportedPrices({ accountId: 9_999 }, [{ item: 'NUT', priceCents: 1 }], 'x5', 7)).rejects.toThrow(NotFound);
    });

    it('keeps one override per scope and item, checks its value, and deletes it', async () => {
      const { prices } = store();
      const id = await prices.addOverride({ scope: { priceLevel: 'A' }, item: 'BOLT', kind: 'price', value: 99, createdBy: 'sam' }, 7);
      expect(await prices.overrides({ priceLevel: 'A' })).toEqual([{ id, scope: { priceLevel: 'A' }, item: 'BOLT', kind: 'price', value: 99, createdBy: 'sam', createdAt: 7 }]);
      await expect(prices.addOverride({ scope: { priceLevel: 'A' }, item: 'BOLT', kind: 'discount', value: 5, createdBy: 'kim' }, 8)).rejects.toThrow(UniqueViolation);
      await expect(prices.addOverride({ scope: { priceLevel: 'A' }, item: 'NUT', kind: 'discount', value: 150, createdBy: 'kim' }, 8)).rejects.toThrow(RangeError);
      await expect(prices.addOverride({ scope: { priceLevel: 'A' }, item: 'NUT', kind: 'price', value: 1.5, createdBy: 'kim' }, 8)).rejects.toThrow(RangeError);
      expect(await prices.deleteOverride(id)).toBe(true);
      expect(await prices.deleteOverride(id)).toBe(false);
      expect(await prices.overrides({ priceLevel: 'A' })).toEqual([]);
    });

    it("answers the effective price: the account's own before its level's, an override price replacing, a discount taking its percent off", async () => {
      const r = store();
      const acct = await r.accounts.insert({ name: 'Acme', priceLevel: 'A' }, 0);
      const other = await r.accounts.insert({ name: 'Other', priceLevel: 'B' }, 0);
      await r.prices.replaceImportedPrices({ priceLevel: 'A' }, [{ item: 'BOLT', priceCents: 1_000 }, { item: 'NUT', priceCents: 333 }, { item: 'GEAR', priceCents: 500 }], 'x1', 1);
      await r.prices.replaceImportedPrices({ accountId: acct }, [{ item: 'GEAR', priceCents: 450 }], 'x1', 1);
      const price = async (accountId: number, item: string) => (await r.prices.effectivePrice(accountId, item)).priceCents;
      expect(await price(acct, 'BOLT')).toBe(1_000);
      expect(await price(acct, 'GEAR')).toBe(450);
      expect(await price(acct, 'NONE')).toBeNull();
      expect(await price(other, 'BOLT')).toBeNull();

      await r.prices.addOverride({ scope: { priceLevel: 'A' }, item: 'NUT', kind: 'discount', value: 10, createdBy: 'sam' }, 2);
      expect(await price(acct, 'NUT')).toBe(300); // 333 less 10%, to the cent
      await r.prices.addOverride({ scope: { priceLevel: 'A' }, item: 'BOLT', kind: 'discount', value: 25, createdBy: 'sam' }, 2);
      await r.prices.addOverride({ scope: { accountId: acct }, item: 'BOLT', kind: 'price', value: 600, createdBy: 'kim' }, 3);
      const bolt = await r.prices.effectivePrice(acct, 'BOLT');
      expect(bolt.priceCents).toBe(600);
      expect(bolt.imported).toMatchObject({ scope: { priceLevel: 'A' }, priceCents: 1_000 });
      expect(bolt.override).toMatchObject({ scope: { accountId: acct }, kind: 'price', value: 600 });
      // A discount with nothing imported to take it off is no price; an override price needs no imported one.
      await r.prices.addOverride({ scope: { accountId: other }, item: 'BOLT', kind: 'discount', value: 5, createdBy: 'kim' }, 4);
      await r.prices.addOverride({ scope: { accountId: other }, item: 'NUT', kind: 'price', value: 40, createdBy: 'kim' }, 4);
      expect(await price(other, 'BOLT')).toBeNull();
      expect(await price(other, 'NUT')).toBe(40);
      // The account's level decides: moved to B, the level A prices and overrides no longer apply.
      await r.accounts.applyErpAccount(acct, { priceLevel: 'B' }, 1, 5);
      expect(await price(acct, 'NUT')).toBeNull();
      expect(await price(acct, 'GEAR')).toBe(450);
    });
  });
}

onSqliteWhenRun(import.meta.url, describePricesContract);
