import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { LogPage, TaskStatus } from '../../src-preload/contract';
import { shippedConnectors } from '../../src-main/connectors/registry';
import { createTestkitConnector, TESTKIT_ID } from '../support/testkit-connector';
import { until } from '../support/harness';
import { dispatchTo, openConsole, type ConsoleSession, openRow } from './console-session';

// The integration log and the run pages as staff use them: a retry answered in the failed entry's own place, the
// records an entry is about one click away, request and answer laid out to read, dates in the reader's locale,
// honest counts for a run that changed nothing, and exports that are the browser's downloads in headless mode and
// follow the search. Each is kept as a picture under test-results/issue12-log-<point>.png.
let session: ConsoleSession;
let app: ConsoleSession['app'];
let page: Page;

const dispatch = <T,>(channel: string, input: unknown): Promise<T> => dispatchTo<T>(app, channel, input);

async function runTask(connectorId: string, taskId: string): Promise<number> {
  const { runId } = await dispatch<{ runId: number }>('sync:run', { connectorId, taskId });
  await until(async () => (await dispatch<TaskStatus[]>('sync:tasks', {})).every((t) => !t.running), `${taskId} to finish`, 120_000, 100);
  return runId;
}

beforeAll(async () => {
  session = await openConsole('e2e-log-runs', {
    acceptDownloads: true,
    connectors: [...shippedConnectors(), createTestkitConnector({ widgets: 30 })],
    core: { jobRunner: { retry: { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 100 }, pollMs: 50 } },
  });
  ({ app, page } = session);
  await page.setViewportSize({ width: 1440, height: 900 });
}, 120_000);

afterAll(async () => {
  await session?.close();
});

