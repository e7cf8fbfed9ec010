import { afterEach, describe, expect, it, vi } from 'vitest';
import { startCermCore, type CermHarness } from './cerm-harness';
import type { SimAddress } from '../../../src-main/connectors/cerm/sandbox';
import type { AddressRow } from '../../../src-main/store/addresses-repo';
import { CERM_ID } from '../../../src-main/connectors/cerm/ids';

let h: CermHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const TASK = 'sync-addresses';

async function cermAddresses(h: CermHarness, customerId: number): Promise<AddressRow[]> {
  return (await h.repos.addresses.ofCustomer(customerId)).filter((a) => a.origin === 'cerm');
}

/** The local copy says what CERM says. */
function expectSame(local: AddressRow | undefined, remote: SimAddress) {
  expect(local).toBeDefined();
  expect(local!.externalId).toBe(remote.Id);
  expect({ street: local!.street, number: local!.number, postalCode: local!.postalCode, city: local!.city, country: local!.country, name: local!.name }).toEqual({
    street: remote.Street,
    number: remote.Number,
    postalCode: remote.PostalCode,
    city: remote.City,
    country: remote.Country,
    name: remote.Name,
  });
  expect(local!.kind).toBe(remote.IsDeliveryAddress && remote.IsInvoiceAddress ? 'both' : remote.IsInvoiceAddress ? 'invoice' : 'delivery');
}

async function cursorOf(h: CermHarness) {
  return JSON.parse(await h.repos.syncState.cursor('cerm', TASK) ?? 'null') as { since: string; afterId: string } | null;
}

