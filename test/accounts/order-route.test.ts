// POST /platform/orders over real sockets on a real core and SQLite file, with a toy ERP subscribed to order.placed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { peekDb, startTestCore } from '../support/harness';
import { createTestkitConnector } from '../support/testkit-connector';
import { createToyErpConnector, type ToyErpControl } from '../support/toy-erp-connector';
import { ORDER_MAX_BYTES } from '../../src-main/accounts/order-routes';
import type { AccountDetail } from '../../src-preload/contract/account-models';

type Harness = Awaited<ReturnType<typeof startTestCore>>;
const control: ToyErpControl = { editing: 'allowed', failOrders: new Set() };
let h: Harness;
let key: string;
let url: string;
let n = 0;
let acme: { id: number; number: string; contact: string };
let other: { id: number; number: string; contact: string };

async function call<T>(channel: string, input: unknown): Promise<T> {
  const r = await h.core.dispatch(channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.data as T;
}

async function account(number: string) {
  const d = await call<AccountDetail>('accounts:create', { name: `Account ${number}`, email: `ap@${number}.example`, addressLine1: '1 Main St', city: 'Springfield', postalCode: '62701', country: 'US' });
  await h.services.repos.accounts.setErpIds(d.account.id, { accountNumber: number }, Date.now());
  const contact = `buyer@${number}.example`.toLowerCase();
  await call('accounts:add-contact', { accountId: d.account.id, name: 'Buyer', email: contact, sendPasswordEmail: false });
  return { id: d.account.id, number, contact };
}

beforeAll(async () => {
  h = await startTestCore({ core: { connectors: [createTestkitConnector(), createToyErpConnector(control)] } });
  key = (await call<{ newKey: string }>('platform:rotate-key', {})).newKey;
  url = `${h.core.listenerUrl}/platform/orders`;
  acme = await account('C100');
  other = await account('C200');
});
afterAll(async () => {
  await h.close();
});

const shipTo = { name: 'Dock 4', line1: '9 Harbor Rd', city: 'Springfield', state: 'IL', postalCode: '62701', country: 'us' };
const b2b = (over: Record<string, unknown> = {}) => ({ orderNumber: `SO-${++n}`, kind: 'b2b', accountNumber: acme.number, contactEmail: acme.contact, lines: [{ item: 'WIDGET-1', qty: 2, unitPriceCents: 1250 }], shipTo, ...over });
const post = (body: unknown, headers: Record<string, string> = { 'x-api-key': key }) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
const db = () => peekDb(h.services.paths.database);
const jobsFor = (orderId: number) => db().prepare(`SELECT count(*) FROM jobs WHERE connector_id = 'toy-erp' AND kind = 'push-order' AND entity_key = ?`).pluck().get(`order-${orderId}`);

describe('POST /platform/orders', () => {
  it('refuses a wrong or missing key with 401, and keeps nothing', async () => {
    const body = b2b();
    expect((await post(body, { 'x-api-key': 'sdk_wrong' })).status).toBe(401);
    expect((await post(body, {})).status).toBe(401);
    expect(await h.services.repos.orders.byNumber(body.orderNumber)).toBeNull();
  });

  it('answers malformed JSON with 400, another media type with 415, an oversized body with 413', async () => {
    const bad = await post('{"orderNumber": ');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/not valid JSON/);
    const text = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain', 'x-api-key': key }, body: JSON.stringify(b2b()) });
    expect(text.status).toBe(415);
    const big = await post({ ...b2b(), poNumber: 'x'.repeat(ORDER_MAX_BYTES) });
    expect(big.status).toBe(413);
  });

  it('names each invalid field', async () => {
    const r = await post({ orderNumber: 'bad number!', kind: 'b2b', accountNumber: '', contactEmail: 'nope', lines: [{ item: 'A', qty: 0, unitPriceCents: -1 }], shipTo: { name: 'X' } });
    expect(r.status).toBe(400);
    const body = (await r.json()) as { error: string; issues: { path: string; message: string }[] };
    expect(body.error).toBe('invalid order');
    const paths = body.issues.map((i) => i.path);
    for (const p of ['orderNumber', 'accountNumber', 'contactEmail', 'lines.0.qty', 'lines.0.unitPriceCents', 'shipTo.line1', 'shipTo.city', 'shipTo.postalCode', 'shipTo.country']) expect(paths, p).toContain(p);
    expect((await post({ ...b2b(), lines: [] })).status).toBe(400);
    expect((await post({ ...b2b(), lines: Array.from({ length: 501 }, () => ({ item: 'A', qty: 1, unitPriceCents: 1 })) })).status).toBe(400);
    expect((await post({ ...b2b(), orderNumber: 'x'.repeat(41) })).status).toBe(400);
    expect((await post({ ...b2b(), kind: 'b2d' })).status).toBe(400);
  });

  it('places a B2B order with 202, its push job queued in the same transaction, and logs it', async () => {
    const body = b2b({ poNumber: 'PO-77' });
    const r = await post(body);
    expect(r.status).toBe(202);
    const answer = (await r.json()) as { orderNumber: string; orderId: number; status: string; jobIds: number[] };
    expect(answer).toMatchObject({ orderNumber: body.orderNumber, status: 'placed' });
    expect(answer.jobIds).toHaveLength(1);
    const order = await h.services.repos.orders.get(answer.orderId);
    expect(order).toMatchObject({ accountId: acme.id, poNumber: 'PO-77', totalCents: 2500, shipTo: { line1: '9 Harbor Rd', country: 'US' } });
    expect(order!.shipTo.addressId).not.toBeNull();
    expect(jobsFor(answer.orderId)).toBe(1);
    const log = await h.services.repos.log.forEntity('order', String(answer.orderId), 10);
    expect(log.map((l) => l.message).join('\n')).toMatch(new RegExp(`storefront order ${body.orderNumber}`));
    // The ship-to joins the account once, whatever the orders that use it.
    await post(b2b());
    const tos = await h.services.repos.accounts.shipTos(acme.id);
    expect(tos.filter((a) => a.line1 === '9 Harbor Rd')).toHaveLength(1);
  });

  it('answers a repost of the same order with 200 and the same order, and a changed body under the number with 409', async () => {
    const body = b2b();
    const first = (await (await post(body)).json()) as { orderId: number };
    const again = await post(body);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ orderNumber: body.orderNumber, orderId: first.orderId, status: 'placed', jobIds: [] });
    const changed = await post({ ...body, lines: [{ item: 'WIDGET-1', qty: 3, unitPriceCents: 1250 }] });
    expect(changed.status).toBe(409);
    expect((await changed.json()).error).toMatch(/taken by a different order/);
    expect(db().prepare(`SELECT count(*) FROM orders WHERE order_number = ?`).pluck().get(body.orderNumber)).toBe(1);
    expect(jobsFor(first.orderId)).toBe(1);
  });

  it('refuses an unknown account (404), a disabled one (403) and a contact of another account (403)', async () => {
    const unknown = await post(b2b({ accountNumber: 'C999' }));
    expect(unknown.status).toBe(404);
    const stranger = await post(b2b({ contactEmail: other.contact }));
    expect(stranger.status).toBe(403);
    expect((await stranger.json()).error).toMatch(/not a contact of account C100/);
    await call('accounts:set-status', { id: acme.id, status: 'disabled' });
    try {
      const off = await post(b2b());
      expect(off.status).toBe(403);
      expect(await off.json()).toEqual({ error: 'account disabled' });
    } finally {
      await call('accounts:set-status', { id: acme.id, status: 'enabled' });
    }
    const third = await account('C300');
    await call('accounts:set-contact-login', { contactId: (await h.services.repos.accounts.contactByEmail(third.contact))!.id, enabled: false });
    const loginOff = await post(b2b({ accountNumber: third.number, contactEmail: third.contact }));
    expect(loginOff.status).toBe(403);
    expect(await loginOff.json()).toEqual({ error: 'contact login disabled' });
    const before = db().prepare(`SELECT count(*) FROM orders`).pluck().get();
    expect(before).toBe(db().prepare(`SELECT count(*) FROM jobs WHERE kind = 'push-order'`).pluck().get());
  });

  it('accepts a B2C checkout that names its customer', async () => {
    const body = { orderNumber: `WEB-${++n}`, kind: 'b2c', customer: { name: 'Pat Doe', email: 'Pat@Home.example' }, lines: [{ item: 'GEAR', qty: 1, unitPriceCents: 999 }], shipTo };
    const r = await post(body);
    expect(r.status).toBe(202);
    const answer = (await r.json()) as { orderId: number };
    expect(await h.services.repos.orders.get(answer.orderId)).toMatchObject({ accountId: null, customer: { name: 'Pat Doe', email: 'pat@home.example' } });
    expect(jobsFor(answer.orderId)).toBe(1);
    expect((await post(body)).status).toBe(200);
  });

  it('keeps neither the order nor its job when the transaction fails', async () => {
    const body = b2b();
    control.failOrders.add(body.orderNumber);
    try {
      const r = await post(body);
      expect(r.status).toBe(500);
    } finally {
      control.failOrders.delete(body.orderNumber);
    }
    expect(await h.services.repos.orders.byNumber(body.orderNumber)).toBeNull();
    expect(db().prepare(`SELECT count(*) FROM orders`).pluck().get()).toBe(db().prepare(`SELECT count(*) FROM jobs WHERE kind = 'push-order'`).pluck().get());
    expect((await post(body)).status).toBe(202);
  });
});

