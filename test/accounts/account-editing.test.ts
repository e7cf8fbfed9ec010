// Customers > Accounts through the contract (core.dispatch) on a real core and SQLite file: the system of record's
// editing mode, required fields, contacts, history and re-apply, pricing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { peekDb, startTestCore } from '../support/harness';
import { createTestkitConnector } from '../support/testkit-connector';
import { createToyErpConnector, type ToyErpControl } from '../support/toy-erp-connector';
import type { AccountDetail, ContactView, PricePage } from '../../src-preload/contract/account-models';

type Harness = Awaited<ReturnType<typeof startTestCore>>;
const control: ToyErpControl = { editing: 'allowed', failOrders: new Set(), accountChanges: [] };
let h: Harness;
let local: Harness;
let n = 0;

beforeAll(async () => {
  h = await startTestCore({ core: { connectors: [createTestkitConnector(), createToyErpConnector(control)] } });
  local = await startTestCore();
});
afterAll(async () => {
  await h.close();
  await local.close();
});

async function call<T>(core: Harness, channel: string, input: unknown): Promise<T> {
  const r = await core.core.dispatch(channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.data as T;
}

const newAccount = () => ({ name: `Acme ${++n}`, email: `buyer${n}@acme.example`, addressLine1: '1 Main St', city: 'Springfield', postalCode: '62701', country: 'us' });

async function accountWithNumber(core: Harness, number = `C${1000 + ++n}`): Promise<AccountDetail> {
  const d = await call<AccountDetail>(core, 'accounts:create', newAccount());
  await core.services.repos.accounts.setErpIds(d.account.id, { accountNumber: number }, Date.now());
  return await call<AccountDetail>(core, 'accounts:get', { id: d.account.id });
}

describe('account editing under the ERP', () => {
  it('refuses create, update and re-apply while editing is restricted, naming the system, and lets status and contacts through', async () => {
    const d = await accountWithNumber(h);
    control.editing = 'restricted';
    try {
      const editing = await call<AccountDetail['editing']>(h, 'accounts:editing', {});
      expect(editing).toMatchObject({ mode: 'restricted', systemName: 'ERP', erpOwnedFields: ['accountNumber', 'paymentTerms', 'priceLevel'] });
      const upd = await h.core.dispatch('accounts:update', { id: d.account.id, patch: { paymentTerms: 'NET60' } });
      expect(upd).toMatchObject({ ok: false, error: { code: 'forbidden', message: 'Account editing is restricted to the ERP: change this account there, and the next sync brings it here.' } });
      const created = await h.core.dispatch('accounts:create', newAccount());
      expect(created).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(!created.ok && created.error.message).toMatch(/restricted to the ERP/);
      expect(await h.core.dispatch('accounts:reapply', { changeId: 1 })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect((await h.services.repos.accounts.get(d.account.id))?.paymentTerms).toBeNull();

      const off = await call<AccountDetail>(h, 'accounts:set-status', { id: d.account.id, status: 'disabled' });
      expect(off.account.status).toBe('disabled');
      await call(h, 'accounts:set-status', { id: d.account.id, status: 'enabled' });
      const c = await call<ContactView>(h, 'accounts:add-contact', { accountId: d.account.id, name: 'Rita', email: `rita${n}@acme.example`, sendPasswordEmail: false });
      expect(c.loginEnabled).toBe(true);
    } finally {
      control.editing = 'allowed';
    }
  });

  it('keeps an allowed edit as pending changes, with labels, one per field', async () => {
    const d = await accountWithNumber(h);
    await call(h, 'accounts:update', { id: d.account.id, patch: { paymentTerms: 'NET30', city: 'Shelbyville' } });
    const after = await call<AccountDetail>(h, 'accounts:update', { id: d.account.id, patch: { paymentTerms: 'NET45' } });
    expect(after.editing.mode).toBe('allowed');
    expect(after.account).toMatchObject({ paymentTerms: 'NET45', city: 'Shelbyville' });
    expect(after.pending.map((p) => [p.field, p.label, p.value, p.status])).toEqual([
      ['city', 'City', 'Shelbyville', 'pending'],
      ['paymentTerms', 'Payment terms', 'NET45', 'pending'],
    ]);
    const page = await call<{ rows: { id: number; pendingChanges: number }[] }>(h, 'accounts:search', { q: d.account.name });
    expect(page.rows.find((r) => r.id === d.account.id)?.pendingChanges).toBe(2);
  });

  it('applies edits here only when no ERP is connected (no pending changes)', async () => {
    const d = await accountWithNumber(local);
    expect(d.editing).toMatchObject({ mode: 'local', systemName: null });
    const after = await call<AccountDetail>(local, 'accounts:update', { id: d.account.id, patch: { paymentTerms: 'NET30' } });
    expect(after.account.paymentTerms).toBe('NET30');
    expect(after.pending).toEqual([]);
    expect(await local.services.repos.accounts.pendingChanges(d.account.id)).toEqual([]);
  });

  it('raises account.changed in the transaction of a create and of an edit that changed something', async () => {
    control.accountChanges!.length = 0;
    const d = await call<AccountDetail>(h, 'accounts:create', newAccount());
    await call(h, 'accounts:update', { id: d.account.id, patch: { phone: '555-0100' } });
    await call(h, 'accounts:update', { id: d.account.id, patch: { phone: '555-0100' } });
    expect(control.accountChanges).toEqual([{ accountId: d.account.id, visible: true }, { accountId: d.account.id, visible: true }]);
  });

  it('refuses a new account without its required fields, naming each', async () => {
    const r = await h.core.dispatch('accounts:create', { name: '', email: 'x@y.example' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('invalid_input');
    const paths = (r.error.issues ?? []).map((i) => i.path);
    for (const f of ['name', 'addressLine1', 'city', 'postalCode', 'country']) expect(paths, f).toContain(f);
    const noEmail = await h.core.dispatch('accounts:create', { ...newAccount(), email: undefined });
    expect(!noEmail.ok && noEmail.error.issues?.map((i) => i.path)).toContain('email');
  });

  it('lists a lost web edit in the history, re-applies it once, and shows which order carried a change', async () => {
    const d = await accountWithNumber(h);
    await call(h, 'accounts:update', { id: d.account.id, patch: { repCode: 'R7' } });
    await h.services.repos.accounts.applyErpAccount(d.account.id, { repCode: 'R1' }, { connectorId: 'erp', source: 'accounts', runId: null }, Date.now());
    const history = await call<{ field: string; label: string; lost: boolean; canReapply: boolean; changeId: number | null }[]>(h, 'accounts:history', { id: d.account.id });
    expect(history).toMatchObject([{ field: 'repCode', label: 'Representative code', lost: true, canReapply: true }]);
    const again = await call<AccountDetail>(h, 'accounts:reapply', { changeId: history[0]!.changeId });
    expect(again.account.repCode).toBe('R7');
    expect(again.pending.filter((p) => p.status === 'pending').map((p) => p.value)).toEqual(['R7']);
    expect((await call<{ canReapply: boolean }[]>(h, 'accounts:history', { id: d.account.id }))[0]!.canReapply).toBe(false);
    expect(await h.core.dispatch('accounts:reapply', { changeId: history[0]!.changeId })).toMatchObject({ ok: false, error: { code: 'conflict' } });

    const pending = again.pending.find((p) => p.status === 'pending')!;
    const orderId = await h.services.repos.orders.insert({ orderNumber: `W-${n}`, accountId: d.account.id, lines: [{ item: 'A', qty: 1, unitPriceCents: 1 }] }, Date.now());
    await h.services.repos.accounts.markPushed([pending.id], orderId, Date.now());
    const pushed = (await call<AccountDetail>(h, 'accounts:get', { id: d.account.id })).pending.find((p) => p.id === pending.id);
    expect(pushed).toMatchObject({ status: 'pushed', orderNumber: `W-${n}` });
  });
});

describe('contacts', () => {
  it('are added only once the account has an account number', async () => {
    const d = await call<AccountDetail>(h, 'accounts:create', newAccount());
    expect(d.canAddContacts).toBe(false);
    const r = await h.core.dispatch('accounts:add-contact', { accountId: d.account.id, name: 'Early', email: `early${n}@acme.example` });
    expect(r).toMatchObject({ ok: false, error: { code: 'conflict', message: 'Contacts are added once the ERP has the account: it gets an account number with its first order or the next ERP sync.' } });
    await h.services.repos.accounts.setErpIds(d.account.id, { accountNumber: `C${9000 + n}` }, Date.now());
    expect((await call<AccountDetail>(h, 'accounts:get', { id: d.account.id })).canAddContacts).toBe(true);
    await call(h, 'accounts:add-contact', { accountId: d.account.id, name: 'Early', email: `early${n}@acme.example` });
  });

  it('take an email no customer and no other contact has', async () => {
    const d = await accountWithNumber(h);
    await call(h, 'customers:register', { email: `shopper${n}@acme.example`, firstName: 'Sam', lastName: 'Shop' });
    const taken = await h.core.dispatch('accounts:add-contact', { accountId: d.account.id, name: 'Sam', email: `SHOPPER${n}@acme.example` });
    expect(taken).toMatchObject({ ok: false, error: { code: 'conflict', issues: [{ path: 'email' }] } });
    const jo = `jo${n}@acme.example`;
    await call(h, 'accounts:add-contact', { accountId: d.account.id, name: 'Jo', email: jo, sendPasswordEmail: false });
    const other = await accountWithNumber(h);
    expect(await h.core.dispatch('accounts:add-contact', { accountId: other.account.id, name: 'Jo', email: jo.toUpperCase() })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const asCustomer = await h.core.dispatch('customers:register', { email: jo, firstName: 'Jo', lastName: 'Again' });
    expect(asCustomer).toMatchObject({ ok: false, error: { code: 'conflict', issues: [{ path: 'email' }] } });
  });

  it('get a password email queued by the system that mails customers, in the contact transaction', async () => {
    const d = await accountWithNumber(h);
    const c = await call<ContactView>(h, 'accounts:add-contact', { accountId: d.account.id, name: 'Mail', email: `mail${n}@acme.example` });
    const jobs = () => peekDb(h.services.paths.database).prepare(`SELECT count(*) FROM jobs WHERE connector_id = 'toy-erp' AND kind = 'contact-password-email' AND entity_key = ?`).pluck().get(`contact-${c.id}`);
    expect(jobs()).toBe(1);
    await call(h, 'accounts:send-password-email', { contactId: c.id });
    expect(jobs()).toBe(2);
    const noErp = await accountWithNumber(local);
    const lc = await call<ContactView>(local, 'accounts:add-contact', { accountId: noErp.account.id, name: 'Mail', email: `mail${n}@acme.example`, sendPasswordEmail: false });
    expect(await local.core.dispatch('accounts:send-password-email', { contactId: lc.id })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('switch login off and on', async () => {
    const d = await accountWithNumber(h);
    const c = await call<ContactView>(h, 'accounts:add-contact', { accountId: d.account.id, name: 'Lo', email: `lo${n}@acme.example`, loginEnabled: false, sendPasswordEmail: false });
    expect(c.loginEnabled).toBe(false);
    expect((await call<ContactView>(h, 'accounts:set-contact-login', { contactId: c.id, enabled: true })).loginEnabled).toBe(true);
  });
});

describe('pricing', () => {
  it('tells imported prices and overrides apart, the account own before its level, and pages by item', async () => {
    const d = await accountWithNumber(h);
    await call(h, 'accounts:update', { id: d.account.id, patch: { priceLevel: 'GOLD' } });
    const p = h.services.repos.prices;
    await p.replaceImportedPrices({ priceLevel: 'GOLD' }, [{ item: 'A1', priceCents: 1000 }, { item: 'B2', priceCents: 2000 }, { item: 'C3', priceCents: 3000 }], 'exp-1', Date.now());
    await p.replaceImportedPrices({ accountId: d.account.id }, [{ item: 'B2', priceCents: 1800 }], 'exp-2', Date.now());
    await call(h, 'accounts:add-override', { scope: { accountId: d.account.id }, item: 'C3', kind: 'discount', value: 10 });
    await call(h, 'accounts:add-override', { scope: { priceLevel: 'GOLD' }, item: 'D4', kind: 'price', value: 500 });
    const dup = await h.core.dispatch('accounts:add-override', { scope: { accountId: d.account.id }, item: 'C3', kind: 'price', value: 1 });
    expect(dup).toMatchObject({ ok: false, error: { code: 'conflict', issues: [{ path: 'item' }] } });

    const first = await call<PricePage>(h, 'accounts:prices', { accountId: d.account.id, limit: 3 });
    expect(first).toMatchObject({ importedCount: 3, overrideCount: 2, nextCursor: 'C3' });
    expect(first.rows).toMatchObject([
      { item: 'A1', imported: { priceCents: 1000, scope: 'price_level' }, override: null, priceCents: 1000 },
      { item: 'B2', imported: { priceCents: 1800, scope: 'account' }, override: null, priceCents: 1800 },
      { item: 'C3', imported: { priceCents: 3000, scope: 'price_level' }, override: { kind: 'discount', value: 10, scope: 'account', createdBy: 'staff' }, priceCents: 2700 },
    ]);
    const second = await call<PricePage>(h, 'accounts:prices', { accountId: d.account.id, limit: 3, cursor: first.nextCursor });
    expect(second.rows).toMatchObject([{ item: 'D4', imported: null, override: { kind: 'price', value: 500, scope: 'price_level' }, priceCents: 500 }]);
    expect(second.nextCursor).toBeNull();

    const overrideId = first.rows[2]!.override!.id;
    expect(await call(h, 'accounts:delete-override', { id: overrideId })).toEqual({ deleted: true });
    const after = await call<PricePage>(h, 'accounts:prices', { accountId: d.account.id, q: 'c' });
    expect(after.rows).toMatchObject([{ item: 'C3', override: null, priceCents: 3000 }]);
  });
});
