import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openConsole, type ConsoleSession } from './console-session';

// Preview run from Sync Status: what "Accounts from the ERP" would do, nothing saved, then the real run in one click,
// set against the preview.
let session: ConsoleSession;
let page: Page;

beforeAll(async () => {
  session = await openConsole('e2e-preview');
  page = session.page;
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(session.app.server.url);
  await page.getByTestId('sync-now-erp-accounts').waitFor();
}, 120_000);

afterAll(async () => {
  await session?.close();
});

describe('Preview run', () => {
  it('shows what a run would create without saving it, then runs it for real and says the remote did not change', async () => {
    await page.getByTestId('preview-erp-accounts').click();
    await expect.poll(() => page.getByTestId('preview-headline').textContent(), { timeout: 120_000 }).toMatch(/^Would create [\d,]+/);
    expect(await page.getByTestId('preview-items').locator('tbody tr').count()).toBeGreaterThan(0);
    expect(await session.app.core.services.repos.accounts.search({ limit: 1 })).toMatchObject({ rows: [] });
    expect(await session.app.core.services.repos.runs.recent('erp', 'accounts', 1)).toEqual([]);
    await session.shot('preview-run');
    await page.setViewportSize({ width: 1024, height: 700 });
    await session.shot('preview-run-1024');
    await page.setViewportSize({ width: 1440, height: 900 });

    await page.getByTestId('preview-run-for-real').click();
    await expect.poll(() => page.getByTestId('preview-comparison').textContent(), { timeout: 120_000 }).toContain('The run did what the preview showed');
    expect((await session.app.core.services.repos.accounts.search({ limit: 1 })).rows).toHaveLength(1);
    await session.shot('preview-run-then-real');
  }, 300_000);
});
