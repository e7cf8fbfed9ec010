import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations, type AxeFinding } from './axe-check';
import { openConsole, type ConsoleSession } from './console-session';
import { consoleScreens, fillConsole, closeDialogs } from './console-screens';

// axe-core's WCAG 2.1 A and AA rules on every screen and every dialog (console-screens.ts), at both window sizes, in
// the light theme and in the dark one the OS asks for; any serious or critical violation fails. Then the keyboard:
// every control reached with Tab shows a focus ring. Pictures: test-results/accessibility-<theme>-<width>-<screen>.png.
let session: ConsoleSession;
let app: ConsoleSession['app'];
let page: Page;
let accountId = 0;

beforeAll(async () => {
  session = await openConsole('e2e-a11y');
  ({ app, page } = session);
  ({ accountId } = await fillConsole(app));
}, 300_000);

afterAll(async () => {
  await session?.close();
});

async function settle(): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('main .bp6-spinner:not(.bp6-button .bp6-spinner)'), undefined, { timeout: 15_000 });
  // Blueprint's dialogs and toasts fade in: measure colours once the transition is over.
  await page.waitForFunction(() => !document.querySelector('[class*="-enter-active"], [class*="-appear-active"]'), undefined, { timeout: 5_000 });
}

const CASES = (['light', 'dark'] as const).flatMap((theme) =>
  [
    { width: 1440, height: 900 },
    { width: 1024, height: 700 },
  ].map((size) => ({ theme, ...size })),
);

describe.each(CASES)('the $theme theme at $width×$height', ({ theme, width, height }) => {
  it('has no serious or critical WCAG 2.1 A/AA violation on any screen or dialog', async () => {
    await page.setViewportSize({ width, height });
    await page.emulateMedia({ colorScheme: theme });
    await page.goto(app.server.url);
    await page.locator('nav [data-testid="nav-sync-status"]').waitFor();
    await closeDialogs(page);
    expect(await page.locator('html').evaluate((el) => el.classList.contains('bp6-dark'))).toBe(theme === 'dark');
    const found: Record<string, AxeFinding[]> = {};
    const list = await consoleScreens(page, app, accountId);
    expect(list.length).toBeGreaterThanOrEqual(45);
    for (const screen of list) {
      await screen.open();
      await settle();
      await session.shot(`accessibility-${theme}-${width}-${screen.name}`);
      if (width === 1440 && screen.name === 'log') await session.shot(`issue12-accessibility-axe-log-${theme}-1440`);
      const violations = await axeViolations(page);
      if (violations.length) found[screen.name] = violations;
      await closeDialogs(page);
    }
    expect(found).toEqual({});
  }, 420_000);
});

describe('the keyboard', () => {
  it('reaches the controls of a screen with Tab, each with a visible focus ring', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(app.server.url);
    await page.getByTestId('nav-log').click();
    await page.getByTestId('log-row').first().waitFor();
    const unringed: string[] = [];
    const clipped: string[] = [];
    let linksInCells = 0;
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
        if (el.matches('input[type="datetime-local"]') && !el.matches(':focus')) return { what: 'calendar button', ring: true, inCell: true, linkInCell: false };
        const s = getComputedStyle(drawn);
        const ring = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
        // A ring on something inside a table cell lies wholly within the cell, which clips what passes its edge.
        const cell = el.closest('[role="cell"], td');
        let inCell = true;
        if (cell && ring && cell !== el) {
          const grow = parseFloat(s.outlineWidth) + parseFloat(s.outlineOffset || '0');
          const r = drawn.getBoundingClientRect();
          const c = cell.getBoundingClientRect();
          inCell = r.left - grow >= c.left - 0.5 && r.right + grow <= c.right + 0.5 && r.top - grow >= c.top - 0.5 && r.bottom + grow <= c.bottom + 0.5;
        }
        return { what: `${el.tagName.toLowerCase()} ${el.getAttribute('data-testid') ?? el.getAttribute('aria-label') ?? (el.textContent ?? '').trim().slice(0, 30)}`, ring, inCell, linkInCell: !!cell && cell !== el };
      });
      if (!focus) continue;
      seen.add(focus.what);
      if (!focus.ring) unringed.push(focus.what);
      if (!focus.inCell) clipped.push(focus.what);
      if (focus.linkInCell) linksInCells++;
    }
    await session.shot('issue12-accessibility-focus-ring');
    expect(seen.size).toBeGreaterThan(15);
    expect(unringed).toEqual([]);
    // The log's entity links were among them, each ring whole inside its cell (not two bars cut by the cell).
    expect(linksInCells).toBeGreaterThan(0);
    expect(clipped).toEqual([]);
  });

  it('opens a log entry with Enter and closes it with Escape', async () => {
    await page.getByTestId('log-row').first().focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('log-details').waitFor();
    await session.shot('issue12-accessibility-keyboard-log-row');
    await page.keyboard.press('Escape');
    await page.getByTestId('log-details').waitFor({ state: 'detached' });
  });

  // The review saw Settings and Connections both look active: the pointer's grey fill stayed on the item last clicked
  // while the screen changed from elsewhere. Only the current screen's item has a fill, a bar or bold words; the item
  // under the pointer or with the keyboard's focus has none of them, the focus shown by its ring alone.
  it.each(['light', 'dark'] as const)('marks only the current screen in the sidebar, not the item under the pointer or focused (%s)', async (theme) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.emulateMedia({ colorScheme: theme });
    await page.goto(app.server.url);
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('nav-settings').hover();
    // The screen changes from elsewhere (a link on a page, a keyboard shortcut), the pointer still on Settings.
    await page.evaluate(() => (location.hash = '#/connections'));
    await page.getByTestId('nav-connections').and(page.locator('[aria-current="page"]')).waitFor();
    const looks = () =>
      page.locator('.sd-nav .bp6-button').evaluateAll((buttons) =>
        buttons.map((b) => {
          const s = getComputedStyle(b);
          const filled = s.backgroundColor !== 'rgba(0, 0, 0, 0)' && !/\/ 0\)$|, 0\)$/.test(s.backgroundColor);
          return { id: b.getAttribute('data-testid'), looksActive: filled || s.boxShadow !== 'none' || Number(s.fontWeight) >= 600, ring: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 };
        }),
      );
    const hovered = await looks();
    expect(hovered.filter((l) => l.looksActive).map((l) => l.id)).toEqual(['nav-connections']);
    await session.shot(`issue12-accessibility-nav-one-active-hover-${theme}`);
    // The keyboard's focus on another item: a ring, and still no active look.
    await page.mouse.move(700, 500);
    await page.getByTestId('nav-maintenance').focus();
    await page.keyboard.press('Tab');
    const focused = await looks();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('nav-settings');
    expect(focused.filter((l) => l.looksActive).map((l) => l.id)).toEqual(['nav-connections']);
    expect(focused.filter((l) => l.ring).map((l) => l.id)).toEqual(['nav-settings']);
    await session.shot(`issue12-accessibility-nav-one-active-focus-ring-${theme}`);
    await page.emulateMedia({ colorScheme: 'light' });
  });
});