describe('the integration log', () => {
  it('shows a retry as the failed entry\'s next attempt, in place and under the filter that found it', async () => {
    await dispatch('connections:save', { connectorId: TESTKIT_ID, values: { pushCount: 1 }, secrets: {} });
    await app.core.services.sandboxes.setFaults(TESTKIT_ID, { errorRate: 1 });
    await runTask(TESTKIT_ID, 'push-widgets');
    await until(async () => (await dispatch<LogPage>('log:page', { outcomes: ['dead'], connectorId: TESTKIT_ID })).entries.length === 1, 'the job to give up', 60_000, 100);
    await app.core.services.sandboxes.setFaults(TESTKIT_ID, { errorRate: 0 });
    const [dead] = (await dispatch<LogPage>('log:page', { outcomes: ['dead'], connectorId: TESTKIT_ID })).entries;

    await page.goto(app.server.url);
    await page.getByTestId('nav-log').click();
    await page.getByTestId('log-filter-outcome-dead').check();
    const row = page.locator(`[data-testid="log-row"][data-id="${dead!.id}"]`);
    await row.click();
    await page.getByTestId('log-retry').click();
    // Said in words, not "Job 2 is queued again with a fresh set of attempts".
    const toast = page.locator('.bp6-toast', { hasText: 'Queued for another attempt; this entry shows how it goes.' });
    await toast.waitFor();
    expect(await toast.textContent()).not.toMatch(/Job \d+|fresh set of attempts/);
    await session.shot('issue12-errors-retry-said-in-words');
    // The same row, still listed under "dead": it now carries the next attempt's outcome and says it was retried.
    await row.getByTestId('log-retried').waitFor({ timeout: 30_000 });
    await expect.poll(() => row.locator('.sd-outcome-cell').textContent()).toMatch(/^success/);
    expect(await row.textContent()).toMatch(/Created widget/);
    expect(await row.locator('.sd-dismissed-tag', { hasText: 'dismissed' }).count()).toBe(0);
    // Numbered as the retry's own attempts after this entry's last, and the panel tells the row's story.
    expect(await page.getByTestId('log-next-attempt').textContent()).toMatch(/^Retried after attempt [\d,]+\. The retry's first attempt at .*: success/);
    expect(await page.getByTestId('log-detail-outcome').textContent()).toMatch(/^dead, then retried: success/);
    // The way to the next attempt's own entry is a link, and it opens that entry.
    const open = page.getByTestId('log-next-attempt-open');
    expect(await open.evaluate((el) => el.tagName)).toBe('A');
    expect(await open.textContent()).toMatch(/^Open entry #[\d,]+$/);
    // The headline is the reason in words: the errno (ECONNRESET, UND_ERR_SOCKET) stays under Details.
    expect(await page.getByTestId('log-details-message').evaluate((el) => el.firstChild?.textContent ?? '')).not.toMatch(/\(E[A-Z]+\)|UND_ERR/);
    expect(await page.getByTestId('log-row').count()).toBe(1);
    await session.shot('issue12-log-retry-in-place');
    await page.setViewportSize({ width: 1024, height: 700 });
    await session.shot('issue12-log-retry-in-place-1024');
    await page.setViewportSize({ width: 1440, height: 900 });

    // After a reload the store answers the same: the retry is part of the entry, not of the page's memory.
    await page.reload();
    await page.getByTestId('nav-log').click();
    await page.getByTestId('log-filter-outcome-dead').check();
    await row.getByTestId('log-retried').waitFor();
    expect(await page.getByTestId('log-retry').count()).toBe(0);
  });

  it('links the records entries are about to their pages', async () => {
    await page.getByTestId('log-filter-outcome-dead').uncheck();
    const link = page.getByTestId('log-entity-link').filter({ hasText: /^run \d+$/ }).first();
    await link.waitFor();
    const runId = Number((await link.textContent())!.replace('run ', ''));
    expect(await link.getAttribute('href')).toBe(`#/runs/${runId}`);
    await session.shot('issue12-log-entity-links');
    await link.click();
    await page.getByTestId('run-detail').waitFor();
    expect(await page.locator('.sd-page-title, h1, h2').first().textContent()).toContain(`Run #${runId}`);
  });

  it('lays out a request and its answer as indented, coloured JSON', async () => {
    await page.getByTestId('nav-log').click();
    await page.getByTestId('log-search').fill('Created widget');
    await page.getByTestId('log-row').first().waitFor();
    await openRow(page.getByTestId('log-row').first());
    const exchange = page.getByTestId('log-exchange');
    await exchange.waitFor();
    expect(await exchange.locator('.sd-exchange-label').allTextContents()).toEqual(['Request · JSON', 'Response · JSON']);
    expect(await exchange.locator('.sd-tok-key').count()).toBeGreaterThan(1);
    expect(await exchange.locator('pre[data-language="json"]').last().textContent()).toMatch(/^\{\n {2}"/);
    await session.shot('issue12-log-details-pretty-json');
    await page.setViewportSize({ width: 1024, height: 700 });
    await session.shot('issue12-log-details-pretty-json-1024');
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('reads date filters and times in the user\'s locale, with the date for days other than today', async () => {
    await page.getByTestId('log-search').fill('');
    await page.getByRole('button', { name: 'Today' }).click();
    const range = await page.getByTestId('log-filter-range').textContent();
    const expected = await page.evaluate(() => {
      const now = new Date();
      const start = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
      return `${new Intl.DateTimeFormat(navigator.language, { dateStyle: 'medium', timeStyle: 'medium' }).format(start)} to now`;
    });
    expect(range).toBe(expected);
    const first = page.getByTestId('log-row').first();
    const { ts } = await dispatch<{ ts: number }>('log:entry', { id: Number(await first.getAttribute('data-id')) });
    const [shown, full] = await page.evaluate((at) => [
      new Intl.DateTimeFormat(navigator.language, { timeStyle: 'medium' }).format(at),
      new Intl.DateTimeFormat(navigator.language, { dateStyle: 'medium', timeStyle: 'medium' }).format(at),
    ], ts);
    expect(await first.locator('.sd-mono-cell span').first().textContent()).toBe(shown);
    expect(await first.locator('.sd-mono-cell span').first().getAttribute('title')).toBe(full);
    await session.shot('issue12-log-date-filter-locale');
    await page.getByRole('button', { name: 'Clear filters' }).click();
  });

  it('shows the date beside the time of an entry from another day', async () => {
    const yesterday = Date.now() - 26 * 3600_000;
    const old = await app.core.services.log.write({ connectorId: TESTKIT_ID, action: 'push-widget', outcome: 'success', message: 'Pushed widget from yesterday', ts: yesterday });
    await page.getByTestId('log-search').fill('from yesterday');
    const row = page.locator(`[data-testid="log-row"][data-id="${old.id}"]`);
    await row.waitFor();
    const shown = await row.locator('.sd-mono-cell span').first().textContent();
    const [month, timeOnly] = await page.evaluate((at) => [
      new Intl.DateTimeFormat(navigator.language, { month: 'short' }).format(at),
      new Intl.DateTimeFormat(navigator.language, { timeStyle: 'medium' }).format(at),
    ], yesterday);
    // The day is named in the reader's locale (its month as the locale shortens it, and the day), not the time alone.
    expect(shown).not.toBe(timeOnly);
    expect(shown).toContain(month);
    expect(shown).toContain(String(new Date(yesterday).getDate()));
    await session.shot('issue12-log-time-with-date-not-today');
    await page.getByTestId('log-search').fill('');
    await expect.poll(() => page.getByTestId('log-export').textContent()).toBe('Export all entries (CSV)');
  });

  it('filters "Since yesterday" from the start of yesterday in the console\'s time zone: yesterday\'s first minute in, the minute before out', async () => {
    // A zone far from the machine's (UTC+13 in December): a day counted in UTC or by "24 hours ago" would show either
    // entry wrongly. The page is loaded again so its date formats take the zone too.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setTimezoneOverride', { timezoneId: 'Pacific/Auckland' });
    try {
      await page.reload();
      await page.getByTestId('nav-log').click();
      const { startOfYesterday, zone } = await page.evaluate(() => {
        const now = new Date();
        return { startOfYesterday: new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1).getTime(), zone: Intl.DateTimeFormat().resolvedOptions().timeZone };
      });
      expect(zone).toBe('Pacific/Auckland');
      const inside = await app.core.services.log.write({ connectorId: TESTKIT_ID, action: 'push-widget', outcome: 'success', message: 'Range check: yesterday just after midnight', ts: startOfYesterday + 60_000 });
      const before = await app.core.services.log.write({ connectorId: TESTKIT_ID, action: 'push-widget', outcome: 'success', message: 'Range check: the day before, just before midnight', ts: startOfYesterday - 60_000 });
      await page.getByTestId('log-search').fill('Range check');
      const rows = page.getByTestId('log-row');
      await expect.poll(() => rows.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-id'))))).toEqual([inside.id, before.id]);
      await page.getByRole('button', { name: 'Since yesterday' }).click();
      await expect.poll(() => rows.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-id'))))).toEqual([inside.id]);
      // The range says where it starts, in the reader's words: yesterday's date at midnight, to now.
      const expected = await page.evaluate((at) => `${new Intl.DateTimeFormat(navigator.language, { dateStyle: 'medium', timeStyle: 'medium' }).format(at)} to now`, startOfYesterday);
      expect(await page.getByTestId('log-filter-range').textContent()).toBe(expected);
      expect(await page.getByTestId('log-filter-from').inputValue()).toMatch(/T00:00$/);
      await session.shot('issue12-log-since-yesterday');
      await page.getByRole('button', { name: 'Clear filters' }).click();
    } finally {
      await cdp.send('Emulation.setTimezoneOverride', { timezoneId: '' });
      await cdp.detach();
      await page.reload();
      await page.getByTestId('nav-log').click();
      await page.getByTestId('log-search').fill('');
    }
  });

  it('offers an export as the browser\'s download, of what the search finds, and says so on the button', async () => {
    const button = page.getByTestId('log-export');
    expect(await button.textContent()).toBe('Export all entries (CSV)');
    await page.getByTestId('log-search').fill('Created widget');
    await expect.poll(() => button.textContent()).toBe('Export matching entries (CSV)');
    const matching = (await dispatch<LogPage>('log:page', { q: 'Created widget', limit: 500 })).entries.length;
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    const csv = readFileSync((await download.path())!, 'utf8').trim().split('\n');
    expect(csv.length - 1).toBe(matching);
    const toast = page.locator('.bp6-toast').filter({ hasText: 'Exported' });
    await toast.waitFor();
    const text = (await toast.textContent())!;
    expect(text).toMatch(/Exported [\d,]+ rows?\. Your browser saves integration-log-.*\.csv/);
    expect(text).not.toContain(app.core.services.paths.exports);
    await session.shot('issue12-log-export-download');
  });
});

describe('runs', () => {
  it('says a run that changed nothing checked its records, all unchanged', async () => {
    await runTask('cerm', 'download-customers');
    const second = await runTask('cerm', 'download-customers');
    await page.evaluate((id) => (location.hash = `#/runs/${id}`), second);
    await page.getByTestId('run-detail').waitFor();
    await page.getByText(/^[\d,]+ checked, all unchanged\.$/).waitFor();
    expect(await page.getByText('This run touched no records').count()).toBe(0);
    await session.shot('issue12-log-run-all-unchanged');
  });

  it('exports the CERM customers the browse search shows, and says so', async () => {
    await page.evaluate(() => (location.hash = '#/connections/cerm/data'));
    await page.getByTestId('cerm-customers-search').fill('gmbh');
    await expect.poll(() => page.getByTestId('cerm-export-scope').textContent()).toBe('Export the customers matching “gmbh”');
    const matching = (await app.core.services.repos.cermCustomers.search({ q: 'gmbh', limit: 5_000 })).rows.length;
    const all = (await app.core.services.repos.cermCustomers.search({ limit: 5_000 })).rows.length;
    expect(matching).toBeGreaterThan(0);
    expect(matching).toBeLessThan(all);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('cerm-export-csv').click()]);
    expect(readFileSync((await download.path())!, 'utf8').trim().split('\n')).toHaveLength(matching + 1);
    await session.shot('issue12-log-export-follows-search');
  });

  it('never says a run that just ended happens "in" the future', async () => {
    await page.getByTestId('nav-sync-status').click();
    const last = page.getByTestId('last-run-cerm-download-customers');
    await last.waitFor();
    expect(await last.textContent()).toMatch(/^(just now|\d+ (min|h|d) ago)$/);
    await session.shot('issue12-log-last-run-never-future');
  });

  it('shows a failed run retried from the log as the same entry\'s next attempt, in place', async () => {
    await app.core.services.sandboxes.setFaults(TESTKIT_ID, { down: true });
    const failedRun = await runTask(TESTKIT_ID, 'pull-widgets');
    await app.core.services.sandboxes.setFaults(TESTKIT_ID, { down: false });
    const failed = await until(
      async () => (await dispatch<LogPage>('log:page', { outcomes: ['failure'], connectorId: TESTKIT_ID })).entries.find((e) => e.runId === failedRun),
      'the failed run line',
    );
    await page.getByTestId('nav-log').click();
    await page.getByTestId('log-search').fill('');
    await page.getByTestId('log-filter-outcome-failure').check();
    const row = page.locator(`[data-testid="log-row"][data-id="${failed.id}"]`);
    await row.click();
    await page.getByTestId('log-retry').click();
    await row.getByTestId('log-retried').waitFor({ timeout: 30_000 });
    await expect.poll(() => row.locator('.sd-outcome-cell').textContent()).toMatch(/^success/);
    expect(await row.locator('.sd-dismissed-tag', { hasText: 'dismissed' }).count()).toBe(0);
    expect(await page.getByTestId('log-next-attempt').textContent()).toMatch(/^Retried\. The new run at .*: success/);
    expect(await page.getByTestId('log-detail-outcome').textContent()).toMatch(/^failure, then retried: success/);
    await session.shot('issue12-log-retry-run-in-place');
  });
});
