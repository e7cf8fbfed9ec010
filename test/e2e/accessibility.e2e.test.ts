import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { TaskStatus } from '../../src-preload/contract';
import { until } from '../support/harness';
import { axeViolations, type AxeFinding } from './axe-check';
import { dispatchTo, openConsole, type ConsoleSession } from './console-session';

// axe-core's WCAG 2.1 A and AA rules on every screen and every dialog, in the light theme and in the dark one the OS
// asks for; any serious or critical violation fails. Then the keyboard: every control reached with Tab shows a
// focus ring. Pictures: test-results/accessibility-<theme>-<screen>.png.
let session: ConsoleSession;
let app: ConsoleSession['app'];
let page: Page;
let accountId = 0;

const dispatch = <T,>(channel: string, input: unknown): Promise<T> => dispatchTo<T>(app, channel, input);

beforeAll(async () => {
  session = await openConsole('e2e-a11y');
  ({ app, page } = session);
  // Rows on every screen: each task run once, a department, a customer, a case; a failed run in the log.
  for (const t of await dispatch<TaskStatus[]>('sync:tasks', {})) await dispatch('sync:run', { connectorId: t.connectorId, taskId: t.taskId }).catch(() => undefined);
  await until(async () => (await dispatch<TaskStatus[]>('sync:tasks', {})).every((t) => !t.running), 'every task to finish', 180_000, 200);
  await dispatch('departments:save', { name: 'Facilities', description: 'Parks and the depot' });
  await dispatch('customers:register', { email: 'ann.peeters@example.com', firstName: 'Ann', lastName: 'Peeters', company: 'Peeters BV' }).catch(() => undefined);
  await dispatch('cases:save', { title: 'Pothole on Mill Lane', description: 'Deep one' });
  accountId = (await dispatch<{ rows: { id: number }[] }>('accounts:search', {})).rows[0]?.id ?? 0;
  await page.setViewportSize({ width: 1440, height: 900 });
}, 300_000);

afterAll(async () => {
  await session?.close();
});

interface Screen {
  name: string;
  open(): Promise<void>;
}

const hash = (h: string) => () => page.evaluate((to) => (location.hash = to), h).then(() => undefined);
const click = (testId: string, waitFor = '.bp6-dialog') => async () => {
  await page.getByTestId(testId).first().click();
  await page.locator(waitFor).first().waitFor();
};

async function screens(): Promise<Screen[]> {
  const nav = await page.locator('nav [data-testid^="nav-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!));
  const connectors = (await dispatch<{ connectorId: string }[]>('connections:list', {})).map((c) => c.connectorId);
  return [
    ...nav.map((id) => ({ name: id.replace(/^nav-/, ''), open: () => page.getByTestId(id).click() })),
    ...connectors.flatMap((c) => (['connection', 'behaviour', 'advanced', 'data'] as const).map((tab) => ({ name: `connection-${c}-${tab}`, open: hash(`#/connections/${c}/${tab}`) }))),
    { name: 'account-page', open: hash(`#/accounts/${accountId}`) },
    { name: 'template-editor', open: hash('#/mappings/new') },
    { name: 'run-detail', open: async () => (await hash('#/sync-status')(), await page.locator('[data-testid^="last-run-"]').first().click(), await page.getByTestId('run-detail').waitFor()) },
    { name: 'log-details', open: async () => (await page.getByTestId('nav-log').click(), await page.getByTestId('log-row').first().click(), await page.getByTestId('log-exchange').or(page.getByText('No request or response')).first().waitFor()) },
    { name: 'case-page', open: async () => (await page.getByTestId('nav-cases').click(), await page.getByTestId('case-row').first().click(), await page.waitForTimeout(0)) },
    { name: 'customer-page', open: async () => (await page.getByTestId('nav-customers').click(), await page.getByTestId('customer-row').first().click()) },
    // Dialogs
    { name: 'dialog-register-customer', open: async () => (await page.getByTestId('nav-customers').click(), await click('register-customer')()) },
    { name: 'dialog-new-department', open: async () => (await page.getByTestId('nav-departments').click(), await click('department-new')()) },
    { name: 'dialog-new-case', open: async () => (await page.getByTestId('nav-cases').click(), await click('case-new')()) },
    { name: 'dialog-add-account', open: async () => (await page.getByTestId('nav-accounts').click(), await click('add-account')()) },
    { name: 'dialog-new-reference', open: async () => (await page.getByTestId('nav-references').click(), await click('reference-new')()) },
    { name: 'dialog-new-case-field', open: async () => (await page.getByTestId('nav-references').click(), await click('case-field-new')()) },
    { name: 'dialog-new-rule', open: async () => (await page.getByTestId('nav-rules').click(), await click('rule-new')()) },
    { name: 'first-run-checklist', open: async () => (await page.getByTestId('help-open').click(), await page.getByTestId('first-run').waitFor()) },
  ];
}

async function settle(): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('main .bp6-spinner:not(.bp6-button .bp6-spinner)'), undefined, { timeout: 15_000 });
  // Blueprint's dialogs and toasts fade in: measure colours once the transition is over.
  await page.waitForFunction(() => !document.querySelector('[class*="-enter-active"], [class*="-appear-active"]'), undefined, { timeout: 5_000 });
}

