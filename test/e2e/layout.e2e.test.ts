import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { TaskStatus } from '../../src-preload/contract';
import { dispatchTo, openConsole, type ConsoleSession } from './console-session';
import { checkLayout } from './layout-checks';
import { until } from '../support/harness';

// Every screen at the two window sizes staff use (a 15" laptop and a small one), with data in its tables: row
// actions in reach, cut headers with their full text on hover, nothing drawn over anything else (layout-checks.ts
// says exactly what each rule measures). Each screen's picture is kept as test-results/layout-<width>-<screen>.png.
let session: ConsoleSession;
let app: ConsoleSession['app'];
let page: Page;
let accountId = 0;

const dispatch = <T,>(channel: string, input: unknown): Promise<T> => dispatchTo<T>(app, channel, input);

async function runAll(tasks: readonly TaskStatus[]): Promise<void> {
  for (const t of tasks) await dispatch('sync:run', { connectorId: t.connectorId, taskId: t.taskId }).catch(() => undefined);
  await until(async () => (await dispatch<TaskStatus[]>('sync:tasks', {})).every((t) => !t.running), 'every task to finish', 180_000, 200);
}

beforeAll(async () => {
  session = await openConsole('e2e-layout');
  ({ app, page } = session);
  // Data on every screen: each task run once (downloads, accounts, prices), a failed run whose entry is dismissed,
  // a department, a registered customer and a case.
  await runAll(await dispatch<TaskStatus[]>('sync:tasks', {}));
  await app.core.services.sandboxes.setFaults('cerm', { down: true });
  await runAll((await dispatch<TaskStatus[]>('sync:tasks', {})).filter((t) => t.connectorId === 'cerm' && t.taskId === 'download-customers'));
  await app.core.services.sandboxes.setFaults('cerm', { down: false });
  const log = await dispatch<{ entries: { id: number }[] }>('log:page', { outcomes: ['failure', 'dead'] });
  for (const entry of log.entries.slice(0, 1)) await dispatch('log:dismiss', { id: entry.id });
  await dispatch('departments:save', { name: 'Facilities and grounds maintenance', description: 'Parks, verges and the depot' });
  await dispatch('customers:register', { email: 'ann.peeters@example.com', firstName: 'Ann', lastName: 'Peeters', company: 'Peeters Drukwerk en Verpakkingen BV' }).catch(() => undefined);
  await dispatch('cases:save', { title: 'Pothole on Mill Lane, by the bus stop opposite the primary school', description: 'Deep one' });
  const accounts = await dispatch<{ rows: { id: number }[] }>('accounts:search', {});
  accountId = accounts.rows[0]?.id ?? 0;
}, 300_000);

afterAll(async () => {
  await session?.close();
});

const SIZES = [
  { width: 1440, height: 900 },
  { width: 1024, height: 700 },
] as const;

/** The screens reached from the nav, plus the pages one level in that have layouts of their own. */
async function screens(): Promise<{ name: string; open(): Promise<void> }[]> {
  const nav = await page.locator('nav [data-testid^="nav-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!));
  const byNav = nav.map((id) => ({ name: id.replace(/^nav-/, ''), open: () => page.getByTestId(id).click() }));
  const hash = (h: string) => () => page.evaluate((to) => (location.hash = to), h).then(() => undefined);
  return [
    ...byNav,
    { name: 'account-page', open: hash(`#/accounts/${accountId}`) },
    { name: 'template-editor', open: hash('#/mappings/new') },
    {
      name: 'log-details-open',
      async open() {
        await page.getByTestId('nav-log').click();
        await page.getByTestId('log-row').first().click();
        await page.getByTestId('log-details').waitFor();
      },
    },
    {
      name: 'log-dismissed',
      async open() {
        await page.getByTestId('nav-log').click();
        await page.getByTestId('log-filter-dismissed').check();
        await page.locator('[data-testid="log-row"].is-dismissed').first().waitFor();
      },
    },
    {
      name: 'run-detail',
      async open() {
        await page.getByTestId('nav-sync-status').click();
        await page.locator('[data-testid^="last-run-"]').first().click();
        await page.getByTestId('run-detail').waitFor();
      },
    },
  ];
}

async function settle(): Promise<void> {
  // Lists load after the route changes: wait until no spinner is left in the page.
  await page.waitForFunction(() => !document.querySelector('main .bp6-spinner:not(.bp6-button .bp6-spinner)'), undefined, { timeout: 15_000 });
}

describe.each(SIZES)('the console at $width×$height', (size) => {
  it('keeps every screen readable: row actions in reach, cut headers explained, nothing overlapping', async () => {
    await page.setViewportSize(size);
    await page.goto(app.server.url);
    await page.locator('nav [data-testid="nav-sync-status"]').waitFor();
    expect(accountId).toBeGreaterThan(0);
    const found: Record<string, string[]> = {};
    const list = await screens();
    expect(list.length).toBeGreaterThanOrEqual(15);
    for (const screen of list) {
      await screen.open();
      await settle();
      await session.shot(`layout-${size.width}-${screen.name}`);
      const problems = await checkLayout(page);
      if (problems.length) found[screen.name] = problems.map((p) => `${p.rule}: ${p.what}`);
    }
    expect(found).toEqual({});
  }, 240_000);
});

describe('toasts', () => {
  it('shows one toast of a kind at a time: three saves in a row leave one "created" toast, which then goes', async () => {
    await page.getByTestId('nav-departments').click();
    for (const name of ['Roads', 'Parks', 'Waste']) {
      await page.getByTestId('department-new').click();
      await page.getByTestId('department-name').fill(name);
      await page.getByTestId('department-save').click();
      await page.locator('.bp6-toast', { hasText: `Department ${name} created` }).waitFor();
    }
    expect(await page.locator('.bp6-toast').count()).toBe(1);
    await session.shot('layout-toast-one-per-kind');
    await page.locator('.bp6-toast').first().waitFor({ state: 'detached', timeout: 15_000 });
  });
});

describe('a panel beside a list', () => {
  it('keeps the log\'s key columns at 1024×700 with the details open, and names the ones it hides', async () => {
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.getByTestId('nav-log').click();
    await page.getByTestId('log-row').first().click();
    await page.getByTestId('log-details').waitFor();
    const headers = await page.locator('[role="columnheader"]').allTextContents();
    expect(headers).toEqual(expect.arrayContaining(['Time', 'Action', 'Outcome', 'Message']));
    const marker = page.getByTestId('table-hidden-columns');
    expect(await marker.getAttribute('title')).toMatch(/Not shown at this width: .*Connector/);
    await page.getByRole('button', { name: 'Close details' }).click();
    await page.getByTestId('log-details').waitFor({ state: 'detached' });
    await expect.poll(() => page.locator('[role="columnheader"]').allTextContents()).toEqual(expect.arrayContaining(['Connector', 'Entity', 'Attempt']));
    await session.shot('layout-1024-log-details-closed');
  });
});
