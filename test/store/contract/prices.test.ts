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
      expect(await r.prices.applyImportedPrices({ priceLevel: 'A' }, [{ item: 'BOLT', priceCents: 100 }, { item: 'NUT', priceCents: 25 }, { item: 'WASHER', priceCents: 3 }], 'x2', 3)).toEqual({
        created: 1, updated: 1, unchanged: 1, removed: 1,
        // Each item's change, in item order: the scope held prices before.
        changes: [{ item: 'GEAR', fromCents: 7, toCents: null }, { item: 'NUT', fromCents: 20, toCents: 25 }, { item: 'WASHER', fromCents: null, toCents: 3 }],
      });
      expect((await r.prices.importedPrices({ priceLevel: 'A' })).map((p) => [p.item, p.priceCents, p.exportId])).toEqual([['BOLT', 100, 'x1'], ['NUT', 25, 'x2'], ['WASHER', 3, 'x2']]);
      expect(await r.prices.applyImportedPrices({ priceLevel: 'A' }, [], 'x3', 4)).toEqual({
        created: 0, updated: 0, unchanged: 0, removed: 3,
        changes: [{ item: 'BOLT', fromCents: 100, toCents: null }, { item: 'NUT', fromCents: 25, toCents: null }, { item: 'WASHER', fromCents: 3, toCents: null }],
      });
      // A scope with no prices before is all created: no change to list.
      expect((await r.prices.applyImportedPrices({ priceLevel: 'B' }, [{ item: 'BOLT', priceCents: 9 }], 'x3', 4)).changes).toEqual([]);
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
      await r.accounts.applyErpAccount(acct, { priceLevel: 'B' }, { connectorId: 'erp', source: 'accounts', runId: 1 }, 5);
      expect(await price(acct, 'NUT')).toBeNull();
      expect(await price(acct, 'GEAR')).toBe(450);
    });
    it('replaces a full export of many pages of prices, then applies the next by its differences, and no override moves', async () => {
      const r = store();
      const acct = await r.accounts.insert({ name: 'Acme', priceLevel: 'A' }, 0);
      const items = (n: number, cents: (i: number) => number) => Array.from({ length: n }, (_, i) => ({ item: `I${String(i).padStart(6, '0')}`, priceCents: cents(i) }));
      await r.prices.addOverride({ scope: { priceLevel: 'A' }, item: 'I000007', kind: 'discount', value: 12.5, createdBy: 'sam' }, 1);
      await r.prices.addOverride({ scope: { priceLevel: 'A' }, item: 'NOT-EXPORTED', kind: 'price', value: 5, createdBy: 'sam' }, 1);
      await r.prices.addOverride({ scope: { accountId: acct }, item: 'I024999', kind: 'price', value: 1, createdBy: 'kim' }, 1);
      const overrides = [await r.prices.overrides({ priceLevel: 'A' }), await r.prices.overrides({ accountId: acct })];

      expect(await r.prices.replaceImportedPrices({ priceLevel: 'A' }, items(25_000, (i) => i), 'x1', 2)).toEqual({ deleted: 0, inserted: 25_000 });
      expect(await r.prices.replaceImportedPrices({ priceLevel: 'A' }, items(24_000, (i) => i + 1), 'x2', 3)).toEqual({ deleted: 25_000, inserted: 24_000 });
      const after = await r.prices.importedPrices({ priceLevel: 'A' });
      expect([after.length, after[0]!.priceCents, after[23_999]!.item, after[23_999]!.exportId]).toEqual([24_000, 1, 'I023999', 'x2']);

      // The next export: every tenth price changed, the last 1,000 gone, 2,000 new.
      const next = items(25_000, (i) => (i < 23_000 ? (i % 10 === 0 ? i + 5 : i + 1) : i + 1)).filter((_, i) => i < 23_000 || i >= 24_000);
      next.push(...items(26_000, (i) => i).slice(25_000));
      const done = await r.prices.applyImportedPrices({ priceLevel: 'A' }, next, 'x3', 4);
      expect({ ...done, changes: done.changes.length }).toEqual({ created: 2_000, updated: 2_300, unchanged: 20_700, removed: 1_000, changes: 5_300 });
      expect(done.changes.slice(0, 2)).toEqual([{ item: 'I000000', fromCents: 1, toCents: 5 }, { item: 'I000010', fromCents: 11, toCents: 15 }]);
      const applied = await r.prices.importedPrices({ priceLevel: 'A' });
      expect(applied.map((p) => [p.item, p.priceCents])).toEqual([...next].sort((a, b) => (a.item < b.item ? -1 : 1)).map((p) => [p.item, p.priceCents]));
      expect(applied.filter((p) => p.exportId === 'x3')).toHaveLength(4_300);
      expect([await r.prices.overrides({ priceLevel: 'A' }), await r.prices.overrides({ accountId: acct })]).toEqual(overrides);
      expect((await r.prices.effectivePrice(acct, 'I000007')).priceCents).toBe(7); // 8 less 12.5%, to the cent
    });

    it('lists the scopes that hold imported prices, and a catalogue of price-level items at their lowest price', async () => {
      const r = store();
      const a = await r.accounts.insert({ name: 'A' }, 0);
      const b = await r.accounts.insert({ name: 'B' }, 0);
      expect(await r.prices.importedScopes()).toEqual([]);
      await r.prices.replaceImportedPrices({ priceLevel: 'RETAIL' }, [{ item: 'NUT', priceCents: 20 }, { item: 'BOLT', priceCents: 100 }], 'x1', 1);
      await r.prices.replaceImportedPrices({ priceLevel: 'TRADE' }, [{ item: 'BOLT', priceCents: 80 }, { item: 'GEAR', priceCents: 7 }], 'x1', 1);
      await r.prices.replaceImportedPrices({ accountId: b }, [{ item: 'AXLE', priceCents: 1 }, { item: 'BOLT', priceCents: 2 }], 'x1', 1);
      await r.prices.replaceImportedPrices({ accountId: a }, [{ item: 'BOLT', priceCents: 3 }], 'x1', 1);
      await r.prices.replaceImportedPrices({ priceLevel: 'EMPTIED' }, [], 'x1', 1);
      await r.prices.addOverride({ scope: { priceLevel: 'OVERRIDES-ONLY' }, item: 'BOLT', kind: 'price', value: 1, createdBy: 'sam' }, 1);
      expect(await r.prices.importedScopes()).toEqual([{ priceLevel: 'RETAIL' }, { priceLevel: 'TRADE' }, { accountId: a }, { accountId: b }]);
      expect(await r.prices.catalogue(10)).toEqual([{ item: 'BOLT', priceCents: 80 }, { item: 'GEAR', priceCents: 7 }, { item: 'NUT', priceCents: 20 }]);
      expect(await r.prices.catalogue(2)).toEqual([{ item: 'BOLT', priceCents: 80 }, { item: 'GEAR', priceCents: 7 }]);
    });
  });
}

onSqliteWhenRun(import.meta.url, describePricesContract);
