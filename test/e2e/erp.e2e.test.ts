import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openConsole, type ConsoleSession } from './console-session';
import { itemIdOf, SALESPEOPLE } from '../../src-main/connectors/erp/sandbox-data';

// Customers > Accounts with the ERP as the data of record, as staff do it in the console (sandbox mode): add an
// account, add a contact, edit the rep code, watch the ERP sync overwrite it and History keep the lost change,
// re-apply it, an order from the storefront carries it to the ERP, and a disabled account's contact cannot sign in.
let session: ConsoleSession;
let app: ConsoleSession['app'];
let page: Page;
let apiKey: string;
let accountId: number;
let accountNumber: string;
const CONTACT = { name: 'Pat Buyer', email: `pat.buyer.${Date.now().toString(36)}@acme.test` };
// A salesperson the ERP knows (it refuses others), other than the account's and the one the sandbox change moves it to.
let WEB_REP: string;

beforeAll(async () => {
  session = await openConsole('e2e-erp');
  ({ app, page } = session);
  await page.setViewportSize({ width: 1440, height: 900 });
  const rotated = await app.core.dispatch('platform:rotate-key', {});
  if (!rotated.ok) throw new Error(rotated.error.message);
  apiKey = (rotated.data as { newKey: string }).newKey;
}, 120_000);

afterAll(async () => {
  await session?.close();
});

const shot = (name: string) => session.shot(name);
async function syncNow(TASK: string): Promise<void> {
  await page.getByTestId('nav-sync-status').click();
  await page.getByTestId(`sync-now-${TASK}`).waitFor();
  const before = await page.getByTestId(`last-run-${TASK}`).getAttribute('href').catch(() => null);
  await page.getByTestId(`sync-now-${TASK}`).click();
  await expect
    .poll(
      async () => {
        const href = await page.getByTestId(`last-run-${TASK}`).getAttribute('href').catch(() => null);
        return href !== before && /success/.test((await page.getByTestId(`last-outcome-${TASK}`).textContent()) ?? '');
      },
      { timeout: 120_000 },
    )
    .toBe(true);
}

const syncAccounts = () => syncNow('erp-accounts');

async function openAccount(id: number): Promise<void> {
  await page.evaluate((to) => (location.hash = `#/accounts/${to}`), id);
  await page.getByTestId('account-status-control').waitFor();
}

const tab = (name: string) => page.getByRole('tab', { name: new RegExp(`^${name}`) }).click();

/** Every button on the page lies inside the viewport's width: nothing cut off at this size. */
async function buttonsInside(width: number): Promise<void> {
  const outside = await page.evaluate((w) => {
    return [...document.querySelectorAll('main button')]
      .map((b) => ({ text: (b.textContent ?? '').trim(), right: b.getBoundingClientRect().right, shown: (b as HTMLElement).offsetParent !== null }))
      .filter((b) => b.shown && b.right > w + 1)
      .map((b) => b.text);
  }, width);
  expect(outside).toEqual([]);
}

