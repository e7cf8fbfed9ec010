// Writing to the ERP over real sockets: customer, contact and ship-to upserts with the API's field-level errors, and
// sales orders (no idempotency key: looked up by CustomerOrder before every create, so one order per key).
import { describe, expect, it } from 'vitest';
import { clientFor, collect, remoteErrorOf, startSandbox, useErpSandboxes } from './erp-harness';

useErpSandboxes();

describe('ERP client: customers, contacts and ship-to locations', () => {
  it('creates a customer (with its MAIN location) and updates it by CustomerID, leaving unnamed fields alone', async () => {
    const sandbox = await startSandbox();
    const client = clientFor(sandbox);
    const made = await client.putCustomer({ accountNumber: 'WEB001', name: 'Web Buyer Inc', terms: 'NET15', priceClass: 'GOLD', repCode: 'SP02', email: 'buyer@web.example', address: { line1: '1 Web Way', city: 'Tacoma', state: 'WA', postalCode: '98402', country: 'US' } });
    expect(made).toMatchObject({ accountNumber: 'WEB001', name: 'Web Buyer Inc', terms: 'NET15', priceClass: 'GOLD', repCode: 'SP02', email: 'buyer@web.example', status: 'Active' });
    expect(made.address?.city).toBe('Tacoma');
    expect(sandbox.created.customers).toBe(1);
    expect(sandbox.locationsOf('WEB001').map((l) => l.LocationID)).toEqual(['MAIN']);
    const updated = await client.putCustomer({ accountNumber: 'WEB001', terms: 'COD', priceClass: null });
    expect(updated).toMatchObject({ name: 'Web Buyer Inc', terms: 'COD', priceClass: null, repCode: 'SP02' });
    expect(Date.parse(updated.lastModified)).toBeGreaterThan(Date.parse(made.lastModified));
    expect(sandbox.created.customers).toBe(1);
    expect(sandbox.updated.customers).toBe(1);
    const numbered = await client.putCustomer({ name: 'No Number LLC' });
    expect(numbered.accountNumber).toBe('C000121');
    // Lists answer in key order: a new customer takes its key's place, so $skip paging repeats a record, never misses one.
    await client.putCustomer({ accountNumber: 'A100', name: 'Early Key Co' });
    const keys = (await collect(client.customersChangedSince(null, 500))).flatMap((p) => p.records.map((c) => c.accountNumber));
    expect([keys[0], keys.at(-2), keys.at(-1)]).toEqual(['A100', 'C000121', 'WEB001']);
    expect(sandbox.locationsOf('A100').map((l) => l.LocationID)).toEqual(['MAIN']);
  });

  it('a refused customer is a validation error with every field-level message joined in plain words; nothing is saved', async () => {
    const sandbox = await startSandbox();
    const client = clientFor(sandbox);
    const err = await remoteErrorOf(client.putCustomer({ accountNumber: 'WEB002', name: 'Bad Terms Co', terms: 'NET999', repCode: 'SP99', email: 'not-an-email' }));
    expect(err.kind).toBe('validation');
    expect(err.extra.status).toBe(422);
    expect(err.message).toBe(
      "Saving ERP customer WEB002: Customer Terms: 'NET999' cannot be found in the system; Customer MainContact.Email: 'not-an-email' is not a valid email address; Customer Salespersons[0].SalespersonID: 'SP99' cannot be found in the system",
    );
    expect(sandbox.byCustomerId.has('WEB002')).toBe(false);
    const noName = await remoteErrorOf(client.putCustomer({ accountNumber: 'WEB003' }));
    expect(noName.message).toBe("Saving ERP customer WEB003: Customer CustomerName: 'Customer Name' cannot be empty");
  });

  it('answers 422 with the entity back, errors inside the wrapped fields and a top-level error', async () => {
    const sandbox = await startSandbox();
    const login = await fetch(`${sandbox.url}/entity/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'admin', password: 'sandbox-erp' }) });
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const res = await fetch(`${sandbox.url}/entity/Default/24.200.001/Customer`, { method: 'PUT', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ CustomerID: { value: 'X1' }, CustomerName: { value: 'X' }, PriceClassID: { value: 'PLATINUM' } }) });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({
      CustomerID: { value: 'X1' },
      CustomerName: { value: 'X' },
      PriceClassID: { value: 'PLATINUM', error: "'PLATINUM' cannot be found in the system." },
      error: "Inserting 'Customer' record raised at least one error. Please review the errors.",
    });
    await fetch(`${sandbox.url}/entity/auth/logout`, { method: 'POST', headers: { cookie } });
  });

  it('creates and updates a contact of an account; an unknown account is a field-level error', async () => {
    const sandbox = await startSandbox();
    const client = clientFor(sandbox);
    const k = await client.putContact({ customerId: 'C000002', firstName: 'Rita', lastName: 'Moreno', email: 'rita@c2.example', phone: '+1 206 555 0102' });
    expect(k).toMatchObject({ customerId: 'C000002', firstName: 'Rita', lastName: 'Moreno', email: 'rita@c2.example', active: true });
    expect(sandbox.created.contacts).toBe(1);
    const off = await client.putContact({ contactId: k.contactId, active: false });
    expect(off).toMatchObject({ contactId: k.contactId, firstName: 'Rita', active: false });
    expect(sandbox.updated.contacts).toBe(1);
    const err = await remoteErrorOf(client.putContact({ customerId: 'C999999', lastName: 'Nobody' }));
    expect(err.message).toBe("Saving ERP contact Nobody: Contact BusinessAccount: 'C999999' cannot be found in the system");
  });

  it('creates and updates a ship-to location by Customer and LocationID', async () => {
    const sandbox = await startSandbox();
    const client = clientFor(sandbox);
    const l = await client.putLocation({ customerId: 'C000003', locationId: 'web01', name: 'Dock 4', address: { line1: '4 Pier Rd', city: 'Tacoma', country: 'US' }, email: 'dock@c3.example' });
    expect(l).toMatchObject({ customerId: 'C000003', locationId: 'WEB01', name: 'Dock 4', active: true, isDefault: false, email: 'dock@c3.example' });
    expect(l.address).toMatchObject({ line1: '4 Pier Rd', city: 'Tacoma' });
    const moved = await client.putLocation({ customerId: 'C000003', locationId: 'WEB01', address: { line1: '5 Pier Rd' } });
    expect(moved.address).toMatchObject({ line1: '5 Pier Rd', city: 'Tacoma' });
    expect(sandbox.created.locations).toBe(1);
    expect(sandbox.updated.locations).toBe(1);
    const err = await remoteErrorOf(client.putLocation({ customerId: 'C000003', locationId: 'TOO-LONG-ID-1' }));
    expect(err.message).toBe("Saving ERP ship-to location C000003/TOO-LONG-ID-1: CustomerLocation LocationID: 'TOO-LONG-ID-1' is not a valid location ID: use letters, digits, - and _ (10 at most)");
  });
});

describe('ERP client: sales orders', () => {
  it('creates an order with its lines and ship-to address; the lookup by CustomerOrder finds it', async () => {
    const sandbox = await startSandbox();
    const client = clientFor(sandbox);
    expect(await client.findSalesOrders('WEB-100045')).toEqual([]);
    const o = await client.createSalesOrder({ customerId: 'C000001', customerOrder: 'WEB-100045', lines: [{ inventoryId: 'ITEM-00010', quantity: 4, unitPrice: 12.5 }, { inventoryId: 'ITEM-00011', quantity: 1 }], shipTo: { line1: '9 Bay St', city: 'Tacoma' } });
    expect(o).toMatchObject({ orderType: 'SO', orderNbr: 'SO000001', customerId: 'C000001', customerOrder: 'WEB-100045', status: 'Open' });
    expect(o.lines).toEqual([
      { inventoryId: 'ITEM-00010', quantity: 4, unitPrice: 12.5 },
      { inventoryId: 'ITEM-00011', quantity: 1, unitPrice: sandbox.itemsById.get('ITEM-00011')!.BasePrice },
    ]);
    expect(sandbox.ordersFor('WEB-100045')[0]!.ShipToAddress).toMatchObject({ AddressLine1: '9 Bay St', City: 'Tacoma' });
    const found = await client.findSalesOrders('WEB-100045');
    expect(found.map((f) => f.orderNbr)).toEqual(['SO000001']);
    expect(found[0]!.lines).toHaveLength(2);
    expect(await client.findSalesOrders("O'Brien-1")).toEqual([]);
  });

  it('placeSalesOrder looks up first: a retry of the same CustomerOrder finds the order and creates none', async () => {
    const sandbox = await startSandbox();
    const client = clientFor(sandbox);
    const order = { customerId: 'C000002', customerOrder: 'WEB-7', lines: [{ inventoryId: 'ITEM-00002', quantity: 2 }] };
    const first = await client.placeSalesOrder(order);
    const again = await client.placeSalesOrder(order);
    expect([first.created, again.created]).toEqual([true, false]);
    expect(again.order.orderNbr).toBe(first.order.orderNbr);
    expect(sandbox.ordersByCustomerOrder.get('WEB-7')).toBe(1);
    expect(sandbox.callsOf('GET', 'SalesOrder')).toBe(2);
    expect(sandbox.callsOf('PUT', 'SalesOrder')).toBe(1);
  });

  it('an unknown or inactive item is a field-level error on its line; an inactive customer on CustomerID; nothing is created', async () => {
    const sandbox = await startSandbox();
    const client = clientFor(sandbox);
    const err = await remoteErrorOf(client.createSalesOrder({ customerId: 'C000001', customerOrder: 'WEB-9', lines: [{ inventoryId: 'NOPE', quantity: 1 }, { inventoryId: 'ITEM-00002', quantity: 0 }] }));
    expect(err.kind).toBe('validation');
    expect(err.retryable).toBe(false);
    expect(err.message).toBe(
      "Creating the ERP sales order for customer order WEB-9: SalesOrder Details[0].InventoryID: 'NOPE' cannot be found in the system; SalesOrder Details[1].OrderQty: '0' is not a quantity greater than 0",
    );
    const big = new (await import('../../../src-main/connectors/erp/sandbox')).ErpSandbox({ seed: 42, customers: 30, prices: 0, items: 400 });
    expect(big.itemsById.get('ITEM-00400')!.ItemStatus).toBe('Inactive');
    const inactive = await remoteErrorOf(client.createSalesOrder({ customerId: 'C000029', customerOrder: 'WEB-10', lines: [{ inventoryId: 'ITEM-00001', quantity: 1 }] }));
    expect(inactive.message).toBe("Creating the ERP sales order for customer order WEB-10: SalesOrder CustomerID: The customer status is 'Inactive'");
    expect(sandbox.created.orders).toBe(0);
    expect(sandbox.ordersByCustomerOrder.size).toBe(0);
  });
});
