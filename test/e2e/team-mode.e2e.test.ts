import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startHeadless } from '../../src-main/headless/start-headless';
import { createKeytarStore } from '../../src-main/secrets/credential-store';
import { tempDir } from '../support/harness';

const ROOT = resolve(__dirname, '../..');
const SHOTS = join(ROOT, 'test-results');
const PASSWORD = 'correct horse battery';

let app: Awaited<ReturnType<typeof startHeadless>>;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  app = await startHeadless({
    dataDir: tempDir('syncdesk-team-e2e-'),
    launch: { port: 0, listenerPort: 0, sandbox: true, listenerHost: '127.0.0.1' },
    rendererDir: join(ROOT, 'out', 'renderer'),
    core: { credentials: createKeytarStore({ service: 'SyncDesk-test-team-e2e' }) },
    team: {},
  });
  for (const role of ['viewer', 'admin'] as const) await app.core.services.staff.add({ email: `${role}@team.example`, name: `${role} user`, role, password: PASSWORD });
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.fill('[data-testid="sign-in-email"]', email);
  await page.fill('[data-testid="sign-in-password"]', password);
  await page.click('[data-testid="sign-in-submit"]');
}

describe('team mode in Chromium', () => {
  it('a viewer signs in (a wrong password said plainly), finds Save disabled with the role that can, and a forced save refused', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(app.server.url);
    await page.waitForSelector('[data-testid="sign-in-email"]');
    await signIn(page, 'viewer@team.example', 'not the password');
    expect(await page.textContent('[data-testid="sign-in-error"]')).toBe('Wrong email or password.');
    await page.screenshot({ path: join(SHOTS, 'team-sign-in-wrong.png') });
    await signIn(page, 'viewer@team.example', PASSWORD);
    await page.waitForSelector('[data-testid="signed-in-user"]');
    expect(await page.textContent('[data-testid="signed-in-role"]')).toBe('Viewer');
    await page.evaluate(() => (location.hash = '#/connections/cerm/connection'));
    const save = page.locator('[data-testid="save-cerm"]');
    await save.waitFor();
    expect(await save.isDisabled()).toBe(true);
    expect(await save.locator('xpath=..').getAttribute('title')).toBe('Only an Admin can do this; you are signed in as Viewer.');
    await page.screenshot({ path: join(SHOTS, 'team-viewer-save-disabled.png') });
    const refused = await page.evaluate(async () => {
      const me = (await (await fetch('/auth/me')).json()) as { data: { csrfToken: string } };
      const r = await fetch('/api/connections:save', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.data.csrfToken },
        body: JSON.stringify({ connectorId: 'cerm', values: {} }),
      });
      return { status: r.status, body: (await r.json()) as { error: { code: string } } };
    });
    expect(refused).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    await page.click('[data-testid="sign-out"]');
    await page.waitForSelector('[data-testid="sign-in-email"]');
    await context.close();
  });

  it('an admin signs in and finds Save enabled', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(app.server.url);
    await page.waitForSelector('[data-testid="sign-in-email"]');
    await signIn(page, 'admin@team.example', PASSWORD);
    await page.waitForSelector('[data-testid="signed-in-user"]');
    await page.evaluate(() => (location.hash = '#/connections/cerm/connection'));
    const save = page.locator('[data-testid="save-cerm"]');
    await save.waitFor();
    expect(await save.isDisabled()).toBe(false);
    await page.screenshot({ path: join(SHOTS, 'team-admin-connection.png') });
    await context.close();
  });
});
