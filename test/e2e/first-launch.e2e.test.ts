import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openConsole, type ConsoleSession } from './console-session';

// A fresh install as a new user meets it: the first-run checklist on Sync Status (what sandbox mode is, what to
// try, how to connect a real system), put away for good, and shown again from Help; the dark theme following the
// OS, and a choice that overrides it and is kept. Pictures: test-results/issue12-first-launch-*.png, at 1440×900 and 1024×700.
let session: ConsoleSession;
let page: Page;

beforeAll(async () => {
  session = await openConsole('e2e-first-launch');
  page = session.page;
}, 120_000);

afterAll(async () => {
  await session?.close();
});

const isDark = () => page.locator('html').evaluate((el) => el.classList.contains('bp6-dark'));

describe('first launch', () => {
  it('opens on a checklist: sandbox mode explained, four things to try, how to connect a real system', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(session.app.server.url);
    const checklist = page.getByTestId('first-run');
    await checklist.waitFor();
    expect(await checklist.textContent()).toContain('sandbox mode');
    expect(await checklist.locator('ol > li').count()).toBe(4);
    expect(await checklist.textContent()).toContain('Connecting a real system');
    await session.shot('issue12-first-launch-checklist');
    await page.setViewportSize({ width: 1024, height: 700 });
    await session.shot('issue12-first-launch-checklist-1024');
    // Its steps lead to the screens they name.
    await checklist.getByRole('button', { name: 'Open Customers' }).click();
    await page.getByTestId('register-customer').waitFor();
  });

  it('stays put away after a reload once dismissed, and Help shows it again', async () => {
    await page.getByTestId('nav-sync-status').click();
    await page.getByTestId('first-run-dismiss').click();
    await page.getByTestId('first-run').waitFor({ state: 'detached' });
    await page.reload();
    await page.getByTestId('nav-sync-status').waitFor();
    await page.locator('[data-testid^="sync-now-"]').first().waitFor();
    expect(await page.getByTestId('first-run').count()).toBe(0);
    await session.shot('issue12-first-launch-dismissed');
    await page.getByTestId('nav-log').click();
    await page.getByTestId('help-open').click();
    await page.getByTestId('first-run').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('sd-first-run-title');
    await session.shot('issue12-first-launch-help-shows-it-again');
  });

  it('follows the OS into the dark theme, and keeps a theme chosen over it', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(isDark).toBe(true);
    await session.shot('issue12-first-launch-dark-theme');
    await page.setViewportSize({ width: 1024, height: 700 });
    await session.shot('issue12-first-launch-dark-theme-1024');
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.emulateMedia({ colorScheme: 'light' });
    await expect.poll(isDark).toBe(false);

    await page.getByTestId('theme-select').selectOption('dark');
    expect(await isDark()).toBe(true);
    await page.reload();
    await page.getByTestId('nav-sync-status').waitFor();
    await expect.poll(isDark).toBe(true);
    expect(await page.getByTestId('theme-select').inputValue()).toBe('dark');
    await page.getByTestId('theme-select').selectOption('system');
    expect(await isDark()).toBe(false);

    // The narrow window's sidebar has no room for the choice: Settings > Appearance has it too.
    await page.setViewportSize({ width: 1024, height: 700 });
    expect(await page.getByTestId('theme-select').isVisible()).toBe(false);
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('theme-dark').click();
    expect(await isDark()).toBe(true);
    // The chosen theme stands out from the others in the dark theme too: its fill differs clearly from theirs.
    const fills = await page.evaluate(() =>
      ['system', 'light', 'dark'].map((t) => getComputedStyle(document.querySelector(`[data-testid="theme-${t}"]`)!).backgroundColor),
    );
    const channels = (c: string) => (c.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
    const distance = (a: string, b: string) => Math.max(...channels(a).map((v, i) => Math.abs(v - channels(b)[i])));
    expect(distance(fills[2], fills[0])).toBeGreaterThan(60);
    expect(distance(fills[2], fills[1])).toBeGreaterThan(60);
    expect(await page.getByTestId('theme-dark').getAttribute('aria-pressed')).toBe('true');
    await session.shot('issue12-first-launch-dark-theme-settings-1024');
    await page.getByTestId('theme-system').click();
    expect(await isDark()).toBe(false);
  });
});
