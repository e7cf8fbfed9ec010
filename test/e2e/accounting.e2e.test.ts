import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openConsole, type ConsoleSession } from './console-session';
import { PASSWORD_IN_EMAIL } from '../connectors/accounting/accounting-core';

// The reference's procedure as staff do it in the console (sandbox mode), then the storefront's sign-in with the
// password read from the welcome email.
let session: ConsoleSession;
let app: ConsoleSession['app'];
let page: Page;
let deletedEmail: string;

beforeAll(async () => {
  session = await openConsole('e2e-accounting');
  ({ app, page } = session);
}, 120_000);

afterAll(async () => {
  await session?.close();
});

const shot = (name: string) => session.shot(name);
const values = () => app.core.services.connections.values(app.core.services.registry.get('accounting')!);

async function syncNow(): Promise<void> {
  await page.getByTestId('nav-sync-status').click();
  const before = await page.getByTestId('last-run-accounting-customers').getAttribute('href').catch(() => null);
  await page.getByTestId('sync-now-accounting-customers').click();
  await expect
    .poll(async () => {
      const href = await page.getByTestId('last-run-accounting-customers').getAttribute('href').catch(() => null);
      return href !== before && /success/.test((await page.getByTestId('last-outcome-accounting-customers').textContent()) ?? '');
    }, { timeout: 60_000 })
    .toBe(true);
}

