import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createTestkitConnector, TESTKIT_ID } from '../support/testkit-connector';
import { openConsole, type ConsoleSession, openRow } from './console-session';

let session: ConsoleSession;
let app: ConsoleSession['app'];
let page: Page;

beforeAll(async () => {
  session = await openConsole('e2e', {
    connectors: [createTestkitConnector({ widgets: 1500 })],
    core: { jobRunner: { retry: { maxAttempts: 10, baseDelayMs: 20, maxDelayMs: 200 }, pollMs: 50 } },
  });
  ({ app, page } = session);
  // Slow pages, so the progress bar is there to be seen.
  await app.core.services.sandboxes.setFaults(TESTKIT_ID, { latencyMs: 60 });
}, 120_000);

afterAll(async () => {
  await session?.close();
});

const shot = (name: string) => session.shot(name);

describe('the console in Chromium (headless mode)', () => {
  it('opens on Sync Status with the task, strips the token from the address bar', async () => {
    await page.goto(app.server.url);
    await page.getByTestId(`task-${TESTKIT_ID}-pull-widgets`).waitFor();
    await page.getByTestId('connection-indicator').and(page.locator('[data-state="connected"]')).waitFor();
    expect(page.url()).not.toContain('token=');
    await shot('01-sync-status');
  });

  it('runs a task with Sync Now and shows the progress bar until it finishes', async () => {
    await page.getByTestId(`sync-now-${TESTKIT_ID}-pull-widgets`).click();
    const bar = page.getByTestId(`progress-${TESTKIT_ID}-pull-widgets`);
    await bar.waitFor({ state: 'visible', timeout: 10_000 });
    await shot('02-sync-running');
    await bar.waitFor({ state: 'detached', timeout: 60_000 });
    await expect.poll(() => page.getByTestId(`last-outcome-${TESTKIT_ID}-pull-widgets`).textContent(), { timeout: 10_000 }).toMatch(/success/);
    await expect.poll(() => page.getByTestId(`counts-${TESTKIT_ID}-pull-widgets`).textContent()).toMatch(/1[,.]?500/);
    await shot('03-sync-finished');
  });

  it("opens the run's page and lists what it did record by record", async () => {
    await page.getByTestId(`last-run-${TESTKIT_ID}-pull-widgets`).click();
    await page.getByTestId('run-detail').waitFor();
    await expect.poll(() => page.getByTestId('run-item').count()).toBeGreaterThan(10);
    await shot('04-run-detail');
  });

  it("finds the run's entries in the integration log and filters to failures", async () => {
    await page.getByTestId('nav-sync-status').click();
    await page.getByTestId(`sync-now-${TESTKIT_ID}-push-widgets`).click();
    await expect.poll(async () => (await app.core.services.repos.jobs.counts()).failed, { timeout: 30_000 }).toBe(1);
    await page.getByTestId('nav-log').click();
    await page.getByTestId('log-row').first().waitFor();
    await expect.poll(() => page.locator('[data-testid="log-row"] [title$="(run:pull-widgets)"]').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await shot('05-log');

    await page.getByTestId('log-filter-outcome-validation_failure').check();
    await expect
      .poll(async () => {
        const outcomes = await page.getByTestId('log-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-outcome')));
        return outcomes.length > 0 && outcomes.every((o) => o === 'validation_failure');
      }, { timeout: 10_000 })
      .toBe(true);
    await openRow(page.getByTestId('log-row').first());
    await page.getByTestId('log-details').waitFor();
    await expect.poll(() => page.getByTestId('log-details').textContent()).toMatch(/422|name is required/);
    await shot('06-log-failure-details');
  });

  it('shows Connections and Settings with the keychain status', async () => {
    await page.getByTestId('nav-connections').click();
    await page.getByTestId(`open-connection-${TESTKIT_ID}`).click();
    await page.getByTestId(`connection-${TESTKIT_ID}`).waitFor();
    await shot('07-connections');
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-keychain').waitFor();
    await expect.poll(() => page.getByTestId('settings-data-dir').textContent()).toContain('syncdesk-e2e-');
    await shot('08-settings');
  });
});
