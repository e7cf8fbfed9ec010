import { afterEach, describe, expect, it } from 'vitest';
import { startErpCore, type ErpCore } from './erp-core';
import { b2cCustomerIdOf, platformCustomerIdOf } from '../../../src-main/connectors/erp/order-job';
import { whenRunAlone, type CoreStore } from '../../support/core-store';

const lines = [
  { item: 'ITEM-00001', qty: 2, unitPriceCents: 1_250 },
  { item: 'ITEM-00002', qty: 1, unitPriceCents: 990 },
];

/** Orders pushed to the ERP, on the store given (both run it: test/store/postgres/connectors-matrix.test.ts). */
export function describeErpOrders(store: CoreStore): void {
  describe(`orders to the ERP (${store.name})`, () => {
    let h: ErpCore | null = null;
    const start = async (opts: Parameters<typeof startErpCore>[0] = {}) => await startErpCore({ ...opts, store });
    afterEach(async () => {
      await h?.close();
      h = null;
    });

    it('after Re-apply, an order carries the lost rep code: the ERP receives the customer update before the sales order', async () => {
      h = await start({ customers: 20 });
      await h.run('accounts');
      const a = (await h.repos.accounts.byAccountNumber('C000002'))!;
      const web = h.sandbox.customer('C000002').SalespersonID === 'SP07' ? 'SP08' : 'SP07';
      await h.repos.accounts.update(a.id, { repCode: web }, Date.now());
      h.sandbox.rotateAccount('C000002');
      await h.run('accounts');
      const lost = (await h.repos.accounts.pendingChanges(a.id, 'lost'))[0]!;
      const again = (await h.repos.accounts.reapply(lost.id, Date.now()))!;
      expect((await h.repos.accounts.get(a.id))!.repCode).toBe(web);

      h.sandbox.resetCounters();
      const { orderId, jobIds } = await h.order({ orderNumber: 'WEB-1001', accountId: a.id, lines });
      expect(jobIds).toHaveLength(1);
      await h.settled();

      const writes = h.sandbox.writeLog.map((w) => `${w.entity} ${w.key}`);
      expect(writes).toEqual(['Customer C000002', 'SalesOrder WEB-1001']);
      expect(h.sandbox.writeLog[0]!.fields.sort()).toEqual(['CustomerID', 'Salespersons']);
      expect(h.sandbox.customer('C000002').SalespersonID).toBe(web);
      const [erpOrder] = h.sandbox.ordersFor('WEB-1001');
      expect(erpOrder).toMatchObject({ CustomerID: 'C000002', Details: [{ InventoryID: 'ITEM-00001', OrderQty: 2, UnitPrice: 12.5 }, { InventoryID: 'ITEM-00002', OrderQty: 1, UnitPrice: 9.9 }] });
      expect(await h.repos.orders.get(orderId)).toMatchObject({ status: 'pushed', erpOrderId: `SO ${erpOrder!.OrderNbr}` });
      expect((await h.repos.accounts.pendingChanges(a.id)).find((p) => p.id === again)).toMatchObject({ status: 'pushed', orderId });

      const log = await h.logOf(jobIds[0]!);
      expect(log).toEqual([
        `Order WEB-1001: step 1: pushed 1 pending change to ERP customer C000002 (repCode '${web}')`,
        `Order WEB-1001: step 3: sales order SO ${erpOrder!.OrderNbr} created for ERP customer C000002 (after 1 account change).`,
      ]);

      // The next order has nothing pending: the ERP gets the sales order only.
      h.sandbox.resetCounters();
      await h.order({ orderNumber: 'WEB-1002', accountId: a.id, lines });
      await h.settled();
      expect(h.sandbox.writeLog.map((w) => w.entity)).toEqual(['SalesOrder']);
    });

    it('B2C checkout: exactly one customer and one address are created in the ERP, and its customer id is stored, though answers are lost', async () => {
      h = await start({ customers: 10, values: { timeoutMs: 1_000 } });
      h.sandbox.resetCounters();
      // A share of the ERP's answers never arrive (it did the work): each retry looks up what the last one made.
      h.sandbox.lostReplyRate = 0.3;
      const shipTo = { name: 'Rita Guest', line1: '12 Quay St', city: 'Tacoma', state: 'WA', postalCode: '98402', country: 'US' };
      const { orderId, jobIds } = await h.order({ orderNumber: 'WEB-2001', accountId: null, customer: { name: 'Rita Guest', email: 'rita@guest.test', phone: '+1 253 555 0101' }, shipTo, lines });
      await h.settled();
      const id = b2cCustomerIdOf('WEB-2001');
      expect(h.sandbox.created.customers).toBe(1);
      expect(h.sandbox.customer(id)).toMatchObject({ CustomerName: 'Rita Guest', main: { Email: 'rita@guest.test', Address: { AddressLine1: '12 Quay St', City: 'Tacoma', PostalCode: '98402' } } });
      expect(h.sandbox.locationsOf(id).map((l) => [l.LocationID, l.Address.AddressLine1])).toEqual([['MAIN', '12 Quay St']]);
      expect(h.sandbox.ordersFor('WEB-2001')).toHaveLength(1);
      expect(h.sandbox.ordersFor('WEB-2001')[0]).toMatchObject({ CustomerID: id, LocationID: 'MAIN' });
      expect(await h.repos.orders.get(orderId)).toMatchObject({ status: 'pushed', erpCustomerId: id });
      expect(h.sandbox.lostReplies).toBeGreaterThan(0);
      expect(h.sandbox.created).toMatchObject({ customers: 1, orders: 1 });
      expect((await h.repos.jobs.get(jobIds[0]!))!.status).toBe('done');
      const steps = await h.logOf(jobIds[0]!);
      expect(steps.some((m) => m === `Order WEB-2001: step 2: created ERP customer ${id} for the checkout of rita@guest.test, with its address` || m.startsWith(`Order WEB-2001: step 2: ERP customer ${id} already exists`))).toBe(true);
    });

    it('an account made on the platform is created in the ERP with its first order, under a CustomerID derived from it, and linked', async () => {
      h = await start({ customers: 10 });
      const accountId = await h.repos.accounts.insert({ name: 'Platform Made Ltd', email: 'ap@platform-made.test', paymentTerms: 'NET15', repCode: 'SP03', priceLevel: 'GOLD', addressLine1: '1 New Rd', city: 'Boise', country: 'US' }, Date.now());
      await h.repos.accounts.update(accountId, { phone: '+1 208 555 0199' }, Date.now());
      h.sandbox.resetCounters();
      await h.order({ orderNumber: 'WEB-3001', accountId, lines });
      await h.settled();
      const id = platformCustomerIdOf(accountId);
      expect(h.sandbox.created.customers).toBe(1);
      expect(h.sandbox.customer(id)).toMatchObject({ CustomerName: 'Platform Made Ltd', Terms: 'NET15', SalespersonID: 'SP03', PriceClassID: 'GOLD', main: { Email: 'ap@platform-made.test', Phone1: '+1 208 555 0199', Address: { AddressLine1: '1 New Rd' } } });
      expect(await h.repos.accounts.get(accountId)).toMatchObject({ accountNumber: id, erpCustomerId: h.sandbox.customer(id).id });
      expect((await h.repos.accounts.pendingChanges(accountId)).map((p) => p.status)).toEqual(['pushed']);
      expect(h.sandbox.writeLog.map((w) => `${w.entity} ${w.key}`)).toEqual([`Customer ${id}`, 'SalesOrder WEB-3001']);
    });
  });
}

whenRunAlone(import.meta.url, describeErpOrders);
