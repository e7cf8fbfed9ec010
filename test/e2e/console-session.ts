// One way to open the console for the end-to-end tests: a real core in headless mode on a fresh data folder, and
// Debian's Chromium (never a downloaded browser) with a fresh profile, driven by playwright-core.
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { startHeadless, type StartHeadlessOptions } from '../../src-main/headless/start-headless';
import { createKeytarStore } from '../../src-main/secrets/credential-store';
import { tempDir } from '../support/harness';

const ROOT = resolve(__dirname, '../..');
const RENDERER = join(ROOT, 'out', 'renderer');
const SHOTS = join(ROOT, 'test-results');

export interface ConsoleSession {
  app: Awaited<ReturnType<typeof startHeadless>>;
  browser: BrowserContext;
  page: Page;
  shot(name: string): Promise<Buffer>;
  close(): Promise<void>;
}

/** A contract call straight to the session's core; a refusal throws, named after its channel. */
export async function dispatchTo<T>(app: ConsoleSession['app'], channel: string, input: unknown): Promise<T> {
  const result = await app.core.dispatch(channel as never, input as never);
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
  return result.data as T;
}

/** Debian's Chromium with a fresh profile, for a console the caller started; pictures go to test-results/. */
export async function openBrowser(opts: { acceptDownloads?: boolean } = {}): Promise<Pick<ConsoleSession, 'browser' | 'page' | 'shot'>> {
  mkdirSync(SHOTS, { recursive: true });
  const browser = await chromium.launchPersistentContext(tempDir('syncdesk-chromium-'), {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1440, height: 900 },
    acceptDownloads: opts.acceptDownloads ?? false,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = browser.pages()[0] ?? (await browser.newPage());
  page.on('pageerror', (err) => console.error(`page error: ${err.message}`));
  return { browser, page, shot: (file) => page.screenshot({ path: join(SHOTS, `${file}.png`) }) };
}

export async function openConsole(name: string, opts: Pick<StartHeadlessOptions, 'connectors' | 'core'> & { acceptDownloads?: boolean } = {}): Promise<ConsoleSession> {
  if (!existsSync(join(RENDERER, 'index.html'))) throw new Error('out/renderer is missing: `npm test` builds it first (npm run build)');
  const app = await startHeadless({
    dataDir: tempDir(`syncdesk-${name}-`),
    launch: { port: 0, listenerPort: 0, sandbox: true, listenerHost: '127.0.0.1' },
    rendererDir: RENDERER,
    connectors: opts.connectors,
    core: { credentials: createKeytarStore({ service: `SyncDesk-test-${name}` }), ...opts.core },
  });
  const { browser, page, shot } = await openBrowser({ acceptDownloads: opts.acceptDownloads ?? false });
  return {
    app,
    browser,
    page,
    shot,
    async close() {
      await browser.close();
      await app.close();
    },
  };
}

/**
 * Closes every toast on screen, for a picture of what is under them. Blueprint holds a toast's timer while the
 * pointer rests on it, and the pointer often rests where the last click was, so waiting for toasts to go can hang.
 */
export async function closeToasts(page: Page): Promise<void> {
  await page.mouse.move(0, 0);
  for (let round = 0; round < 20; round += 1) {
    const close = page.locator('.bp6-toast button[aria-label="Close"]');
    if ((await close.count()) === 0) break;
    await close.first().click({ timeout: 2_000 }).catch(() => undefined);
  }
  await page.waitForFunction(() => !document.querySelector('.bp6-toast'), undefined, { timeout: 15_000 });
}

/**
 * Opens a row's details as staff do, by clicking the row away from its links: a click at the row's centre lands on
 * whichever cell is there, and with the time of day's width (9:05 AM, 10:30 PM) that can be the Entity column's link,
 * which opens the record instead.
 */
export async function openRow(row: Locator): Promise<void> {
  await row.click({ position: { x: 12, y: 10 } });
}