describe('accounting import in the console (sandbox mode)', () => {
  it('configures Accounting: Checkbox Field 2 read from the accounting system, and True', async () => {
    await page.goto(app.server.url);
    await page.getByTestId('nav-connections').click();
    await page.getByTestId('open-connection-accounting').click();
    const section = page.getByTestId('connection-accounting');
    await section.waitFor();
    await section.getByTestId('tab-accounting-behaviour').click();
    const field = section.locator('select[data-testid="field-accounting-showOnWebField"]');
    await expect.poll(async () => (await field.locator('option').allTextContents()).join('|'), { timeout: 15_000 }).toMatch(/Checkbox Field 1\|Checkbox Field 2/);
    await field.selectOption({ label: 'Checkbox Field 2' });
    await section.getByTestId('field-accounting-showOnWebValue').fill('True');
    await expect.poll(() => section.getByTestId('send-emails-advice').textContent()).toMatch(/No/);
    await section.getByTestId('save-accounting').click();
    await expect.poll(async () => (await values()).showOnWebField, { timeout: 15_000 }).toBe('CHECKBOX2');
    await shot('accounting-01-connection');
  });

  it('refuses to save the welcome email without the password token', async () => {
    await page.getByTestId('nav-email-content').click();
    const text = page.getByTestId('email-text');
    await text.waitFor();
    const original = await text.inputValue();
    expect(original).toContain('{{ password }}');
    await text.fill(original.replace('{{ password }}', ''));
    await page.getByTestId('email-save').click();
    await expect.poll(async () => (await page.getByTestId('email-content-page').textContent()) ?? '', { timeout: 10_000 }).toMatch(/password/i);
    await shot('accounting-02-template-refused');
    await text.fill(original);
    await page.getByTestId('email-preview-button').click();
    await expect.poll(async () => (await page.getByTestId('email-preview-text').textContent()) ?? '').toMatch(/Password: \S+/);
  });

  it('imports with Send Emails off, and shows the customers and the skipped ones with their reasons', async () => {
    await syncNow();
    await expect.poll(async () => (await page.getByTestId('position-accounting-customers').textContent()) ?? '', { timeout: 10_000 }).toMatch(/^The last import stopped at its place in the accounting sync feed, saved .* the next import reads the changes since/);
    // The feed's own token is no words for staff: it stays in the connection's cursor section.
    expect(await page.getByTestId('position-accounting-customers').textContent()).not.toMatch(/Cursor [A-Za-z0-9+/=]{6,}/);
    await page.getByTestId('last-run-accounting-customers').click();
    await page.getByTestId('run-detail').waitFor();
    await expect.poll(async () => (await page.getByTestId('run-detail').textContent()) ?? '', { timeout: 10_000 }).toMatch(/no contact with an email|is already used by customer/);
    await shot('accounting-03-run-skipped');
    await page.getByTestId('nav-accounting-import').click();
    await expect.poll(() => page.getByTestId('accounting-state').count(), { timeout: 10_000 }).toBeGreaterThan(5);
    expect(app.core.services.mail.catcher()!.list()).toHaveLength(0);
    await shot('accounting-04-customers');
  });

  it('deletes one, switches Send Emails on, imports again, and the welcome email goes to that customer only', async () => {
    const before = (await app.core.services.repos.customers.search({ limit: 1000 })).rows.map((c) => c.email);
    await page.getByTestId('delete-customer').first().click();
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect.poll(async () => (await app.core.services.repos.customers.count()), { timeout: 10_000 }).toBe(before.length - 1);
    const after = new Set((await app.core.services.repos.customers.search({ limit: 1000 })).rows.map((c) => c.email));
    deletedEmail = before.find((e) => !after.has(e))!;

    await page.getByTestId('nav-connections').click();
    await page.getByTestId('open-connection-accounting').click();
    const section = page.getByTestId('connection-accounting');
    await section.getByTestId('tab-accounting-behaviour').click();
    await section.getByTestId('field-accounting-sendEmails').click();
    await section.getByTestId('save-accounting').click();
    await expect.poll(async () => (await values()).sendEmails, { timeout: 15_000 }).toBe(true);
    await syncNow();
    await app.core.services.jobs.whenSettled();
    const caught = app.core.services.mail.catcher()!.list();
    expect(caught.map((m) => m.to)).toEqual([[deletedEmail]]);
  });

  it('opens the welcome email in Sent mail, and signs in with the password it carries', async () => {
    await page.getByTestId('nav-sent-mail').click();
    await page.getByTestId('sent-mail-page').getByText(deletedEmail).first().click();
    await expect.poll(async () => (await page.getByTestId('caught-message-to').textContent()) ?? '', { timeout: 10_000 }).toContain(deletedEmail);
    await shot('accounting-05-sent-mail');
    const plain = page.getByTestId('caught-message-text');
    if (!(await plain.isVisible())) await page.getByText('Plain text').click();
    const text = (await page.getByTestId('caught-message-text').textContent()) ?? '';
    const password = PASSWORD_IN_EMAIL.exec(text)?.[1];
    expect(password).toBeTruthy();

    const rotated = await app.core.dispatch('platform:rotate-key', {});
    if (!rotated.ok) throw new Error(rotated.error.message);
    const key = (rotated.data as { newKey: string }).newKey;
    const res = await fetch(`${app.core.listenerUrl}/platform/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify({ email: deletedEmail, password }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { customerId: number };
    expect((await app.core.services.repos.customers.byEmail(deletedEmail))!.id).toBe(body.customerId);
  });

  it('keeps the import page and its row actions usable at 1024×700', async () => {
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.getByTestId('nav-accounting-import').click();
    const resend = page.getByTestId('resend-welcome').first();
    await resend.waitFor();
    const box = (await resend.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(1024);
    await expect.poll(async () => (await page.getByTestId('welcome-status').allTextContents()).some((t) => /sent/.test(t))).toBe(true);
    await shot('accounting-06-import-1024');
    await page.getByTestId('nav-email-content').click();
    await page.getByTestId('email-text').waitFor();
    await shot('accounting-07-email-content-1024');
    await page.getByTestId('nav-email-settings').click();
    await page.getByTestId('email-settings-page').waitFor();
    await expect.poll(async () => (await page.getByTestId('email-settings-page').textContent()) ?? '').toMatch(/SMTP catcher/);
    await page.getByTestId('mail-test-to').fill('staff@shop.test');
    await page.getByTestId('mail-test-send').click();
    await expect.poll(async () => (await page.getByTestId('mail-test-result').textContent()) ?? '', { timeout: 10_000 }).toMatch(/Sent to staff@shop.test/);
    await shot('accounting-08-email-settings-1024');
  });

  it('deletes a customer from the Customers screen after a confirmation', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    const before = await app.core.services.repos.customers.count();
    await page.getByTestId('nav-customers').click();
    await expect.poll(() => page.getByTestId('customer-row').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const id = await page.getByTestId('customer-row').first().getAttribute('data-id');
    await page.evaluate((to) => (location.hash = `#/customers/${to}`), id);
    await page.getByTestId('customer-detail').waitFor();
    await page.getByTestId('customer-delete').click();
    await shot('accounting-09-customer-delete-confirm');
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect.poll(() => app.core.services.repos.customers.count(), { timeout: 10_000 }).toBe(before - 1);
    await expect.poll(() => page.getByTestId('customer-detail').count()).toBe(0);
  });
});