describe('CERM address sync', () => {
  it('brings in the addresses of linked customers, then added, changed and removed ones, leaving local addresses alone', async () => {
    h = await startCermCore();
    await h.configure({ feedOverlapSeconds: 0 });
    const a = await h.addCustomer(1, '000003');
    const b = await h.addCustomer(2, '000004');
    const unlinked = await h.addCustomer(3);
    const local = await h.repos.addresses.addLocal(a, { kind: 'delivery', name: 'Home', street: 'Eigen straat', number: '7', postalCode: '9000', city: 'Gent', country: 'Belgium', email: null, phone: null }, Date.now());
    const localBefore = (await h.repos.addresses.ofCustomer(a)).find((x) => x.id === local)!;

    const first = await h.run(TASK);
    expect(first.status).toBe('success');
    const [a1, a2] = h.sandbox.addressesOf('000003');
    const [b1] = h.sandbox.addressesOf('000004');
    expect(await cermAddresses(h, a)).toHaveLength(2);
    expectSame((await cermAddresses(h, a)).find((x) => x.externalId === a1!.Id), a1!);
    expectSame((await cermAddresses(h, a)).find((x) => x.externalId === a2!.Id), a2!);
    expectSame((await cermAddresses(h, b))[0], b1!);
    expect(first.counts.created).toBe(3);
    // The whole feed was read (every CERM customer's addresses), but only linked customers' were kept.
    expect(first.counts.fetched).toBe(h.sandbox.addresses.size);
    expect(await h.repos.addresses.countByOrigin('cerm')).toBe(3);
    // A first run (the whole feed) counts new addresses without listing them one by one, as a first download does.
    expect((await h.repos.runs.items(first.id, 0, 50)).items.filter((i) => i.action === 'created')).toEqual([]);

    const added = h.sandbox.addAddress('000004', { Street: 'Veldstraat', Number: '12', City: 'Gent', IsInvoiceAddress: true });
    h.sandbox.changeAddress(a1!.Id, { Street: 'Korenmarkt', Number: '3' });
    h.sandbox.removeAddress(a2!.Id);
    h.sandbox.changeAddress(h.sandbox.addressesOf('000005')[0]!.Id, { Street: 'Elders' });

    // The links stand as the first run read them: this run reads none of them in full, each changed address finds
    // its customer with its slice.
    const linksRead = vi.spyOn(h.repos.customers, 'cermLinksAfter');
    const second = await h.run(TASK);
    expect(second.status).toBe('success');
    expect(linksRead).not.toHaveBeenCalled();
    linksRead.mockRestore();
    expect(second.counts).toMatchObject({ fetched: 4, created: 1, updated: 2, unchanged: 0, failed: 0 });
    expect((await cermAddresses(h, a)).map((x) => x.externalId)).toEqual([a1!.Id]);
    expectSame((await cermAddresses(h, a))[0], h.sandbox.addresses.get(a1!.Id)!);
    expect((await cermAddresses(h, a))[0]!.street).toBe('Korenmarkt');
    expect(await cermAddresses(h, b)).toHaveLength(2);
    expectSame((await cermAddresses(h, b)).find((x) => x.externalId === added.Id), added);
    expect((await cermAddresses(h, b)).find((x) => x.externalId === added.Id)!.kind).toBe('both');
    // The local address is exactly as it was; the unlinked customer got nothing.
    expect((await h.repos.addresses.ofCustomer(a)).find((x) => x.id === local)).toEqual(localBefore);
    expect(await h.repos.addresses.ofCustomer(unlinked)).toEqual([]);
    expect(await h.repos.addresses.countByOrigin('cerm')).toBe(3);

    const items = (await h.repos.runs.items(second.id, 0, 50)).items;
    expect(items.find((i) => i.entityId === a2!.Id)).toMatchObject({ action: 'updated', message: 'removed: no longer active in CERM' });
    expect(items.find((i) => i.entityId === added.Id)).toMatchObject({ action: 'created', message: `customer ${b}` });

    const third = await h.run(TASK);
    expect(third.counts).toMatchObject({ fetched: 0, created: 0, updated: 0 });
  });

  it('takes a first run of the whole feed without the index by customer, builds it once stored, and keeps it on later runs', async () => {
    h = await startCermCore();
    await h.configure({ feedOverlapSeconds: 0, pageSize: 500 });
    for (let i = 1; i <= 40; i++) await h.addCustomer(i, String(i).padStart(6, '0'));
    const indexByCustomer = async () => await h!.sql.column<string>(`SELECT name FROM sqlite_schema WHERE type = 'index' AND name = 'addresses_customer'`);
    expect(await indexByCustomer()).toEqual(['addresses_customer']);
    // What the index holds while the pages are stored: seen from inside the store's own page call.
    const during: string[][] = [];
    const apply = h.repos.addresses.applyExternalPage;
    h.repos.addresses.applyExternalPage = async (...args) => (during.push(await indexByCustomer()), await apply(...args));
    const first = await h.run(TASK);
    expect(first.status).toBe('success');
    expect(h.sandbox.addresses.size).toBeGreaterThanOrEqual(2_000);
    expect(during.length).toBeGreaterThan(1);
    expect(during.every((names) => names.length === 0)).toBe(true);
    expect(await indexByCustomer()).toEqual(['addresses_customer']);
    expect(await h.sql.column(`SELECT COUNT(*) FROM deferred_indexes`)).toEqual([0]);
    // The index answers for what the load stored: a linked customer's addresses, found through it.
    expect((await h.sql.all<{ detail: string }>(`EXPLAIN QUERY PLAN SELECT * FROM addresses WHERE customer_id = 1`)).map((p) => p.detail)).toEqual([expect.stringContaining('addresses_customer')]);
    expect((await h.repos.addresses.ofCustomer(1)).length).toBe(h.sandbox.addressesOf('000001').length);

    during.length = 0;
    h.sandbox.changeAddress(h.sandbox.addressesOf('000002')[0]!.Id, { Street: 'Later' });
    expect((await h.run(TASK)).counts).toMatchObject({ fetched: 1, updated: 1 });
    expect(during).toEqual([['addresses_customer']]);

    // An index whose build failed (here: set aside, never built) is built by the next run before its pages.
    expect(await h.repos.transaction(async () => await h!.repos.addresses.beginBulkLoad(1_000_000))).toBe(true);
    expect(await indexByCustomer()).toEqual([]);
    during.length = 0;
    h.sandbox.changeAddress(h.sandbox.addressesOf('000003')[0]!.Id, { Street: 'Later still' });
    expect((await h.run(TASK)).counts).toMatchObject({ fetched: 1, updated: 1 });
    expect(during).toEqual([['addresses_customer']]);
    expect(await h.sql.column(`SELECT COUNT(*) FROM deferred_indexes`)).toEqual([0]);
  });

  it('re-reads an overlap window, so a change stamped behind the cursor (coarse clock, late commit) still arrives', async () => {
    for (const overlap of [0, 5]) {
      h = await startCermCore();
      await h.configure({ feedOverlapSeconds: 0 });
      await h.configure({ feedOverlapSeconds: overlap });
      const local = await h.addCustomer(1, '000001');
      expect((await h.run(TASK)).status).toBe('success');
      const cursor = (await cursorOf(h))!;
      // An address with a lower id changes "in the same second" as the last change read: it sorts behind the cursor.
      const [target] = h.sandbox.addressesOf('000001');
      h.sandbox.changeAddressStampedAt(target!.Id, { Street: 'Coarse Clock Lane' }, Date.parse(cursor.since));
      expect(target!.Id < cursor.afterId || cursor.afterId === target!.Id).toBe(true);
      const run = await h.run(TASK);
      expect(run.status).toBe('success');
      const street = (await cermAddresses(h, local)).find((a) => a.externalId === target!.Id)!.street;
      // Without the overlap the keyset passes it by; with it the change arrives and what was read again is unchanged.
      expect(street === 'Coarse Clock Lane').toBe(overlap > 0);
      if (overlap > 0) expect(run.counts.updated).toBe(1);
      await h.close();
      h = null;
    }
  });

  it('reads a customer linked after the first run in full (its unchanged addresses never come through the feed)', async () => {
    h = await startCermCore();
    await h.configure({ feedOverlapSeconds: 0 });
    await h.addCustomer(1, '000001');
    expect((await h.run(TASK)).status).toBe('success');
    const late = await h.addCustomer(2, '000006');
    const run = await h.run(TASK);
    expect(run.status).toBe('success');
    expect(run.message).toMatch(/1 newly linked customer read in full/);
    const remote = h.sandbox.addressesOf('000006');
    expect(remote).toHaveLength(2);
    for (const r of remote) expectSame((await cermAddresses(h, late)).find((x) => x.externalId === r.Id), r);
    // Read once: the next run does not read it again.
    const calls = h.sandbox.requests;
    expect((await h.run(TASK)).counts.fetched).toBe(0);
    expect(h.sandbox.requests - calls).toBe(1);
  });

  it('reads both customers in full when two CERM links are swapped, then neither again', async () => {
    h = await startCermCore();
    await h.configure({ feedOverlapSeconds: 0 });
    const a = await h.addCustomer(1, '000001');
    const b = await h.addCustomer(2, '000006');
    expect((await h.run(TASK)).status).toBe('success');
    await h.repos.externalIds.link('customer', a, CERM_ID, 'SWAPPING', Date.now());
    await h.repos.externalIds.link('customer', b, CERM_ID, '000001', Date.now());
    await h.repos.externalIds.link('customer', a, CERM_ID, '000006', Date.now());
    const run = await h.run(TASK);
    expect(run.message).toMatch(/2 newly linked customers read in full/);
    for (const [local, cermId] of [[a, '000006'], [b, '000001']] as const) {
      const remote = h.sandbox.addressesOf(cermId);
      expect((await cermAddresses(h, local)).map((x) => x.externalId).sort()).toEqual(remote.map((r) => r.Id).sort());
    }
    const calls = h.sandbox.requests;
    const again = await h.run(TASK);
    expect(again.message).not.toMatch(/newly linked/);
    expect(h.sandbox.requests - calls).toBe(1);
  });

  it('reads a customer in full again when its link moves back to where the first run found it, and after a Reset', async () => {
    h = await startCermCore();
    await h.configure({ feedOverlapSeconds: 0 });
    const a = await h.addCustomer(1, '000001');
    const b = await h.addCustomer(2);
    const c = await h.addCustomer(3, '000006');
    expect((await h.run(TASK)).status).toBe('success');
    // The first run recorded what it read in one row, no baseline per customer.
    expect(await h.repos.syncState.count(CERM_ID, 'address-owner')).toBe(0);
    const addressIds = (cermId: string) => h!.sandbox.addressesOf(cermId).map((r) => r.Id).sort();
    const heldBy = async (local: number) => (await cermAddresses(h!, local)).map((x) => x.externalId).sort();
    // CERM customer 000001 moves from one local customer to another; the one it leaves is linked to a CERM id with no
    // addresses (a customer is linked to one CERM id at most). Both count as newly linked.
    let parked = 0;
    const moveTo = async (from: number, to: number) => {
      await h!.repos.transaction(async (tx) => {
        await tx.externalIds.link('customer', from, CERM_ID, `PARKED-${++parked}`, Date.now());
        await tx.externalIds.link('customer', to, CERM_ID, '000001', Date.now());
      });
    };
    await moveTo(a, b);
    expect((await h.run(TASK)).message).toMatch(/2 newly linked customers read in full/);
    expect(await heldBy(b)).toEqual(addressIds('000001'));
    // Back to `a`, as the first run found it: its own baseline (read for `b`) stands before the first run's record.
    await moveTo(b, a);
    expect((await h.run(TASK)).message).toMatch(/2 newly linked customers read in full/);
    expect(await heldBy(a)).toEqual(addressIds('000001'));
    expect(await heldBy(b)).toEqual([]);
    const { addressCursor } = await import('../../../src-main/connectors/cerm/address-cursor');
    await h.repos.transaction(async (tx) => await addressCursor.reset(tx));
    // A first run again, with baselines stored: each linked customer's is brought up to date.
    const again = await h.run(TASK);
    expect(again.message).toMatch(/first run: the whole feed/);
    expect(await h.repos.syncState.cursor(CERM_ID, 'sync-addresses/links-read')).toBeNull();
    expect((await h.run(TASK)).message).not.toMatch(/newly linked/);
    await moveTo(a, b);
    expect((await h.run(TASK)).message).toMatch(/2 newly linked customers read in full/);
    expect(await heldBy(b)).toEqual(addressIds('000001'));
    expect(await heldBy(c)).toEqual(addressIds('000006'));
  });

  it('does not skip a record that changes during the run, before or after the page being read', async () => {
    h = await startCermCore();
    await h.configure({ feedOverlapSeconds: 0 });
    await h.configure({ pageSize: 50 });
    for (let i = 1; i <= 60; i++) await h.addCustomer(i, String(i).padStart(6, '0'));
    const early = h.sandbox.addressesOf('000001')[0]!;
    const late = h.sandbox.addressesOf('000060')[0]!;
    const streets = { early: early.Street, late: late.Street };
    h.sandbox.addressFeedHook = (call) => {
      if (call !== 3) return;
      // Page 1 held `early`, `late` is still ahead of the reader: both change now.
      h!.sandbox.changeAddress(early.Id, { Street: 'Changed while reading (early)' });
      h!.sandbox.changeAddress(late.Id, { Street: 'Changed while reading (late)' });
    };
    const run = await h.run(TASK);
    expect(run.status).toBe('success');
    expect((await h.repos.addresses.getExternal('cerm', early.Id))!.street).toBe('Changed while reading (early)');
    expect((await h.repos.addresses.getExternal('cerm', late.Id))!.street).toBe('Changed while reading (late)');
    expect(await h.repos.addresses.countByOrigin('cerm')).toBe(80);
    // A first run lists what it creates by count only; `early`, stored from page 1 and listed again, is an update
    // with its field diff (as is `late`, where its page was read before the change).
    const changed = (await h.repos.recordChanges.ofRun(run.id, 0, 100)).changes.map((c) => [c.entityId, c.field, c.from, c.to]);
    expect(changed).toContainEqual([early.Id, 'street', streets.early, 'Changed while reading (early)']);
    expect(changed.filter(([id]) => id !== early.Id)).toEqual(changed.length === 1 ? [] : [[late.Id, 'street', streets.late, 'Changed while reading (late)']]);
    expect(await cursorOf(h)).toEqual({ since: h.sandbox.addresses.get(late.Id)!.LastModified, afterId: late.Id });
  });

  it('keeps the cursor at the last committed record when a page fails, and goes on from there', async () => {
    h = await startCermCore();
    await h.configure({ feedOverlapSeconds: 0 });
    await h.configure({ pageSize: 50 });
    const linked = Array.from({ length: 90 }, (_, i) => String(i + 1).padStart(6, '0'));
    for (const [i, c] of linked.entries()) await h.addCustomer(i + 1, c);
    expect((await h.run(TASK)).status).toBe('success');

    const changed = linked.map((c, i) => h!.sandbox.changeAddress(h!.sandbox.addressesOf(c)[0]!.Id, { Street: `Moved ${i}` }));
    const startCall = h.sandbox.addressFeedCalls;
    h.sandbox.addressFeedHook = (call) => (call === startCall + 2 ? { status: 500, body: { status: 500, message: 'Internal Server Error' } } : undefined);
    const failed = await h.run(TASK);
    expect(failed.status).toBe('failed');
    expect(failed.message).toMatch(/CERM changed addresses after .*: CERM answered HTTP 500 "Internal Server Error"/);
    expect((await h.logLines('run:sync-addresses')).at(-1)).toMatchObject({ outcome: 'failure', message: failed.message });
    // Page 1 (50 records) committed with its cursor; page 2 did not arrive and moved nothing.
    const at = changed[49]!;
    expect(await cursorOf(h)).toEqual({ since: at.LastModified, afterId: at.Id });
    const moved = [];
    for (const c of changed) if ((await h.repos.addresses.getExternal('cerm', c.Id))!.street === c.Street) moved.push(c);
    expect(moved).toHaveLength(50);

    h.sandbox.addressFeedHook = null;
    const resumed = await h.run(TASK);
    expect(resumed.status).toBe('success');
    expect(resumed.counts).toMatchObject({ fetched: 40, updated: 40 });
    for (const c of changed) expect((await h.repos.addresses.getExternal('cerm', c.Id))!.street).toBe(c.Street);
  });

  it('reads the whole feed from a CERM that gives fewer records per page than asked', async () => {
    h = await startCermCore();
    await h.configure({ feedOverlapSeconds: 0 });
    h.sandbox.maxPageSize = 100;
    for (let i = 1; i <= 5; i++) await h.addCustomer(i, String(1995 + i).padStart(6, '0'));
    const run = await h.run(TASK);
    expect(run.counts.fetched).toBe(h.sandbox.addresses.size);
    expect(await h.repos.addresses.countByOrigin('cerm')).toBe(['001996', '001997', '001998', '001999', '002000'].flatMap((c) => h!.sandbox.addressesOf(c)).length);
  });

  it('does nothing, and says so, when Sync addresses from CERM is off', async () => {
    h = await startCermCore();
    await h.configure({ feedOverlapSeconds: 0 });
    await h.addCustomer(1, '000003');
    await h.configure({ syncAddresses: false });
    const calls = h.sandbox.requests;
    const run = await h.run(TASK);
    expect(run.status).toBe('success');
    expect(run.message).toBe('Sync addresses from CERM is switched off: nothing was fetched.');
    expect(h.sandbox.requests).toBe(calls);
    expect(await h.repos.addresses.countByOrigin('cerm')).toBe(0);
  });
});