async function closeDialogs(): Promise<void> {
  for (let i = 0; i < 3 && (await page.locator('.bp6-overlay-open').count()) > 0; i++) await page.keyboard.press('Escape');
  await page.locator('.bp6-overlay-open').first().waitFor({ state: 'detached', timeout: 5_000 }).catch(() => undefined);
}

describe.each(['light', 'dark'] as const)('the %s theme', (theme) => {
  it('has no serious or critical WCAG 2.1 A/AA violation on any screen or dialog', async () => {
    await page.emulateMedia({ colorScheme: theme });
    await page.goto(app.server.url);
    await page.locator('nav [data-testid="nav-sync-status"]').waitFor();
    await closeDialogs();
    expect(await page.locator('html').evaluate((el) => el.classList.contains('bp6-dark'))).toBe(theme === 'dark');
    const found: Record<string, AxeFinding[]> = {};
    const list = await screens();
    expect(list.length).toBeGreaterThanOrEqual(30);
    for (const screen of list) {
      await screen.open();
      await settle();
      await session.shot(`accessibility-${theme}-${screen.name}`);
      const violations = await axeViolations(page);
      if (violations.length) found[screen.name] = violations;
      await closeDialogs();
    }
    expect(found).toEqual({});
  }, 300_000);
});

describe('the keyboard', () => {
  it('reaches the controls of a screen with Tab, each with a visible focus ring', async () => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(app.server.url);
    await page.getByTestId('nav-log').click();
    await page.getByTestId('log-row').first().waitFor();
    const unringed: string[] = [];
    const seen = new Set<string>();
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      const focus = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return null;
        // A checkbox or radio draws its ring on Blueprint's indicator beside the (hidden) input.
        const drawn = el.matches('.bp6-control input') ? (el.parentElement?.querySelector('.bp6-control-indicator') ?? el) : el;
        // Focus on a date field's calendar button sits inside Chromium's own control (the input stops matching
        // :focus); theme.css rings that button, which no computed style of the page can read.
        if (el.matches('input[type="datetime-local"]') && !el.matches(':focus')) return { what: 'calendar button', ring: true };
        const s = getComputedStyle(drawn);
        const ring = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
        return { what: `${el.tagName.toLowerCase()} ${el.getAttribute('data-testid') ?? el.getAttribute('aria-label') ?? (el.textContent ?? '').trim().slice(0, 30)}`, ring };
      });
      if (!focus) continue;
      seen.add(focus.what);
      if (!focus.ring) unringed.push(focus.what);
    }
    await session.shot('accessibility-keyboard-focus');
    expect(seen.size).toBeGreaterThan(15);
    expect(unringed).toEqual([]);
  });

  it('opens a log entry with Enter and closes it with Escape', async () => {
    await page.getByTestId('log-row').first().focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('log-details').waitFor();
    await session.shot('accessibility-keyboard-log-row');
    await page.keyboard.press('Escape');
    await page.getByTestId('log-details').waitFor({ state: 'detached' });
  });
});
