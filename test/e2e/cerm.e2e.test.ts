import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { SANDBOX_CREDENTIALS, type CermSandbox } from '../../src-main/connectors/cerm/sandbox';
import { openConsole, type ConsoleSession } from './console-session';
import { until } from '../support/harness';

// The shipped app as staff get it: the CERM connector in sandbox mode, driven through the console in Chromium.
let session: ConsoleSession;
let app: ConsoleSession['app'];
let page: Page;
let costCode: string;
let cermName: string;

beforeAll(async () => {
  session = await openConsole('e2e-cerm', { acceptDownloads: true });
  ({ app, page } = session);
}, 120_000);

afterAll(async () => {
  await session?.close();
});

const shot = (name: string) => session.shot(name);

describe('CERM customer sync in the console (sandbox mode)', () => {
  it('configures CERM: auto-link to department and auto-create, saved after a verified connection', async () => {
    await page.goto(app.server.url);
    await page.getByTestId('nav-connections').click();
    await page.getByTestId('sandbox-banner').waitFor();
    // One page per connection: the list leads to them, it does not stack their forms.
    // The list renders once the connections are read (the banner can come first on a busy machine).
    await expect.poll(() => page.locator('[data-testid^="open-connection-"]').count()).toBeGreaterThanOrEqual(4);
    expect(await page.locator('[data-testid="connection-cerm"], [data-testid="cerm-customer-row"]').count()).toBe(0);
    await shot('issue12-connections-one-page-per-connection');
    await page.getByTestId('open-connection-cerm').click();
    const section = page.getByTestId('connection-cerm');
    await section.waitFor();
    expect(await section.getByRole('tab').allTextContents()).toEqual(['Connection', 'Behaviour', 'Advanced', 'Data']);
    await shot('issue12-connections-tab-connection');
    // The banner stays on every screen while sandbox mode is on.
    expect(await page.getByTestId('sandbox-banner').isVisible()).toBe(true);
    await shot('issue12-connections-sandbox-banner');
    // Sandbox mode says which fields the simulator sets instead of silently replacing them.
    await expect.poll(() => section.getByTestId('field-cerm-apiUrl').getAttribute('data-simulator')).toBe('true');
    await section.getByTestId('field-cerm-apiUrl').scrollIntoViewIfNeeded();
    await shot('issue12-connections-simulator-overrides-shown');
    await section.getByTestId('tab-cerm-advanced').click();
    await section.getByTestId('field-cerm-autoLinkDepartment').waitFor({ state: 'detached' });
    await shot('issue12-connections-tab-advanced');
    await section.getByTestId('tab-cerm-behaviour').click();
    await section.getByTestId('field-cerm-autoLinkDepartment').click();
    await section.getByTestId('field-cerm-autoCreateCustomers').click();
    await shot('issue12-connections-tab-behaviour');
    await section.getByTestId('save-cerm').click();
    await expect
      .poll(async () => (await app.core.services.connections.values(app.core.services.registry.get('cerm')!)).autoLinkDepartment, { timeout: 15_000 })
      .toBe(true);
    expect((await app.core.services.connections.values(app.core.services.registry.get('cerm')!)).autoCreateCustomers).toBe(true);
    await shot('cerm-01-connection');
  });

  it('refuses a wrong typed endpoint in sandbox mode with the reason, saving nothing', async () => {
    const section = page.getByTestId('connection-cerm');
    await section.getByTestId('tab-cerm-connection').click();
    await section.getByText('the address typed below').click();
    // The simulator's demo credentials stay with the simulator: for a typed address nothing is stored yet.
    for (const secret of ['clientSecret', 'password']) expect(await section.getByTestId(`secret-cerm-${secret}`).textContent()).toBe('not set');
    await section.getByTestId('field-cerm-apiUrl').fill('http://127.0.0.1:9/');
    await section.getByTestId('field-cerm-clientId').fill(SANDBOX_CREDENTIALS.clientId);
    await section.getByTestId('field-cerm-username').fill(SANDBOX_CREDENTIALS.username);
    await section.getByTestId('field-cerm-clientSecret').fill(SANDBOX_CREDENTIALS.clientSecret);
    await section.getByTestId('field-cerm-password').fill(SANDBOX_CREDENTIALS.password);
    // Typed dots beside "not set" would say there is and is not a secret: the tag says what Save does with it.
    for (const secret of ['clientSecret', 'password']) expect(await section.getByTestId(`secret-cerm-${secret}`).textContent()).toBe('stored on save');
    await section.getByTestId('save-cerm').click();
    // The reason is the endpoint's, in words: nothing listens there.
    await expect.poll(() => section.getByTestId('save-error-cerm').textContent(), { timeout: 15_000 }).toMatch(/nothing was saved\. CERM sign-in: .*\(CERM at 127\.0\.0\.1:9\)\. Check the address/);
    expect((await app.core.services.connections.view(app.core.services.registry.get('cerm')!)).sandbox?.target).toBe('simulator');
    // Choosing "the address typed below" saved nothing, and no earlier "settings saved" stands beside "Not saved".
    await expect.poll(() => page.locator('.bp6-toast').filter({ hasText: /saved\./ }).count(), { timeout: 5_000 }).toBe(0);
    await shot('issue12-connections-typed-address-refused');
    await section.getByText('the built-in simulator at').click();
    await section.getByTestId('tab-cerm-data').click();
  });

  it('downloads customers from CERM and browses them', async () => {
    await page.getByTestId('cerm-download').click();
    await expect.poll(() => page.getByTestId('cerm-customers-total').textContent(), { timeout: 60_000 }).toMatch(/2[,.]?000/);
    await expect.poll(() => page.getByTestId('cerm-customer-row').count()).toBeGreaterThan(5);
    await shot('issue12-connections-tab-data');
    const withCode = (await app.core.services.repos.cermCustomers.search({ limit: 200 })).rows.find((r) => r.costCode)!;
    costCode = withCode.costCode!;
    cermName = withCode.name;
    await shot('cerm-02-downloaded');
  });

  it('exports the download as CSV with every customer', async () => {
    const download = page.waitForEvent('download');
    await page.getByTestId('cerm-export-csv').click();
    const file = await (await download).path();
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(2001);
  });

  it('shows, for a customer picked in the table, what a later download changed on it, field by field', async () => {
    const sandbox = app.core.services.sandboxes.get('cerm') as CermSandbox;
    // The first rows the table shows (by name): one of them changes its city in CERM.
    const [shown] = (await app.core.services.repos.cermCustomers.search({ limit: 1 })).rows;
    const city = shown!.city === 'Brugge' ? 'Gent' : 'Brugge';
    sandbox.changeCustomer(shown!.cermId, { City: city });
    await page.getByTestId('cerm-download').click();
    await until(async () => (await app.core.services.repos.cermCustomers.get(shown!.cermId))?.city === city, 'the second download', 60_000);
    const row = page.locator(`[data-testid="cerm-customer-row"][data-cerm-id="${shown!.cermId}"]`);
    await expect.poll(async () => await row.textContent(), { timeout: 10_000 }).toContain(city);
    await row.click();
    const panel = page.getByTestId('cerm-customer-changes');
    await panel.getByTestId('cerm-customer-change').first().waitFor();
    expect(await panel.textContent()).toContain(`Changes CERM made to ${shown!.name}`);
    expect(await panel.getByTestId('cerm-customer-change').allTextContents()).toEqual([expect.stringMatching(new RegExp(`city.*${shown!.city ?? ''}.*${city}`))]);
    await shot('issue14-cerm-customer-changes');
    await row.click();
    await panel.waitFor({ state: 'detached' });
  });

  it('links a department to a CERM customer picked from the download', async () => {
    await page.getByTestId('nav-departments').click();
    await page.getByTestId('department-new').click();
    await page.getByTestId('department-name').fill('Marketing');
    await page.getByTestId('department-save').click();
    await page.locator('[data-testid="department-row"]', { hasText: 'Marketing' }).click();
    await page.getByTestId('department-link-cerm').click();
    await page.getByTestId('cerm-picker-search').fill(cermName);
    // The search applies after its debounce: the row is picked from the filtered list, as staff see it.
    await expect.poll(() => page.locator('.sd-picker-caption').textContent()).toContain('downloaded customers match');
    await page.locator(`[data-testid="cerm-picker-row"][data-cerm-id="${(await app.core.services.repos.cermCustomers.search({ q: cermName, limit: 1 })).rows[0]!.cermId}"]`).click();
    await expect.poll(() => page.getByTestId('department-cerm').textContent(), { timeout: 10_000 }).toContain(cermName);
    await shot('cerm-03-department-linked');
  });

  it('registers a customer with a known cost code and sees the department set', async () => {
    await page.getByTestId('nav-customers').click();
    await page.getByTestId('register-customer').click();
    await page.getByTestId('register-email').fill('ann.peeters@example.com');
    await page.getByTestId('register-first-name').fill('Ann');
    await page.getByTestId('register-last-name').fill('Peeters');
    await page.getByTestId('register-cost-code').fill(costCode);
    await page.getByTestId('register-submit').click();
    const outcome = page.getByTestId('register-outcome');
    await outcome.waitFor({ timeout: 15_000 });
    expect(await outcome.getAttribute('data-outcome')).toBe('linked');
    await expect.poll(() => page.getByTestId('customer-department').textContent(), { timeout: 10_000 }).toContain('Marketing');
    // The registrant belongs to the department's CERM customer.
    await expect.poll(() => page.getByTestId('customer-cerm-id').textContent()).toMatch(/via department Marketing/);
    await shot('cerm-04-registered-linked');
  });

  it('registers one the rule cannot link: created in CERM, then Sync Now on addresses brings its addresses', async () => {
    await page.getByTestId('register-customer').click();
    await page.getByTestId('register-email').fill('new.buyer@example.com');
    await page.getByTestId('register-first-name').fill('Bo');
    await page.getByTestId('register-last-name').fill('Maes');
    await page.getByTestId('register-cost-code').fill('NO-SUCH-CODE');
    await page.getByTestId('register-submit').click();
    await expect.poll(() => page.getByTestId('register-outcome').getAttribute('data-outcome'), { timeout: 15_000 }).toMatch(/created|queued/);
    await expect.poll(async () => (await app.core.services.repos.customers.byEmail('new.buyer@example.com'))?.cermId ?? null, { timeout: 30_000 }).not.toBeNull();
    // Someone at the print shop gives the new customer a delivery address in CERM.
    const cermId = (await app.core.services.repos.customers.byEmail('new.buyer@example.com'))!.cermId!;
    (app.core.services.sandboxes.get('cerm') as CermSandbox).addAddress(cermId, { Street: 'Meir', Number: '12', City: 'Antwerpen' });

    await page.getByTestId('nav-sync-status').click();
    await page.getByTestId('sync-now-cerm-sync-addresses').click();
    await expect.poll(() => page.getByTestId('last-outcome-cerm-sync-addresses').textContent(), { timeout: 60_000 }).toMatch(/success/);
    await shot('cerm-05-sync-status');

    await page.getByTestId('nav-customers').click();
    await page.locator('[data-testid="customer-row"]', { hasText: 'new.buyer@example.com' }).click();
    await page.getByTestId('customer-detail').waitFor();
    await expect.poll(() => page.getByTestId('customer-cerm-id').textContent(), { timeout: 10_000 }).toMatch(/\d/);
    await expect.poll(() => page.locator('[data-testid="customer-address"][data-origin="cerm"]').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('customer-log-row').count()).toBeGreaterThanOrEqual(2);
    await shot('cerm-06-customer-detail');
  });

  it('finds all of it in the integration log', async () => {
    await page.getByTestId('nav-log').click();
    await page.getByTestId('log-filter-connector').selectOption('cerm');
    for (const action of ['run:download-customers', 'register', 'create-customer', 'run:sync-addresses'])
      // Each action reads in its name, with its id in the tooltip.
      await expect.poll(() => page.locator(`[data-testid="log-row"] [title$="(${action})"]`).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await shot('cerm-07-log');
  });
});