describe('the storefront orders burst', () => {
  it('sells only what the ERP prices: with no price imported it says what to run first', async () => {
    const r = await h.core.dispatch('sandbox:storefront-orders', { count: 3, kind: 'mixed' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'conflict', message: expect.stringContaining('Run "Prices from the ERP"') });
  });

  it('posts B2B orders by contacts who may order and B2C checkouts over HTTP, and counts the outcomes', async () => {
    const catalogue = [{ item: 'ITEM-00007', priceCents: 1250 }, { item: 'ITEM-00008', priceCents: 990 }];
    await h.services.repos.prices.replaceImportedPrices({ priceLevel: 'RETAIL' }, catalogue, 'test-export', Date.now());
    const before = db().prepare(`SELECT count(*) FROM orders`).pluck().get() as number;
    const lastId = db().prepare(`SELECT COALESCE(MAX(id), 0) FROM orders`).pluck().get() as number;
    const r = await call<{ sent: number; failed: number; outcomes: Record<string, number> }>('sandbox:storefront-orders', { count: 24, kind: 'mixed' });
    expect(r).toMatchObject({ sent: 24, failed: 0 });
    expect((r.outcomes['b2b accepted'] ?? 0) + (r.outcomes['b2c accepted'] ?? 0)).toBe(24);
    expect(db().prepare(`SELECT count(*) FROM orders`).pluck().get()).toBe(before + 24);
    const b2bOrders = db().prepare(`SELECT count(*) FROM orders WHERE id > ? AND account_id IS NOT NULL AND contact_id IS NOT NULL`).pluck().get(lastId);
    expect(b2bOrders).toBe(r.outcomes['b2b accepted'] ?? 0);

    const lines = db().prepare(`SELECT DISTINCT item, unit_price_cents AS priceCents FROM order_lines WHERE order_id > ? ORDER BY item`).all(lastId);
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(catalogue).toContainEqual(l);

    const onlyB2b = await call<{ outcomes: Record<string, number> }>('sandbox:storefront-orders', { count: 5, kind: 'b2b' });
    expect(onlyB2b.outcomes).toEqual({ 'b2b accepted': 5 });
  });
});