async function postOrder(orderNumber: string): Promise<Response> {
  return fetch(`${app.core.listenerUrl}/platform/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
    body: JSON.stringify({
      orderNumber,
      kind: 'b2b',
      accountNumber,
      contactEmail: CONTACT.email,
      lines: [{ item: itemIdOf(1), qty: 3, unitPriceCents: 1250 }],
      shipTo: { name: 'Dock 2', line1: '9 Yard Rd', city: 'Springfield', state: 'IL', postalCode: '62702', country: 'US' },
    }),
  });
}

describe('Customers > Accounts with the ERP (sandbox mode)', () => {
  it('imports the accounts from the ERP on Sync Now', async () => {
    await page.goto(app.server.url);
    await syncAccounts();
    await page.getByTestId('nav-accounts').click();
    await expect.poll(() => page.getByTestId('account-row').count(), { timeout: 15_000 }).toBeGreaterThan(10);
    await shot('erp-01-accounts-1440');
  });

  it('adds an account: refused with every empty required field named beside it, then added', async () => {
    await page.getByTestId('add-account').click();
    await page.getByTestId('add-account-form').waitFor();
    await page.getByTestId('new-account-country').fill('');
    await page.getByTestId('add-account-submit').click();
    for (const f of ['name', 'email', 'addressLine1', 'city', 'postalCode', 'country']) {
      await expect.poll(async () => (await page.getByTestId(`new-account-error-${f}`).textContent()) ?? '').toMatch(/required/);
    }
    expect(await page.getByTestId('new-account-erp-repCode').textContent()).toBe('from the ERP; change it there');
    await shot('erp-02-add-account-refused');
    await page.getByTestId('new-account-name').fill('Northwind Fixtures');
    await page.getByTestId('new-account-email').fill(`orders.${Date.now().toString(36)}@northwind.test`);
    await page.getByTestId('new-account-addressLine1').fill('40 Harbor Way');
    await page.getByTestId('new-account-city').fill('Portland');
    await page.getByTestId('new-account-postalCode').fill('97201');
    await page.getByTestId('new-account-country').fill('us');
    await page.getByTestId('add-account-submit').click();
    await page.getByTestId('account-status-control').waitFor();
    await expect.poll(async () => (await page.locator('h1').textContent()) ?? '').toContain('Northwind Fixtures');
    const created = await app.core.dispatch('accounts:search', { q: 'Northwind Fixtures' });
    if (!created.ok) throw new Error(created.error.message);
    expect((created.data as { rows: { name: string }[] }).rows.map((r) => r.name)).toContain('Northwind Fixtures');
    await tab('Contacts');
    await page.getByTestId('account-contacts').waitFor();
    await shot('erp-03-account-added');
  });

  it('adds a contact with login on and a password email to an account the ERP has', async () => {
    const found = await app.core.dispatch('accounts:search', { limit: 5 });
    if (!found.ok) throw new Error(found.error.message);
    const first = (found.data as { rows: { id: number; accountNumber: string | null; repCode: string | null }[] }).rows.find((r) => r.accountNumber)!;
    accountId = first.id;
    accountNumber = first.accountNumber!;
    const at = Math.max(0, SALESPEOPLE.indexOf(first.repCode as (typeof SALESPEOPLE)[number]));
    WEB_REP = SALESPEOPLE[(at + 3) % SALESPEOPLE.length]!;
    await page.getByTestId('nav-accounts').click();
    await page.getByTestId('accounts-search').fill(accountNumber);
    await expect.poll(async () => (await page.getByTestId('account-row').first().getAttribute('data-number')) ?? '', { timeout: 10_000 }).toBe(accountNumber);
    await page.getByTestId('account-row').first().click();
    await page.getByTestId('account-status-control').waitFor();
    await tab('Contacts');
    await page.getByTestId('contact-name').fill(CONTACT.name);
    await page.getByTestId('contact-email').fill(CONTACT.email);
    await page.getByTestId('contact-add').click();
    await expect.poll(() => page.locator(`[data-testid="contact-row"][data-email="${CONTACT.email}"]`).count(), { timeout: 10_000 }).toBe(1);
    await shot('erp-04-contact-added');
  });

  it('edits the representative code: kept as a pending change that goes with the next order', async () => {
    await tab('Account');
    await page.getByTestId('account-repCode').fill(WEB_REP);
    await page.getByTestId('account-save').click();
    await expect.poll(async () => (await page.getByTestId('account-pending').textContent()) ?? '', { timeout: 10_000 }).toMatch(new RegExp(`Goes to the ERP with the next order.*${WEB_REP}`));
    await shot('erp-05-pending-change');
  });

  it('the ERP sync overwrites it, and History shows the lost change with the run', async () => {
    await page.getByTestId('nav-connections').click();
    await page.getByTestId('open-connection-erp').click();
    await page.getByTestId('tab-erp-data').click();
    const change = page.getByTestId('erp-sandbox-change');
    await change.waitFor();
    await page.getByTestId('erp-change-numbers').fill(accountNumber);
    await page.getByTestId('erp-change-accounts').click();
    await expect.poll(async () => (await page.getByTestId('erp-change-result').getAttribute('data-changed')) ?? '', { timeout: 10_000 }).toBe(accountNumber);
    await page.getByTestId('erp-accounts-cursor').scrollIntoViewIfNeeded();
    await shot('erp-06-erp-connection');
    await syncAccounts();
    await openAccount(accountId);
    await tab('History');
    const lost = page.locator('[data-testid="history-row"][data-field="repCode"][data-lost="true"]');
    await expect.poll(() => lost.count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await lost.first().textContent()).toContain(WEB_REP);
    expect(await lost.first().getByTestId('history-run').getAttribute('href')).toMatch(/^#\/runs\/\d+$/);
    expect(await page.getByTestId('account-pending').count()).toBe(0);
    await shot('erp-07-history-lost');
  });

  // A long flow (a price sync, a burst of storefront orders, an order's push): more than the default minute on a busy CI machine.
  it('Re-apply queues it again, and an order from the storefront carries it to the ERP before the order', async () => {
    await page.getByTestId('history-reapply').first().click();
    await expect.poll(async () => (await page.getByTestId('account-pending').textContent()) ?? '', { timeout: 10_000 }).toContain(WEB_REP);
    // The storefront sells what the ERP prices. Its burst is B2C checkouts here, so that only our order carries the
    // re-applied change (a B2B burst order may come from this very account).
    await syncNow('erp-prices');
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('storefront-orders-post').waitFor();
    await page.getByTestId('storefront-orders-kind').selectOption('b2c');
    await page.getByTestId('storefront-orders-count').fill('3');
    await page.getByTestId('storefront-orders-post').click();
    await expect.poll(async () => (await page.getByTestId('storefront-orders-result').getAttribute('data-sent')) ?? '', { timeout: 30_000 }).toBe('3');
    await page.getByTestId('storefront-simulator').scrollIntoViewIfNeeded();
    await shot('erp-08-storefront-orders');
    const orderNumber = `E2E-${Date.now().toString(36)}`;
    expect((await postOrder(orderNumber)).status).toBeLessThan(300);
    await app.core.services.jobs.whenSettled();
    await openAccount(accountId);
    await tab('Orders');
    const row = page.locator(`[data-testid="order-row"][data-order="${orderNumber}"]`);
    await expect.poll(async () => (await row.getAttribute('data-status')) ?? '', { timeout: 30_000 }).toBe('pushed');
    expect(await page.getByTestId('account-pending').count()).toBe(0);
    await shot('erp-09-order-pushed');
    await tab('History');
    const sent = page.locator('[data-testid="pushed-change"][data-field="repCode"]');
    await expect.poll(async () => (await sent.first().textContent()) ?? '', { timeout: 10_000 }).toContain(`${WEB_REP}${orderNumber}`);
    await page.getByTestId('nav-log').click();
    await page.getByTestId('log-search').fill(orderNumber);
    const log = page.locator('main');
    await expect.poll(async () => (await log.textContent()) ?? '', { timeout: 15_000 }).toMatch(new RegExp(`Order ${orderNumber}: step 1: pushed 1 pending change .*repCode '${WEB_REP}'`));
    expect((await log.textContent()) ?? '').toMatch(new RegExp(`Order ${orderNumber}: .*after 1 account change`));
    await shot('erp-10-log');
  }, 150_000);

  it('disables the account: the contact’s sign-in is refused with 403, and enabled again it works', async () => {
    // The contact sets a password the way imported customers do: with the single-use link in the email the ERP
    // connection sent when the contact was added.
    await app.core.services.jobs.whenSettled();
    const caught = app.core.services.mail.catcher()!.list().find((m) => m.to.includes(CONTACT.email));
    expect(caught).toBeTruthy();
    const token = /[?&]token=([A-Za-z0-9_-]+)/.exec(caught!.text ?? '')?.[1];
    expect(token).toBeTruthy();
    const password = 'Correct-Horse-42-battery';
    const set = await fetch(`${app.core.listenerUrl}/platform/set-password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
      body: JSON.stringify({ token, password }),
    });
    expect(set.status).toBe(200);
    const login = () =>
      fetch(`${app.core.listenerUrl}/platform/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
        body: JSON.stringify({ email: CONTACT.email, password }),
      });
    expect((await login()).status).toBe(200);

    await openAccount(accountId);
    await page.getByTestId('account-disabled').click({ force: true });
    await expect.poll(() => page.getByTestId('account-status-control').getAttribute('data-status'), { timeout: 10_000 }).toBe('disabled');
    await shot('erp-11-account-disabled');
    const refused = await login();
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ error: 'account disabled' });

    await page.getByTestId('account-enabled').click({ force: true });
    await expect.poll(() => page.getByTestId('account-status-control').getAttribute('data-status'), { timeout: 10_000 }).toBe('enabled');
    expect((await login()).status).toBe(200);
  });

  it('editing restricted to the ERP: the page shows the fields read-only and says why, and the contract refuses an edit', async () => {
    const values = () => app.core.services.connections.values(app.core.services.registry.get('erp')!);
    await page.getByTestId('nav-connections').click();
    await page.getByTestId('open-connection-erp').click();
    await page.getByTestId('tab-erp-behaviour').click();
    const section = page.getByTestId('connection-erp');
    await section.locator('select[data-testid="field-erp-accountEditing"]').selectOption('restricted');
    await section.getByTestId('save-erp').click();
    await expect.poll(async () => (await values()).accountEditing, { timeout: 15_000 }).toBe('restricted');
    await openAccount(accountId);
    await expect.poll(() => page.getByTestId('account-info').getAttribute('data-editable'), { timeout: 10_000 }).toBe('false');
    expect(await page.getByTestId('account-restricted').textContent()).toMatch(/restricted to the ERP/);
    expect(await page.getByTestId('account-repCode').isDisabled()).toBe(true);
    expect(await page.getByTestId('account-name').isDisabled()).toBe(true);
    expect(await page.getByTestId('account-save').count()).toBe(0);
    await shot('erp-12-restricted');
    const refused = await app.core.dispatch('accounts:update', { id: accountId, patch: { repCode: WEB_REP } });
    expect(refused.ok ? null : refused.error.code).toBe('forbidden');

    await page.getByTestId('nav-connections').click();
    await page.getByTestId('open-connection-erp').click();
    await page.getByTestId('tab-erp-behaviour').click();
    await section.locator('select[data-testid="field-erp-accountEditing"]').selectOption('allowed');
    await section.getByTestId('save-erp').click();
    await expect.poll(async () => (await values()).accountEditing, { timeout: 15_000 }).toBe('allowed');
  });

  it('keeps the list and the account page usable at 1024×700', async () => {
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.getByTestId('nav-accounts').click();
    await page.getByTestId('accounts-page').waitFor();
    await buttonsInside(1024);
    await shot('erp-13-accounts-1024');
    await openAccount(accountId);
    await buttonsInside(1024);
    await shot('erp-14-account-1024');
    for (const [name, file, shown] of [['Contacts', 'contacts', 'add-contact-form'], ['Pricing', 'pricing', 'account-pricing'], ['History', 'history', 'history-row']] as const) {
      await tab(name);
      await page.getByTestId(shown).first().waitFor();
      await buttonsInside(1024);
      await shot(`erp-15-${file}-1024`);
    }
    await page.getByTestId('nav-accounts').click();
    await page.getByTestId('add-account').click();
    await page.getByTestId('add-account-form').waitFor();
    const submit = (await page.getByTestId('add-account-submit').boundingBox())!;
    expect(submit.y + submit.height).toBeLessThanOrEqual(700);
    expect(submit.x + submit.width).toBeLessThanOrEqual(1024);
    await shot('erp-16-add-account-1024');
    await page.keyboard.press('Escape');
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('shows the ERP’s imported prices and a manual override told apart, and what the account pays', async () => {
    await openAccount(accountId);
    await tab('Pricing');
    await page.getByTestId('price-row').first().waitFor({ timeout: 15_000 });
    const item = (await page.getByTestId('price-row').first().getAttribute('data-item'))!;
    await page.getByTestId('override-item').fill(item);
    await page.getByTestId('override-kind').selectOption('discount');
    await page.getByTestId('override-value').fill('10');
    await page.getByTestId('override-add').click();
    const row = page.locator(`[data-testid="price-row"][data-item="${item}"]`);
    await expect.poll(async () => (await row.getByTestId('price-override').textContent().catch(() => '')) ?? '', { timeout: 10_000 }).toContain('10% off');
    expect(await row.getByTestId('price-imported').textContent()).toMatch(/^\$[\d,]+\.\d{2} \((account|price level)\)$/);
    await shot('erp-17-pricing-1440');
  });
});
