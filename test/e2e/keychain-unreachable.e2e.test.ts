import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { CERM_ID } from '../../src-main/connectors/cerm';
import { SANDBOX_CREDENTIALS } from '../../src-main/connectors/cerm/sandbox';
import { startHeadless } from '../../src-main/headless/start-headless';
import { createKeytarStore, secretAccount } from '../../src-main/secrets/credential-store';
import type { ConnectionView } from '../../src-preload/contract';
import { tempDir } from '../support/harness';
import { dispatchTo, openBrowser } from './console-session';

// Secrets stored while the keychain answered, read back by a console whose keychain cannot be reached: the page says
// where they are ("in the keychain, which is not reachable now"), never "set", and a new secret typed meanwhile is
// refused in words with nothing saved. The second console is the built `serve.js` in a process of its own whose
// D-Bus session address points at a socket nobody listens on, so the Secret Service is really out of reach there.
// Pictures: test-results/keychain-unreachable-*.png and issue12-connections-keychain-unreachable*.png.
const ROOT = resolve(__dirname, '../..');
const SERVE = join(ROOT, 'out', 'main', 'serve.js');
const SERVICE = 'SyncDesk-test-e2e-keychain-unreachable';
const dataDir = tempDir('syncdesk-e2e-keychain-');
let child: ChildProcess | undefined;
let browser: Awaited<ReturnType<typeof openBrowser>> | undefined;
let page: Page;
let consoleUrl = '';

/** Phase one: a console on a reachable keychain points CERM at a typed address and stores its two secrets. */
async function storeSecretsWhileReachable(): Promise<void> {
  const app = await startHeadless({
    dataDir,
    launch: { port: 0, listenerPort: 0, sandbox: true, listenerHost: '127.0.0.1' },
    rendererDir: join(ROOT, 'out', 'renderer'),
    core: { credentials: createKeytarStore({ service: SERVICE }) },
  });
  try {
    const cerm = (await dispatchTo<ConnectionView[]>(app, 'connections:list', {})).find((c) => c.connectorId === CERM_ID)!;
    const saved = await dispatchTo<ConnectionView>(app, 'connections:save', {
      connectorId: CERM_ID,
      values: { apiUrl: `${cerm.sandbox!.simulatorUrl}/`, clientId: SANDBOX_CREDENTIALS.clientId, username: SANDBOX_CREDENTIALS.username },
      secrets: { clientSecret: SANDBOX_CREDENTIALS.clientSecret, password: SANDBOX_CREDENTIALS.password },
      sandboxTarget: 'typed',
    });
    expect(saved.secrets).toEqual({ clientSecret: 'set', password: 'set' });
    expect(saved.keychainReachable).toBe(true);
  } finally {
    await app.close();
  }
}

/** Phase two: the same data folder served by a process that cannot reach any Secret Service. */
function serveWithoutKeychain(): Promise<string> {
  return new Promise((resolveUrl, reject) => {
    const noBus = join(tempDir('syncdesk-no-bus-'), 'bus');
    const proc = spawn(process.execPath, [SERVE, '--port', '0', '--listener-port', '0', '--sandbox'], {
      env: { ...process.env, SYNCDESK_DATA_DIR: dataDir, DBUS_SESSION_BUS_ADDRESS: `unix:path=${noBus}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    let out = '';
    let err = '';
    proc.stderr!.on('data', (d) => (err += d));
    proc.stdout!.setEncoding('utf8');
    proc.stdout!.on('data', (d: string) => {
      out += d;
      const m = /^console: (\S+)$/m.exec(out);
      if (m) resolveUrl(m[1]!);
    });
    proc.on('exit', (code) => reject(new Error(`serve.js exited (${code}) before it served: ${err}`)));
  });
}

beforeAll(async () => {
  if (!existsSync(SERVE)) throw new Error('out/main/serve.js is missing: build first (npm run build)');
  await storeSecretsWhileReachable();
  consoleUrl = await serveWithoutKeychain();
  browser = await openBrowser();
  page = browser.page;
}, 120_000);

afterAll(async () => {
  await browser?.browser.close();
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  const keychain = createKeytarStore({ service: SERVICE });
  for (const field of ['clientSecret', 'password']) await keychain.delete(secretAccount(CERM_ID, field)).catch(() => false);
});

describe('secrets while the keychain is not reachable', () => {
  it('says a stored secret is in the keychain, which is not reachable now, at both sizes', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(consoleUrl);
    await page.locator('nav [data-testid="nav-sync-status"]').waitFor();
    await page.evaluate(() => (location.hash = '#/connections/cerm/connection'));
    for (const field of ['clientSecret', 'password']) {
      await expect.poll(() => page.getByTestId(`secret-cerm-${field}-where`).textContent(), { timeout: 15_000 }).toMatch(/^In the keychain, which is not reachable now\./);
      expect(await page.getByTestId(`secret-cerm-${field}`).textContent()).toBe('not reachable');
    }
    expect(await page.getByTestId('connection-cerm').textContent()).not.toMatch(/\bset\b/);
    await page.getByTestId('secret-cerm-password').scrollIntoViewIfNeeded();
    await browser!.shot('issue12-connections-keychain-unreachable');
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.getByTestId('secret-cerm-password').scrollIntoViewIfNeeded();
    await browser!.shot('issue12-connections-keychain-unreachable-1024');
  });

  it('refuses a new secret in words while the keychain is out of reach, and keeps what was stored', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByTestId('field-cerm-password').fill('a new password');
    await page.getByTestId('save-cerm').click();
    const error = page.getByTestId('save-error-cerm');
    await expect.poll(() => error.textContent(), { timeout: 20_000 }).toMatch(/keychain/i);
    const headline = (await error.textContent())!.replace(/Details[\s\S]*$/, '');
    expect(headline).toMatch(/The keychain is not reachable now, so nothing was saved\. Start or unlock it/);
    // What the Secret Service answered is for whoever fixes it: under Details, not in the headline.
    expect(headline).not.toMatch(/connection:cerm|No such file/);
    await error.getByText('Details').click();
    expect(await error.getByTestId('error-details').textContent()).toMatch(/No such file or directory/);
    await error.scrollIntoViewIfNeeded();
    await browser!.shot('keychain-unreachable-save-refused');
    await page.reload();
    await page.evaluate(() => (location.hash = '#/connections/cerm/connection'));
    await expect.poll(() => page.getByTestId('secret-cerm-password-where').textContent(), { timeout: 15_000 }).toMatch(/^In the keychain, which is not reachable now\./);
  });

  it('shows the keychain as not reachable under Settings, with what to do', async () => {
    await page.getByTestId('nav-settings').click();
    const keychain = page.getByTestId('settings-keychain');
    await keychain.waitFor();
    expect(await keychain.getAttribute('data-reachable')).toBe('false');
    expect(await keychain.textContent()).toMatch(/not reachable/);
    await browser!.shot('keychain-unreachable-settings');
  });
});
