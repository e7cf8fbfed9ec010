import { describe, expect, it } from 'vitest';
import type { AddressFields } from '../../../src-main/store/addresses-repo';
import { NotFound } from '../../../src-main/store/store-errors';
import { freshStore, onSqliteWhenRun, type StoreFactory, type StoreOf } from './store-under-test';

/** The aggregates this contract uses. */
type Store = StoreOf<'customers' | 'addresses'>;

const fields = (street: string, more: Partial<AddressFields> = {}): AddressFields => ({
  kind: 'delivery', name: 'Head office', street, number: '1', postalCode: '1000', city: 'Brussels', country: 'BE', email: null, phone: null, ...more,
});

const customer = async (r: Store, email: string) => await r.customers.insert({ email, firstName: 'A', lastName: 'B', origin: 'staff' }, 0);

/** Addresses: a customer's own (local) ones, and ones another system owns, keyed by that system and its id. */
export function describeAddressesContract(name: string, factory: StoreFactory<Store>): void {
  describe(`${name} store: addresses`, () => {
    const store = freshStore(factory);

    it('gives back a local address of a customer as local, with no external id', async () => {
      const r = store();
      const c = await customer(r, 'a@x.com');
      const id = await r.addresses.addLocal(c, fields('Main St', { kind: 'invoice', email: 'ap@x.com', phone: '+32 2' }), 100);
      expect(await r.addresses.ofCustomer(c)).toEqual([
        { id, customerId: c, kind: 'invoice', name: 'Head office', street: 'Main St', number: '1', postalCode: '1000', city: 'Brussels', country: 'BE', email: 'ap@x.com', phone: '+32 2', origin: 'local', externalId: null, updatedAt: 100 },
      ]);
      expect(await r.addresses.countByOrigin('local')).toBe(1);
    });

    it('writes an address another system owns once per system and id: a second write updates it in place', async () => {
      const r = store();
      const a = await customer(r, 'a@x.com');
      const b = await customer(r, 'b@x.com');
      await r.addresses.upsertExternal('mis', 'ADDR-1', a, fields('Old St'), 1);
      const first = (await r.addresses.getExternal('mis', 'ADDR-1'))!;
      expect(first).toMatchObject({ customerId: a, street: 'Old St', origin: 'mis', externalId: 'ADDR-1', updatedAt: 1 });
      await r.addresses.upsertExternal('mis', 'ADDR-1', b, fields('New St', { kind: 'both', city: null }), 2);
      expect(await r.addresses.getExternal('mis', 'ADDR-1')).toEqual({ ...first, customerId: b, kind: 'both', street: 'New St', city: null, updatedAt: 2 });
      expect(await r.addresses.ofCustomer(a)).toEqual([]);
      expect(await r.addresses.countByOrigin('mis')).toBe(1);
    });

    it('reads many of one system\'s addresses by external id at once, leaving out unknown ones and other systems\'', async () => {
      const r = store();
      const c = await customer(r, 'a@x.com');
      await r.addresses.upsertExternal('mis', 'ADDR-1', c, fields('One St'), 1);
      await r.addresses.upsertExternal('mis', 'ADDR-2', c, fields('Two St'), 1);
      await r.addresses.upsertExternal('crm', 'ADDR-3', c, fields('Three St'), 1);
      const found = await r.addresses.externalMany('mis', ['ADDR-2', 'ADDR-1', 'ADDR-3', 'NONE']);
      expect(found.map((a) => [a.externalId, a.street]).sort()).toEqual([['ADDR-1', 'One St'], ['ADDR-2', 'Two St']]);
      expect(await r.addresses.externalMany('mis', [])).toEqual([]);
    });

    it('keeps the same external id of two systems apart', async () => {
      const r = store();
      const c = await customer(r, 'a@x.com');
      await r.addresses.upsertExternal('mis', 'X1', c, fields('Mis St'), 1);
      await r.addresses.upsertExternal('erp', 'X1', c, fields('Erp St'), 1);
      expect((await r.addresses.getExternal('mis', 'X1'))!.street).toBe('Mis St');
      expect((await r.addresses.getExternal('erp', 'X1'))!.street).toBe('Erp St');
      expect(await r.addresses.getExternal('crm', 'X1')).toBeNull();
    });

    it("lists a customer's addresses grouped by origin in name order, then in the order they were added", async () => {
      const r = store();
      const c = await customer(r, 'a@x.com');
      const other = await customer(r, 'b@x.com');
      const l1 = await r.addresses.addLocal(c, fields('L1'), 0);
      await r.addresses.upsertExternal('mis', 'M1', c, fields('M1'), 0);
      await r.addresses.upsertExternal('erp', 'E1', c, fields('E1'), 0);
      const l2 = await r.addresses.addLocal(c, fields('L2'), 0);
      await r.addresses.addLocal(other, fields('not theirs'), 0);
      expect((await r.addresses.ofCustomer(c)).map((a) => [a.origin, a.street])).toEqual([['erp', 'E1'], ['local', 'L1'], ['local', 'L2'], ['mis', 'M1']]);
      expect((await r.addresses.ofCustomer(c)).filter((a) => a.origin === 'local').map((a) => a.id)).toEqual([l1, l2]);
    });

    it('removes an address another system dropped, and only that one', async () => {
      const r = store();
      const c = await customer(r, 'a@x.com');
      await r.addresses.upsertExternal('mis', 'M1', c, fields('M1'), 0);
      await r.addresses.upsertExternal('mis', 'M2', c, fields('M2'), 0);
      await r.addresses.addLocal(c, fields('L1'), 0);
      expect(await r.addresses.removeExternal('mis', 'M1')).toBe(true);
      expect(await r.addresses.removeExternal('mis', 'M1')).toBe(false);
      expect(await r.addresses.removeExternal('erp', 'M2')).toBe(false);
      expect((await r.addresses.ofCustomer(c)).map((a) => a.street)).toEqual(['L1', 'M2']);
      expect([await r.addresses.countByOrigin('mis'), await r.addresses.countByOrigin('local'), await r.addresses.countByOrigin('erp')]).toEqual([1, 1, 0]);
    });

    it('applies a page of external addresses at once: new, changed, the same, removed, and removals of nothing', async () => {
      const r = store();
      const a = await customer(r, 'a@x.com');
      const b = await customer(r, 'b@x.com');
      await r.addresses.upsertExternal('mis', 'KEEP', a, fields('Same St'), 1);
      await r.addresses.upsertExternal('mis', 'EDIT', a, fields('Old St'), 1);
      await r.addresses.upsertExternal('mis', 'MOVE', a, fields('Move St'), 1);
      await r.addresses.upsertExternal('mis', 'GONE', a, fields('Gone St'), 1);
      await r.addresses.upsertExternal('erp', 'NEW', a, fields('Erp St'), 1);
      const changes = await r.transaction(async (tx) =>
        await tx.addresses.applyExternalPage('mis', [
          { externalId: 'NEW', customerId: b, fields: fields('New St', { email: 'n@x.com' }) },
          { externalId: 'KEEP', customerId: a, fields: fields('Same St') },
          { externalId: 'EDIT', customerId: a, fields: fields('Old St', { phone: '+32 9' }) },
          { externalId: 'MOVE', customerId: b, fields: fields('Move St') },
          { externalId: 'GONE', customerId: null, fields: fields('Gone St') },
          { externalId: 'NEVER', customerId: null, fields: fields('Never St') },
        ], 5));
      expect(changes).toEqual(['created', 'unchanged', 'updated', 'updated', 'removed', null]);
      expect(await r.addresses.getExternal('mis', 'NEW')).toMatchObject({ customerId: b, street: 'New St', email: 'n@x.com', origin: 'mis', updatedAt: 5 });
      expect(await r.addresses.getExternal('mis', 'KEEP')).toMatchObject({ street: 'Same St', updatedAt: 1 });
      expect(await r.addresses.getExternal('mis', 'EDIT')).toMatchObject({ phone: '+32 9', updatedAt: 5 });
      expect(await r.addresses.getExternal('mis', 'MOVE')).toMatchObject({ customerId: b, updatedAt: 5 });
      expect(await r.addresses.getExternal('mis', 'GONE')).toBeNull();
      expect(await r.addresses.getExternal('erp', 'NEW')).toMatchObject({ customerId: a, street: 'Erp St' });
      expect(await r.addresses.applyExternalPage('mis', [], 6)).toEqual([]);
    });

    it('judges an address listed twice in one page against its first listing, and counts a new one after the newest was removed as new', async () => {
      const r = store();
      const a = await customer(r, 'a@x.com');
      await r.addresses.upsertExternal('mis', 'OLD', a, fields('Old St'), 1);
      await r.addresses.upsertExternal('mis', 'NEWEST', a, fields('Newest St'), 1);
      // A page of listings: an external id with its street, or null for a removal (the street then is what was stored).
      const apply = async (listings: [string, string, 'removed'?][], at: number) =>
        await r.transaction(async (tx) =>
          await tx.addresses.applyExternalPage('mis', listings.map(([externalId, street, removed]) => ({ externalId, customerId: removed ? null : a, fields: fields(street) })), at));
      const changes = await apply([
        ['TWICE', 'First St'], ['TWICE', 'First St'], ['MOVED', 'Here St'], ['MOVED', 'There St'], ['OLD', 'Old St'], ['OLD', 'Changed St'],
        ['NEWEST', 'Newest St', 'removed'], ['AFTER', 'After St'], ['BRIEF', 'Brief St'],
      ], 5);
      expect(changes).toEqual(['created', 'unchanged', 'created', 'updated', 'unchanged', 'updated', 'removed', 'created', 'created']);
      expect(await r.addresses.getExternal('mis', 'MOVED')).toMatchObject({ street: 'There St' });
      expect(await r.addresses.getExternal('mis', 'OLD')).toMatchObject({ street: 'Changed St', updatedAt: 5 });
      expect(await r.addresses.getExternal('mis', 'AFTER')).toMatchObject({ street: 'After St' });
      // A new address after one created (the newest) and removed within the same page is new too.
      expect(await apply([['SHORT', 'Short St'], ['SHORT', 'Short St', 'removed'], ['LATER', 'Later St']], 6)).toEqual(['created', 'removed', 'created']);
      expect(await r.addresses.getExternal('mis', 'SHORT')).toBeNull();
      // Gone and back within one page: kept, as listed last; stored, changed and changed back: as stored.
      const back = await apply([['OLD', 'Changed St', 'removed'], ['OLD', 'Returned St'], ['AFTER', 'Detour St'], ['AFTER', 'After St']], 7);
      expect(back).toEqual(['removed', 'created', 'updated', 'updated']);
      expect(await r.addresses.getExternal('mis', 'OLD')).toMatchObject({ street: 'Returned St' });
      expect(await r.addresses.getExternal('mis', 'AFTER')).toMatchObject({ street: 'After St' });
      expect(await r.addresses.countByOrigin('mis')).toBe(6);
    });

    it('judges a page right when another table was written last, with an id the page\'s first insert takes too', async () => {
      const r = store();
      const a = await customer(r, 'a@x.com');
      await customer(r, 'b@x.com');
      await r.addresses.upsertExternal('mis', 'EDIT', a, fields('Old St'), 1);
      await r.addresses.upsertExternal('mis', 'KEEP', a, fields('Keep St'), 1);
      const largest = Math.max(...(await r.addresses.ofCustomer(a)).map((x) => x.id));
      // Another table's row written last, with the id the next address will take (or above the addresses' largest).
      let other = await customer(r, 'c@x.com');
      while (other <= largest) other = await customer(r, `c${other}@x.com`);
      const changes = await r.transaction(async (tx) =>
        await tx.addresses.applyExternalPage('mis', [
          { externalId: 'EDIT', customerId: a, fields: fields('New St') },
          { externalId: 'KEEP', customerId: a, fields: fields('Keep St') },
          { externalId: 'NEW', customerId: a, fields: fields('Fresh St') },
          { externalId: 'EDIT', customerId: a, fields: fields('Newer St') },
        ], 5));
      expect(changes).toEqual(['updated', 'unchanged', 'created', 'updated']);
      expect(await r.addresses.getExternal('mis', 'EDIT')).toMatchObject({ street: 'Newer St', updatedAt: 5 });
    });

    it('refuses an address for a customer that does not exist with NotFound', async () => {
      const r = store();
      await expect(r.addresses.addLocal(4_242, fields('Nowhere'), 0)).rejects.toThrow(NotFound);
      await expect(r.addresses.upsertExternal('mis', 'M1', 4_242, fields('Nowhere'), 0)).rejects.toThrow(NotFound);
      expect(await r.addresses.getExternal('mis', 'M1')).toBeNull();
    });
  });
}

onSqliteWhenRun(import.meta.url, describeAddressesContract);
