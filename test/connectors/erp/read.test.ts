// Reading the ERP over real sockets: customers changed since a time (paged with $top/$skip, the overlap applied),
// $expand, contacts and ship-to locations, and the price book paged for a full export.
import { describe, expect, it } from 'vitest';
import { ErpSandbox } from '../../../src-main/connectors/erp/sandbox';
import { PRICE_CLASSES, wireTime } from '../../../src-main/connectors/erp/sandbox-data';
import { clientFor, collect, remoteErrorOf, startSandbox, useErpSandboxes } from './erp-harness';

useErpSandboxes();

async function rawGet(sandbox: ErpSandbox, path: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${sandbox.url}/entity/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'admin', password: 'sandbox-erp' }) });
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const r = await fetch(`${sandbox.url}/entity/Default/24.200.001/${path}`, { headers: { cookie } });
  await fetch(`${sandbox.url}/entity/auth/logout`, { method: 'POST', headers: { cookie } });
  return { status: r.status, body: await r.json() };
}

describe('ERP customers on the wire', () => {
  it('wraps every field as {value}, with id, rowNumber, note, custom; linked entities and details only when expanded', async () => {
    const sandbox = await startSandbox();
    const plain = (await rawGet(sandbox, 'Customer?$top=2')).body as Record<string, unknown>[];
    expect(plain).toHaveLength(2);
    expect(plain[1]).toMatchObject({ rowNumber: 2, note: { value: '' }, custom: {}, CustomerID: { value: 'C000002' }, Status: { value: 'Active' } });
    expect(plain[0]!.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect((plain[0]!.LastModifiedDateTime as { value: string }).value).toMatch(/\+00:00$/);
    expect(plain[0]).not.toHaveProperty('MainContact');
    const [c] = (await rawGet(sandbox, 'Customer?$top=1&$skip=5&$expand=MainContact,Salespersons,Contacts')).body as Record<string, unknown>[];
    expect(c).toMatchObject({ CustomerID: { value: 'C000006' }, MainContact: { Email: { value: expect.stringMatching(/^ap@/) }, Address: { Country: { value: 'US' } } }, Salespersons: [{ SalespersonID: { value: 'SP07' }, Default: { value: true } }] });
    expect(c!.Contacts).toHaveLength(3);
  });

  it('a bad $filter is the API\'s 500 with the OData exception', async () => {
    const sandbox = await startSandbox();
    const r = await rawGet(sandbox, `Customer?$filter=${encodeURIComponent('Nope eq 1')}`);
    expect(r.status).toBe(500);
    expect(r.body).toMatchObject({ exceptionMessage: 'The $filter field Nope is not a field of this entity.' });
  });
});

describe('ERP client: customers changed since', () => {
  it('asks for up to two pages ahead of the one the caller holds, none past the end, and a page asked for ahead of a reader who stopped is dropped quietly', async () => {
    const sandbox = await startSandbox();
    const reader = clientFor(sandbox).customersChangedSince(null, 25);
    const first = await reader.next();
    expect(first.value!.records).toHaveLength(25);
    await expect.poll(() => sandbox.callsOf('GET', 'Customer')).toBe(3);
    const second = await reader.next();
    expect(second.value!.records[0]!.accountNumber).toBe('C000026');
    await expect.poll(() => sandbox.callsOf('GET', 'Customer')).toBe(4);
    expect((await reader.next()).value!.records).toHaveLength(25);
    await expect.poll(() => sandbox.callsOf('GET', 'Customer')).toBe(5);
    expect((await reader.next()).value!.records).toHaveLength(25);
    expect((await reader.next()).value!.records).toHaveLength(20);
    expect((await reader.next()).done).toBe(true);
    expect(sandbox.callsOf('GET', 'Customer')).toBe(5);

    // Stopped part-way with its next page refused (the signal aborts it): no unhandled rejection fails this file.
    const stop = new AbortController();
    const stopped = clientFor(sandbox, {}, { signal: stop.signal }).customersChangedSince(null, 50);
    await stopped.next();
    stop.abort();
    await stopped.return(undefined);
    await new Promise((r) => setTimeout(r, 50));
  });

  it('reads every customer page by page ($top/$skip, in key order), unwrapped, rep and contacts from the expand', async () => {
    const sandbox = await startSandbox();
    const pages = await collect(clientFor(sandbox).customersChangedSince(null, 50));
    expect(pages.map((p) => p.records.length)).toEqual([50, 50, 20]);
    const all = pages.flatMap((p) => p.records);
    expect(all.map((c) => c.accountNumber)).toEqual(sandbox.customers.map((c) => c.CustomerID));
    const six = all[5]!;
    const sim = sandbox.customer('C000006');
    expect(six).toMatchObject({ accountNumber: 'C000006', name: sim.CustomerName, terms: sim.Terms, priceClass: sim.PriceClassID, repCode: 'SP07', email: sim.main.Email, status: 'Active' });
    expect(six.address).toMatchObject({ city: sim.main.Address.City, country: 'US' });
    expect(six.contactIds).toEqual(sim.contactIds);
    expect(all.find((c) => c.accountNumber === 'C000019')!.repCode).toBeNull();
    expect(all.find((c) => c.accountNumber === 'C000029')!.status).toBe('Inactive');
    expect(sandbox.callsOf('GET', 'Customer')).toBe(3);
  });

  it('after accounts change in the ERP, reads only those (LastModifiedDateTime gt the last read, less the overlap)', async () => {
    const sandbox = await startSandbox();
    const client = clientFor(sandbox, { overlapSeconds: 0 });
    const first = await collect(client.customersChangedSince(null, 500));
    const latest = first[0]!.latest!;
    expect(latest).toBe(wireTime(Math.max(...sandbox.customers.map((c) => c.modified))));
    expect((await collect(client.customersChangedSince(latest))).flatMap((p) => p.records)).toEqual([]);
    const before = { ...sandbox.customer('C000008') };
    const changed = sandbox.changeSomeAccounts(5, 8);
    expect(changed.map((c) => c.CustomerID)).toEqual(['C000001', 'C000009', 'C000017', 'C000025', 'C000033']);
    sandbox.changeAccount('C000008', { Terms: 'NET60', SalespersonID: 'SP04', PriceClassID: 'DIST' });
    const pages = await collect(client.customersChangedSince(latest, 2));
    expect(pages.map((p) => p.records.length)).toEqual([2, 2, 2, 0]);
    const got = pages.flatMap((p) => p.records);
    expect(got.map((c) => c.accountNumber)).toEqual(['C000001', 'C000008', 'C000009', 'C000017', 'C000025', 'C000033']);
    expect(got[1]).toMatchObject({ terms: 'NET60', repCode: 'SP04', priceClass: 'DIST' });
    expect(before).toMatchObject({ Terms: 'COD', SalespersonID: 'SP01', PriceClassID: 'GOLD' });
    expect(pages[3]!.latest).toBeNull();
    expect(Date.parse(pages[2]!.latest!)).toBeGreaterThan(Date.parse(latest));
    expect(changed[0]).toMatchObject({ Terms: 'NET60', SalespersonID: 'SP03', PriceClassID: 'WHOLESALE' });
  });

  it('the overlap reads again what changed just before the saved point', async () => {
    const sandbox = await startSandbox();
    sandbox.changeAccount('C000010', { Terms: 'NET60' });
    const at = wireTime(sandbox.customer('C000010').modified + 30_000);
    const withOverlap = (await collect(clientFor(sandbox, { overlapSeconds: 60 }).customersChangedSince(at))).flatMap((p) => p.records);
    expect(withOverlap.map((c) => c.accountNumber)).toEqual(['C000010']);
    const without = (await collect(clientFor(sandbox, { overlapSeconds: 0 }).customersChangedSince(at))).flatMap((p) => p.records);
    expect(without).toEqual([]);
  });

  it('a customer that does not exist reads as null (the API\'s 500 NoEntitySatisfiesTheCondition)', async () => {
    const sandbox = await startSandbox();
    expect(await clientFor(sandbox).customer('C999999')).toBeNull();
  });

  it('contacts and ship-to locations of one account, and changed since a time', async () => {
    const sandbox = await startSandbox();
    const client = clientFor(sandbox);
    const contacts = (await collect(client.contactsChangedSince(null, 'C000006'))).flatMap((p) => p.records);
    expect(contacts.map((k) => k.contactId)).toEqual(sandbox.customer('C000006').contactIds);
    expect(contacts[0]).toMatchObject({ customerId: 'C000006', active: true, email: sandbox.contactsOf('C000006')[0]!.Email });
    const locations = (await collect(client.locationsChangedSince(null, 'C000010'))).flatMap((p) => p.records);
    expect(locations.map((l) => [l.locationId, l.isDefault, l.active])).toEqual([
      ['MAIN', true, true],
      ['SHIP01', false, true],
      ['SHIP02', false, false],
    ]);
    expect(locations[1]!.address?.line1).toBe(sandbox.locationsOf('C000010')[1]!.Address.AddressLine1);
    const all = (await collect(client.locationsChangedSince(null))).flatMap((p) => p.records);
    expect(all).toHaveLength(sandbox.locations.length);
  });
});

describe('ERP client: the price book', () => {
  it('exports every price, page by page through the sales price inquiry, class prices then customer prices', async () => {
    const sandbox = await startSandbox();
    const pages = await collect(clientFor(sandbox).prices({}, 400));
    expect(pages.map((p) => p.length)).toEqual([400, 400, 400, 300]);
    const all = pages.flat();
    expect(new Set(all.map((p) => p.recordId)).size).toBe(1_500);
    expect(all.filter((p) => p.priceType === 'Customer Price Class')).toHaveLength(PRICE_CLASSES.length * 200);
    expect(all[0]).toMatchObject({ recordId: 1, priceType: 'Customer Price Class', priceCode: 'RETAIL', inventoryId: 'ITEM-00001', uom: 'EA', currency: 'USD', breakQty: 0 });
    const customerPrices = all.filter((p) => p.priceType === 'Customer');
    expect(customerPrices).toHaveLength(500);
    expect(new Set(customerPrices.map((p) => `${p.priceCode}|${p.inventoryId}`)).size).toBe(500);
    expect(sandbox.callsOf('PUT', 'SalesPricesInquiry')).toBe(4);
  });

  it('narrows to one price class or one customer', async () => {
    const sandbox = await startSandbox();
    const client = clientFor(sandbox);
    const gold = (await collect(client.prices({ priceType: 'Customer Price Class', priceCode: 'GOLD' }, 150))).flat();
    expect(gold).toHaveLength(200);
    expect(new Set(gold.map((p) => p.priceCode))).toEqual(new Set(['GOLD']));
    const mine = (await collect(client.prices({ priceType: 'Customer', priceCode: 'C000003' }))).flat();
    expect(mine.map((p) => p.priceCode)).toEqual(Array(mine.length).fill('C000003'));
    expect(mine.length).toBeGreaterThan(0);
  });

  it('seeds 2,000 customers and 50,000 prices by default, the same from the same seed; a bench builds 1,000,000 prices', () => {
    const a = new ErpSandbox({ seed: 7 });
    const b = new ErpSandbox({ seed: 7 });
    expect(a.customers).toHaveLength(2_000);
    expect(a.prices.total).toBe(50_000);
    expect(a.customers[1_234]).toEqual(b.customers[1_234]);
    expect(a.prices.at(49_999)).toEqual(b.prices.at(49_999));
    expect(new ErpSandbox({ seed: 8 }).customers[5]!.id).not.toBe(a.customers[5]!.id);
    const bench = new ErpSandbox({ seed: 7, prices: 1_000_000 });
    expect(bench.prices.at(999_999)).toMatchObject({ RecordID: 1_000_000, PriceType: 'Customer' });
    expect(() => new ErpSandbox({ customers: 100_001 })).toThrow(/customers must be 1 to 100,000/);
  });

  it('a price type the inquiry does not know is a field-level validation error', async () => {
    const sandbox = await startSandbox();
    const err = await remoteErrorOf(collect(clientFor(sandbox).prices({ priceType: 'Base Price' as 'Customer' })));
    expect(err.kind).toBe('validation');
    expect(err.message).toBe("Reading ERP sales prices (from price 1): SalesPricesInquiry PriceType: 'Base Price' is not a valid price type");
  });
});
