import { describe, expect, it } from 'vitest';
import { NotFound, UniqueViolation } from '../../../src-main/store/store-errors';
import { freshStore, onSqliteWhenRun, type StoreFactory, type StoreOf } from './store-under-test';

/** The aggregates this contract uses. */
type Store = StoreOf<'orders' | 'accounts'>;

/** Orders: B2B (an account and contact) or B2C (the customer's details), lines, a unique order number, ERP ids. */
export function describeOrdersContract(name: string, factory: StoreFactory<Store>): void {
  describe(`${name} store: orders`, () => {
    const store = freshStore(factory);

    it('gives back a B2B order with its ship-to as placed, its lines and total', async () => {
      const r = store();
      const acct = await r.accounts.insert({ name: 'Acme', accountNumber: 'C-1' }, 0);
      const contact = await r.accounts.addContact(acct, { name: 'Pat', email: 'pat@acme.com' }, 0);
      const dock = await r.accounts.putShipTo(acct, { name: 'Dock', line1: '1 Quay', line2: null, city: 'Hull', state: null, postalCode: 'HU1', country: 'GB' }, 'MAIN', 0);
      const id = await r.orders.insert({
        orderNumber: ' W-1001 ', accountId: acct, contactId: contact, poNumber: 'PO-9',
        shipTo: { addressId: dock, name: 'Dock', line1: '1 Quay', city: 'Hull', postalCode: 'HU1', country: 'GB' },
        lines: [{ item: 'BOLT', qty: 3, unitPriceCents: 250 }, { item: 'NUT', qty: 10, unitPriceCents: 15 }],
      }, 100);
      expect(await r.orders.get(id)).toEqual({
        id, orderNumber: 'W-1001', accountId: acct, contactId: contact, customer: null,
        shipTo: { addressId: dock, name: 'Dock', line1: '1 Quay', line2: null, city: 'Hull', state: null, postalCode: 'HU1', country: 'GB' },
        poNumber: 'PO-9', status: 'placed', erpOrderId: null, erpCustomerId: null,
        lines: [{ item: 'BOLT', qty: 3, unitPriceCents: 250 }, { item: 'NUT', qty: 10, unitPriceCents: 15 }], totalCents: 900, createdAt: 100, updatedAt: 100,
      });
      expect((await r.orders.byNumber('W-1001'))!.id).toBe(id);
      expect(await r.orders.get(id + 1)).toBeNull();
    });

    it('takes a B2C order with the customer\'s details and no account; one with neither is refused', async () => {
      const { orders } = store();
      const id = await orders.insert({ orderNumber: 'W-1', accountId: null, customer: { name: 'Ann', email: ' ann@shop.com ' }, lines: [{ item: 'BOLT', qty: 1, unitPriceCents: 99 }] }, 0);
      expect(await orders.get(id)).toMatchObject({ accountId: null, contactId: null, customer: { name: 'Ann', email: 'ann@shop.com', phone: null }, totalCents: 99 });
      await expect(orders.insert({ orderNumber: 'W-2', accountId: null, lines: [] }, 0)).rejects.toThrow(/check constraint/i);
      expect(await orders.byNumber('W-2')).toBeNull();
    });

    it('refuses a taken order number with UniqueViolation, keeping none of the second order; an unknown account is NotFound', async () => {
      const r = store();
      const acct = await r.accounts.insert({ name: 'Acme' }, 0);
      const first = await r.orders.insert({ orderNumber: 'W-1', accountId: acct, lines: [{ item: 'A', qty: 1, unitPriceCents: 1 }] }, 0);
      await expect(r.orders.insert({ orderNumber: 'W-1', accountId: acct, lines: [{ item: 'B', qty: 2, unitPriceCents: 2 }] }, 1)).rejects.toThrow(UniqueViolation);
      await expect(r.orders.insert({ orderNumber: 'W-2', accountId: 9_999, lines: [] }, 1)).rejects.toThrow(NotFound);
      // A bad line undoes its order too.
      await expect(r.orders.insert({ orderNumber: 'W-3', accountId: acct, lines: [{ item: 'A', qty: 0, unitPriceCents: 1 }] }, 1)).rejects.toThrow(/check constraint/i);
      expect(await r.orders.byNumber('W-3')).toBeNull();
      expect((await r.orders.get(first))!.lines).toEqual([{ item: 'A', qty: 1, unitPriceCents: 1 }]);
      expect((await r.orders.ofAccount(acct, null, 10)).rows.map((o) => o.orderNumber)).toEqual(['W-1']);
    });

    it("records the ERP's ids once it took the order (a B2C order's new ERP customer too); an ERP order id is one order's", async () => {
      const r = store();
      const a = await r.orders.insert({ orderNumber: 'W-1', accountId: null, customer: { email: 'ann@shop.com' }, lines: [] }, 0);
      const b = await r.orders.insert({ orderNumber: 'W-2', accountId: null, customer: { email: 'bob@shop.com' }, lines: [] }, 0);
      expect(await r.orders.setErpIds(a, { erpOrderId: 'SO-1', erpCustomerId: 'C-77' }, 10)).toBe(true);
      expect(await r.orders.get(a)).toMatchObject({ status: 'pushed', erpOrderId: 'SO-1', erpCustomerId: 'C-77', updatedAt: 10 });
      await r.orders.setErpIds(a, { erpCustomerId: 'C-78' }, 11);
      expect(await r.orders.get(a)).toMatchObject({ erpOrderId: 'SO-1', erpCustomerId: 'C-78' });
      await expect(r.orders.setErpIds(b, { erpOrderId: 'SO-1' }, 12)).rejects.toThrow(UniqueViolation);
      expect(await r.orders.setErpIds(9_999, { erpOrderId: 'SO-9' }, 12)).toBe(false);
      expect(await r.orders.setStatus(b, 'failed', 13)).toBe(true);
      expect((await r.orders.get(b))!.status).toBe('failed');
    });

    it("pages an account's orders newest first", async () => {
      const r = store();
      const acct = await r.accounts.insert({ name: 'Acme' }, 0);
      for (let n = 1; n <= 5; n++) await r.orders.insert({ orderNumber: `W-${n}`, accountId: acct, lines: [] }, n);
      await r.orders.insert({ orderNumber: 'B2C-1', accountId: null, customer: { email: 'x@y.z' }, lines: [] }, 9);
      const seen: string[] = [];
      let before: number | null = null;
      do {
        const page = await r.orders.ofAccount(acct, before, 2);
        seen.push(...page.rows.map((o) => o.orderNumber));
        before = page.next;
      } while (before !== null);
      expect(seen).toEqual(['W-5', 'W-4', 'W-3', 'W-2', 'W-1']);
    });
  });
}

onSqliteWhenRun(import.meta.url, describeOrdersContract);
