import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openConsole, type ConsoleSession } from './console-session';
import { createKeytarStore, secretAccount } from '../../src-main/secrets/credential-store';

// Settings > Maintenance as staff use it: a backup taken and a restore staged then cancelled, retention saved and a
// cleanup run, and the configuration exported, changed, previewed with the secrets it cannot carry, and imported.
let session: ConsoleSession;
let page: Page;

beforeAll(async () => {
  session = await openConsole('e2e-maintenance', { acceptDownloads: true });
  page = session.page;
  await page.setViewportSize({ width: 1440, height: 900 });
  const saved = await session.app.core.dispatch('connections:save', { connectorId: 'cerm', values: { pageSize: 250 }, secrets: {} });
  if (!saved.ok) throw new Error(saved.error.message);
  await page.goto(session.app.server.url);
  await page.getByTestId('nav-maintenance').click();
  await page.getByTestId('maintenance-page').waitFor();
}, 120_000);

afterAll(async () => {
  await session?.close();
});

describe('Maintenance', () => {
  it('takes a backup, lists it, stages a restore of it behind a confirmation, and cancels the restore', async () => {
    await expect.poll(() => page.getByTestId('maintenance-last-backup').textContent()).toContain('No backup yet');
    await page.getByTestId('maintenance-backup-now').click();
    await page.getByTestId('maintenance-backup-list').waitFor();
    await expect.poll(() => page.getByTestId('maintenance-last-backup').textContent()).toContain('Last backup');
    await page.getByTestId('maintenance-restore').first().click();
    await page.getByRole('button', { name: 'Check and stage it' }).click();
    await page.getByTestId('maintenance-staged-restore').waitFor();
    await session.shot('maintenance-restore-staged');
    await page.getByTestId('maintenance-cancel-restore').click();
    await page.getByTestId('maintenance-staged-restore').waitFor({ state: 'detached' });

    await page.getByTestId('maintenance-restore-path').fill('/no/such/copy.db');
    await page.getByTestId('maintenance-restore-other').click();
    await page.getByRole('button', { name: 'Check and stage it' }).click();
    await expect.poll(() => page.getByTestId('maintenance-restore-error').textContent()).toMatch(/copy\.db/);
    await session.shot('maintenance-restore-refused');
  });

  it('saves retention with its limits shown, and runs a cleanup that says what it removed', async () => {
    const days = page.getByTestId('retention-log-days');
    await days.fill('45');
    await days.blur();
    await page.getByTestId('retention-save').click();
    await expect.poll(async () => (await session.app.core.dispatch('ops:retention', {})).ok && ((await session.app.core.dispatch('ops:retention', {})) as { data: { settings: { logDays: number } } }).data.settings.logDays).toBe(45);
    await page.getByTestId('maintenance-cleanup').click();
    await expect.poll(() => page.getByTestId('maintenance-last-cleanup').textContent(), { timeout: 30_000 }).toMatch(/^Last cleanup .*: (Removed|Nothing was old enough)/);
  });

  it('exports the configuration, previews a changed copy with the secrets it cannot carry, and imports it', async () => {
    const download = page.waitForEvent('download');
    await page.getByTestId('config-export').click();
    const file = JSON.parse(readFileSync(await (await download).path(), 'utf8')) as { connections: { connectorId: string; values: Record<string, unknown> }[] };
    const cerm = file.connections.find((c) => c.connectorId === 'cerm')!;
    expect(cerm.values.pageSize).toBe(250);
    cerm.values.pageSize = 300;

    await page.getByTestId('config-file').setInputFiles({ name: 'office-setup.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
    await expect.poll(() => page.getByTestId('config-preview-headline').textContent()).toContain('1 will change');
    const row = page.locator('[data-testid="config-preview-table"] tr[data-change="changed"]');
    await expect.poll(() => row.textContent()).toContain('cerm');
    await page.getByTestId('config-missing-secrets').waitFor();
    await page.getByTestId('config-secret-cerm-clientSecret').fill('from-the-office');
    await session.shot('maintenance-config-preview');
    await page.setViewportSize({ width: 1024, height: 700 });
    await session.shot('maintenance-config-preview-1024');
    await page.setViewportSize({ width: 1440, height: 900 });

    await page.getByTestId('config-import').click();
    await expect.poll(() => page.getByTestId('config-imported').textContent()).toContain('Imported');
    const view = await session.app.core.dispatch('connections:list', {});
    expect(view.ok && (view.data as { connectorId: string; values: Record<string, unknown> }[]).find((c) => c.connectorId === 'cerm')!.values.pageSize).toBe(300);
    // The console's keychain entry (the session opens its core on this service name).
    expect(await createKeytarStore({ service: 'SyncDesk-test-e2e-maintenance' }).get(secretAccount('cerm', 'clientSecret'))).toBe('from-the-office');
    await session.shot('maintenance-config-imported');
  });

  it('refuses a file that is not a configuration, in plain words, and applies nothing', async () => {
    await page.getByTestId('config-file').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": "world"}') });
    await expect.poll(() => page.getByTestId('config-preview-error').textContent()).not.toBe('');
    expect(await page.getByTestId('config-preview-error').textContent()).not.toMatch(/expected|invalid_type|Too small/i);
  });
});
