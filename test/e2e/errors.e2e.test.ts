import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorPage, StartRunResult } from '../../src-preload/contract';
import { openConsole, type ConsoleSession } from './console-session';
import { peekDb, until } from '../support/harness';
import { createLedgerConnector, IMPORT_TASK, LEDGER_ID, newLedgerControl, POST_ENTRY } from '../support/ledger-connector';

// An Errors workspace session: open errors counted on the nav and Sync Status, Retry all over a filter, Edit and retry
// refused then accepted, the record seen resolved by its job; then a connection refusing its credentials raises the
// banner with Reconnect.
const control = newLedgerControl();
let session: ConsoleSession;
let keys = 0;

beforeAll(async () => {
  session = await openConsole('e2e-errors', { connectors: [createLedgerConnector(control)] });
}, 120_000);
afterAll(async () => {
  await session?.close();
});

async function call<T>(channel: string, input: unknown = {}): Promise<T> {
  const r = await session.app.core.dispatch(channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
  return r.data as T;
}

async function post(entityKey: string, payload: unknown): Promise<number> {
  const s = session.app.core.services;
  return await s.repos.transaction(async (tx) => await s.queue.enqueue(tx, { connectorId: LEDGER_ID, kind: POST_ENTRY, entityKey, idempotencyKey: `e2e-${++keys}`, payload }));
}

describe('the Errors workspace in the console', () => {
  it('retries all over a filter, edits and retries a payload, and shows the record resolved by its job', async () => {
    const { app, page } = session;
    for (let i = 0; i < 30; i++) await post(`B${i}`, { account: 'BULK', amount: -1 - i });
    const jobId = await post('E20', { account: 'RENT', amount: -100, apiToken: 'tok-e2e-secret' });
    control.records = [{ id: 'R1', fail: 'entry R1 names no account' }];
    const { runId } = await call<StartRunResult>('sync:run', { connectorId: LEDGER_ID, taskId: IMPORT_TASK });
    await app.core.services.tasks.wait(runId);
    await until(async () => (await call<ErrorPage>('errors:page', { status: 'open', limit: 1 })).total === 32, '32 open errors');

    await page.goto(app.server.url);
    await page.getByTestId('errors-count-badge').waitFor();
    expect(await page.getByTestId('errors-count-badge').textContent()).toBe('32');
    expect(await page.getByTestId(`open-errors-${LEDGER_ID}-${IMPORT_TASK}`).textContent()).toBe('1 open error');
    await session.shot('errors-01-nav-count-and-sync-status');

    await page.getByTestId('nav-errors').click();
    await page.getByTestId('errors-table').waitFor();
    await page.getByLabel('Connector').selectOption(LEDGER_ID);
    await page.getByLabel('Task or job').selectOption(POST_ENTRY);
    await page.getByRole('button', { name: 'Retry all 31' }).waitFor();
    await session.shot('errors-02-open-filtered');
    await page.getByRole('button', { name: 'Retry all 31' }).click();
    const db = peekDb(app.core.services.paths.database);
    await until(() => db.prepare(`SELECT COUNT(DISTINCT group_id) FROM error_actions WHERE action = 'retry'`).pluck().get() === 31, 'the 31 retries recorded');
    // Still negative: they fail again, each still one row, now with two failures.
    await until(() => db.prepare(`SELECT COUNT(*) FROM error_groups WHERE source = ? AND failures = 2`).pluck().get(POST_ENTRY) === 31, 'the retried jobs failing again');
    await session.shot('errors-03-bulk-retried');

    await page.getByTestId('error-row-E20').click();
    await page.getByRole('button', { name: 'Edit and retry' }).click();
    const editor = page.getByTestId('edit-retry-payload');
    await editor.waitFor();
    const shown = await editor.inputValue();
    expect(shown).toContain('kept secret');
    expect(shown).not.toContain('tok-e2e-secret');
    await editor.fill(shown.replace('"RENT"', '""'));
    await page.getByRole('button', { name: 'Save and retry' }).click();
    await page.getByTestId('edit-retry-error').waitFor();
    expect(await page.getByTestId('edit-retry-error').textContent()).toContain('account');
    await session.shot('errors-04-edit-and-retry-refused');
    await editor.fill(shown.replace('-100', '100'));
    await page.getByRole('button', { name: 'Save and retry' }).click();
    await editor.waitFor({ state: 'detached' });
    await until(() => control.posted.length === 1, 'the corrected entry posted');
    expect(control.posted[0]).toEqual({ account: 'RENT', amount: 100, apiToken: 'tok-e2e-secret' });

    await page.getByRole('tab', { name: 'Resolved' }).click();
    const resolved = page.getByTestId('resolved-by-E20');
    await resolved.waitFor();
    expect(await resolved.textContent()).toContain(`resolved by job ${jobId}`);
    await page.getByTestId('error-row-E20').click();
    await page.getByTestId('error-history').waitFor();
    expect(await page.getByTestId('error-history').textContent()).toContain('Edited and retried');
    await session.shot('errors-05-auto-resolved-by-job');
  });

  it('raises a banner with Reconnect when the connection is refused its credentials', async () => {
    const { app, page } = session;
    // Headless mode notifies through the browser's Notification API once allowed; the page's own constructor is
    // watched, so the test sees what the console showed. Staff have not answered the browser's question yet: the
    // console asks it when the alert comes (the browser's prompt, which a headless browser cannot show, says yes).
    await session.browser.grantPermissions(['notifications']);
    await page.evaluate(() => {
      const w = window as unknown as { Notification: typeof Notification; shown: string[]; asked: number };
      const Real = w.Notification;
      w.shown = [];
      w.asked = 0;
      w.Notification = class extends Real {
        static override get permission(): NotificationPermission {
          return w.asked > 0 ? 'granted' : 'default';
        }
        static override requestPermission(): Promise<NotificationPermission> {
          w.asked++;
          return Promise.resolve('granted');
        }
        constructor(title: string, options?: NotificationOptions) {
          super(title, options);
          w.shown.push(`${title}: ${options?.body ?? ''}`);
        }
      } as typeof Notification;
    });
    control.refuseCredentials = true;
    const { runId } = await call<StartRunResult>('sync:run', { connectorId: LEDGER_ID, taskId: IMPORT_TASK });
    await app.core.services.tasks.wait(runId);
    const banner = page.getByTestId('alert-credentials');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('Ledger (test) is paused: the remote refused its credentials');
    await until(async () => (await page.evaluate(() => (window as unknown as { shown: string[] }).shown.length)) > 0, 'the notification');
    const { shown, asked } = await page.evaluate(() => {
      const w = window as unknown as { shown: string[]; asked: number };
      return { shown: w.shown, asked: w.asked };
    });
    expect(asked).toBe(1);
    expect(shown).toEqual([expect.stringContaining('SyncDesk: Ledger (test): Ledger (test) is paused')]);
    await session.shot('errors-06-alert-banner-reconnect');
    await banner.getByRole('button', { name: 'Reconnect' }).click();
    await until(() => page.url().includes(`#/connections/${LEDGER_ID}/connection`), 'the connection page');
    // The banner stays on every screen until the connection is ready again.
    await banner.waitFor();
    await session.shot('errors-07-reconnect-connection-page');
    control.refuseCredentials = false;
    await call('connections:save', { connectorId: LEDGER_ID, values: {} });
    await banner.waitFor({ state: 'detached' });
  });
});
