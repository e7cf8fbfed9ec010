import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openConsole, type ConsoleSession } from './console-session';
import type { CermSandbox } from '../../src-main/connectors/cerm/sandbox';

// Running integrations day to day: a run's field changes and the record's, a cursor reset behind its confirmation,
// and the alert settings with their refusals beside the fields.
let session: ConsoleSession;
let page: Page;
const cerm = () => session.app.core.services.sandboxes.get('cerm') as CermSandbox;

async function runAndWait(taskId: string): Promise<number> {
  const r = await session.app.core.dispatch('sync:run', { connectorId: 'cerm', taskId });
  if (!r.ok) throw new Error(r.error.message);
  const runId = (r.data as { runId: number }).runId;
  await session.app.core.services.tasks.wait(runId);
  return runId;
}

beforeAll(async () => {
  session = await openConsole('e2e-day-to-day');
  page = session.page;
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(session.app.server.url);
  await page.getByTestId('nav-sync-status').waitFor();
}, 120_000);

afterAll(async () => {
  await session?.close();
});

describe('day to day', () => {
  it("shows on the run's page and on the customer's page which fields a sync changed, before and after", async () => {
    const repos = session.app.core.services.repos;
    const customerId = await repos.customers.insert({ email: 'diff@example.com', firstName: 'Di', lastName: 'Ff', company: null, origin: 'registration' }, Date.now());
    const cermId = cerm().customers[0]!.Id;
    await repos.externalIds.link('customer', customerId, 'cerm', cermId, Date.now());
    await runAndWait('sync-addresses');
    const address = cerm().addressesOf(cermId)[0]!;
    cerm().changeAddress(address.Id, { Street: 'Nieuwe Straat', City: 'Leuven' });
    const runId = await runAndWait('sync-addresses');

    await page.evaluate((id) => void (window.location.hash = `#/runs/${id}`), runId);
    await page.getByTestId('run-detail').waitFor();
    await expect.poll(() => page.locator('[data-testid="run-item"][data-action="updated"] [data-testid="item-changes"]').first().textContent(), { timeout: 15_000 }).toContain('street:');
    await page.getByTestId('run-changes-tab').click();
    await expect.poll(() => page.locator('[data-testid="run-change"][data-field="street"] [data-testid="change-to"]').textContent()).toBe('Nieuwe Straat');
    await session.shot('day-01-run-field-changes');

    await page.getByTestId('nav-customers').click();
    await page.locator('[data-testid="customer-row"]', { hasText: 'diff@example.com' }).click();
    await page.getByTestId('customer-detail').waitFor();
    await expect.poll(() => page.locator('[data-testid="customer-change"][data-field="city"] [data-testid="change-to"]').textContent(), { timeout: 15_000 }).toBe('Leuven');
    await session.shot('day-02-customer-field-changes');
  });

  it('shows the address sync cursor on Sync Status and resets it only after a confirmation saying what is read again', async () => {
    await page.getByTestId('nav-sync-status').click();
    const cursor = page.getByTestId('cursor-cerm-sync-addresses');
    await expect.poll(() => cursor.textContent(), { timeout: 15_000 }).toMatch(/CERM address changes read up to .* UTC.*saved/);
    await page.getByTestId('reset-cursor-cerm-sync-addresses').click();
    await expect.poll(() => page.getByTestId('reset-cursor-rereads').textContent()).toMatch(/^The next run reads the whole CERM address feed/);
    // The dialog fades in: the picture is taken once it is opaque.
    await expect.poll(() => page.locator('.bp6-alert').evaluate((e) => getComputedStyle(e.closest('.bp6-overlay-content') ?? e).opacity)).toBe('1');
    await session.shot('day-03-cursor-reset-confirmation');
    await page.getByRole('button', { name: 'Reset the cursor' }).click();
    await expect.poll(() => cursor.textContent()).toMatch(/^No cursor: the next run reads the whole CERM address feed/);
    await expect.poll(async () => await session.app.core.services.repos.syncState.cursor('cerm', 'sync-addresses')).toBeNull();
  });

  it('saves the alert settings, with a bad email and a pause before the alert refused beside their fields', async () => {
    await page.getByTestId('nav-maintenance').click();
    await page.getByTestId('maintenance-alerts').waitFor();
    await expect.poll(() => page.getByTestId('alerts-failing-runs').inputValue()).toBe('3');
    expect(await page.getByTestId('alerts-pause-after').inputValue()).toBe('10');
    await page.getByTestId('alerts-admin-email').fill('not an address');
    await page.getByTestId('alerts-save').click();
    const emailGroup = page.locator('.bp6-form-group', { has: page.getByTestId('alerts-admin-email') });
    await expect.poll(() => emailGroup.textContent()).toMatch(/email/i);
    await session.shot('day-04-alerts-email-refused');

    await page.getByTestId('alerts-admin-email').fill('admin@example.com');
    const pause = page.getByTestId('alerts-pause-after');
    await pause.fill('2');
    await pause.blur();
    await page.getByTestId('alerts-save').click();
    const pauseGroup = page.locator('.bp6-form-group', { has: pause });
    await expect.poll(() => pauseGroup.textContent()).toMatch(/at least 3/);
    await pause.fill('12');
    await pause.blur();
    await page.getByTestId('alerts-save').click();
    await expect.poll(async () => {
      const r = await session.app.core.dispatch('alerts:settings', {});
      return r.ok ? r.data : null;
    }).toEqual({ failingRuns: 3, pauseAfter: 12, adminEmail: 'admin@example.com', digestMinutes: 15 });
    await session.shot('day-05-alerts-saved');
  });
});
