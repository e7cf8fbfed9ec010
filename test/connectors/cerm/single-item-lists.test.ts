// A CERM that unwraps a list of one (`{"Data": {...}}` instead of `{"Data": [{...}]}`), over the wire: every list the
// connector reads must take the object as a list of one, the connection test's one-record page first of all.
import { afterEach, describe, expect, it } from 'vitest';
import { startCermCore, sandboxToken, type CermHarness } from './cerm-harness';
import { cermReferenceOf } from '../../../src-main/connectors/cerm/create-customer';
import { customersOf } from '../../../src-main/connectors/cerm/parse';
import type { CermCustomerView } from '../../../src-preload/contract/customer-models';

let h: CermHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

async function unwrappingCerm(opts: { customers?: number } = {}): Promise<CermHarness> {
  const harness = await startCermCore(opts);
  harness.sandbox.unwrapSingleItemLists = true;
  return harness;
}

/** What the simulator answers at a path, parsed (to prove the switch unwraps what the test relies on). */
async function rawAnswer(h: CermHarness, pathAndQuery: string): Promise<{ Data: unknown }> {
  const res = await fetch(`${h.sandbox.url}${pathAndQuery}`, { headers: { authorization: `Bearer ${await sandboxToken(h.sandbox)}` } });
  return (await res.json()) as { Data: unknown };
}

const isRecord = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);

describe('a CERM that answers a list of one as one object', () => {
  it('the simulator unwraps every list of one when switched, and only then', async () => {
    h = await startCermCore({ customers: 50 });
    expect(Array.isArray((await rawAnswer(h, '/customer-api/v1/customers?page=1&pageSize=1')).Data)).toBe(true);
    h.sandbox.unwrapSingleItemLists = true;
    expect(isRecord((await rawAnswer(h, '/customer-api/v1/customers?page=1&pageSize=1')).Data)).toBe(true);
    expect(Array.isArray((await rawAnswer(h, '/customer-api/v1/customers?page=1&pageSize=2')).Data)).toBe(true);
    expect(isRecord((await rawAnswer(h, '/address-api/v1/addresses?pageSize=1')).Data)).toBe(true);
    const one = h.sandbox.customers.find((c) => h!.sandbox.addressesOf(c.Id).length === 1)!;
    expect(isRecord((await rawAnswer(h, `/address-api/v1/addresses?customerId=${one.Id}&page=1&pageSize=100`)).Data)).toBe(true);
  });

  it('reads an object where a list is expected as a list of one (an empty object stays an error)', () => {
    const { records, total } = customersOf({ Data: { Id: '000001', Name: 'Acme NV' }, TotalCount: 1 }, 'page 1');
    expect(records.map((r) => r.cermId)).toEqual(['000001']);
    expect(total).toBe(1);
    expect(() => customersOf({ Data: {} }, 'page 1')).toThrow('page 1: "Data" is not a list');
    expect(() => customersOf({ Data: 'x' }, 'page 1')).toThrow('page 1: "Data" is not a list');
  });

  it('tests the connection (a one-record page) and saves settings that are verified first', async () => {
    h = await unwrappingCerm();
    const ok = await h.core.dispatch('connections:test', { connectorId: 'cerm' });
    expect(ok.ok && ok.data).toMatchObject({ ok: true, message: `Connected to CERM at ${new URL(h.sandbox.url!).host} as demo; the customer list answers (2,000 customers).` });
    await h.configure({ pageSize: 500 });
  });

  it('downloads every customer when the last page holds one', async () => {
    h = await unwrappingCerm();
    h.sandbox.addCustomer({ Name: 'The last one' });
    const run = await h.run('download-customers');
    expect(run.status).toBe('success');
    expect(await h.repos.downloads.latestComplete('cerm', 'customers')).toMatchObject({ records: 2001, pages: 5 });
    expect(await h.repos.cermCustomers.count()).toBe(2001);
    expect((await h.repos.cermCustomers.get('002001'))?.name).toBe('The last one');
  });

  it('searches CERM live when one customer matches', async () => {
    h = await unwrappingCerm();
    const c = h.sandbox.customersById.get('000042')!;
    const r = await h.core.dispatch('cerm:search-live', { q: c.Email! });
    expect(r.ok && (r.data as CermCustomerView[]).map((x) => x.cermId)).toEqual(['000042']);
  });

  it('reads the address change feed when a page holds one change, and a newly linked customer with one address', async () => {
    h = await unwrappingCerm({ customers: 50 });
    await h.configure({ feedOverlapSeconds: 0 });
    const [first, second] = h.sandbox.customers.filter((c) => h!.sandbox.addressesOf(c.Id).length === 1);
    const a = await h.addCustomer(1, first!.Id);
    expect((await h.run('sync-addresses')).status).toBe('success');
    const address = h.sandbox.addressesOf(first!.Id)[0]!;
    h.sandbox.changeAddress(address.Id, { Street: 'Korenmarkt' });
    const late = await h.addCustomer(2, second!.Id);
    const run = await h.run('sync-addresses');
    expect(run.status).toBe('success');
    expect(run.message).toMatch(/1 newly linked customer read in full/);
    expect((await h.repos.addresses.ofCustomer(a)).find((x) => x.externalId === address.Id)?.street).toBe('Korenmarkt');
    expect((await h.repos.addresses.ofCustomer(late)).map((x) => x.externalId)).toEqual([h.sandbox.addressesOf(second!.Id)[0]!.Id]);
  });

  it('finds the registrant an earlier attempt created (the lookup by reference answers one)', async () => {
    h = await unwrappingCerm();
    const id = await h.addCustomer(8);
    const existing = h.sandbox.addCustomer({ Name: 'First8 Last8', Email: 'person8@example.test', ExternalReference: cermReferenceOf(id) });
    const before = h.sandbox.customers.length;
    await h.repos.jobs.enqueue({ connectorId: 'cerm', kind: 'create-customer', entityKey: `customer-${id}`, idempotencyKey: `cerm:create-customer:${id}`, payload: { customerId: id } }, Date.now());
    h.services.jobs.kick();
    await h.services.jobs.whenSettled();
    expect((await h.repos.customers.get(id))!.cermId).toBe(existing.Id);
    expect(h.sandbox.customers.length).toBe(before);
  });
});
