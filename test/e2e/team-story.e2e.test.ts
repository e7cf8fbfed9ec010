import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { TaskStatus } from '../../src-preload/contract';
import { startHeadless } from '../../src-main/headless/start-headless';
import { createKeytarStore } from '../../src-main/secrets/credential-store';
import { tempDir } from '../support/harness';
import { axeViolations, type AxeFinding } from './axe-check';
import { closeDialogs, consoleScreens, ruleRaisingWithoutDept } from './console-screens';
import { dispatchTo } from './console-session';
import { actionsOnScreen, recordCalls, settled, wrongFor, type Action } from './role-walk';
import { roleAtLeast, roleForChannel } from '../../src-preload/contract';

// The team story in Chromium, on a team server over SQLite: an operator runs a sync and watches it; a viewer in
// a second browser context sees the same progress and cannot save; an admin changes a mapping template and finds
// its line on the Audit screen; the admin's Users and Audit screens pass axe; a viewer walks every screen and finds
// no action enabled that the role may not take, an operator none of the admin's; times read local with their zone.
// Pictures: test-results/team-*.png.

const ROOT = resolve(__dirname, '../..');
const SHOTS = join(ROOT, 'test-results');
const PASSWORD = 'correct horse battery';
const TASK = 'cerm-download-customers';

let app: Awaited<ReturnType<typeof startHeadless>>;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  app = await startHeadless({
    dataDir: tempDir('syncdesk-team-story-'),
    launch: { port: 0, listenerPort: 0, sandbox: true, listenerHost: '127.0.0.1' },
    rendererDir: join(ROOT, 'out', 'renderer'),
    core: { credentials: createKeytarStore({ service: 'SyncDesk-test-team-story' }) },
    team: {},
  });
  for (const role of ['viewer', 'operator', 'admin'] as const)
    await app.core.services.staff.add({ email: `${role}@team.example`, name: `${role[0]!.toUpperCase()}${role.slice(1)} Person`, role, password: PASSWORD });
  const ref = await dispatchTo<{ id: number }>(app, 'references:save', { name: 'Enquiry Number' });
  await dispatchTo(app, 'templates:save', {
    name: 'Pothole raise',
    type: 'create_enquiry',
    referenceId: ref.id,
    rows: [
      { direction: 'out', target: { kind: 'field', name: 'ServiceCode' }, source: { kind: 'static', value: 'HW' } },
      { direction: 'out', target: { kind: 'field', name: 'SubjectCode' }, source: { kind: 'static', value: 'PH' } },
    ],
  });
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
}, 120_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await app?.close();
});

async function signedIn(role: 'viewer' | 'operator' | 'admin', viewport = { width: 1440, height: 900 }, timezoneId?: string): Promise<Page> {
  const context = await browser.newContext({ viewport, ...(timezoneId ? { timezoneId } : {}) });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`page error (${role}): ${err.message}`));
  await page.goto(app.server.url);
  await page.fill('[data-testid="sign-in-email"]', `${role}@team.example`);
  await page.fill('[data-testid="sign-in-password"]', PASSWORD);
  await page.click('[data-testid="sign-in-submit"]');
  await page.getByTestId('signed-in-user').waitFor();
  await page.getByTestId('connection-indicator').and(page.locator('[data-state="connected"]')).waitFor();
  return page;
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `team-${name}.png`) });

describe('the team story in Chromium', () => {
  let operator: Page;
  let viewer: Page;

  it('an operator runs a sync and watches it live; a viewer in another browser sees the same progress', async () => {
    operator = await signedIn('operator');
    viewer = await signedIn('viewer');
    // Neither sees the admin's screens.
    for (const p of [operator, viewer]) expect(await p.getByTestId('nav-staff-users').count()).toBe(0);
    // Slow pages, so the run is there to be watched.
    await app.core.services.sandboxes.setFaults('cerm', { latencyMs: 1500 });
    await operator.getByTestId(`sync-now-${TASK}`).click();
    await operator.getByTestId(`progress-${TASK}`).waitFor({ state: 'visible', timeout: 15_000 });
    await viewer.getByTestId(`progress-${TASK}`).waitFor({ state: 'visible', timeout: 15_000 });
    await shot(operator, 'operator-sync-running');
    await shot(viewer, 'viewer-sync-running');
    await app.core.services.sandboxes.setFaults('cerm', { latencyMs: 0 });
    for (const p of [operator, viewer]) await p.getByTestId(`progress-${TASK}`).waitFor({ state: 'detached', timeout: 120_000 });
    const tasks = await dispatchTo<TaskStatus[]>(app, 'sync:tasks', {});
    expect(tasks.find((t) => `${t.connectorId}-${t.taskId}` === TASK)?.lastRun?.status).toBe('success');
    await shot(viewer, 'viewer-sync-finished');
  }, 180_000);

  it('the viewer finds Save disabled, and a forced save refused, changing nothing', async () => {
    await viewer.evaluate(() => (location.hash = '#/connections/cerm/connection'));
    const save = viewer.getByTestId('save-cerm');
    await save.waitFor();
    expect(await save.isDisabled()).toBe(true);
    await shot(viewer, 'viewer-save-disabled');
    const before = JSON.stringify(await dispatchTo(app, 'connections:list', {}));
    const refused = await viewer.evaluate(async () => {
      const me = (await (await fetch('/auth/me')).json()) as { data: { csrfToken: string } };
      const r = await fetch('/api/connections:save', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.data.csrfToken },
        body: JSON.stringify({ connectorId: 'cerm', values: { pageSize: 7 } }),
      });
      return { status: r.status, body: (await r.json()) as { error: { code: string; message: string } } };
    });
    expect(refused).toMatchObject({ status: 403, body: { error: { code: 'forbidden', message: 'Your role (Viewer) cannot do this: only an Admin can. Nothing was changed.' } } });
    expect(JSON.stringify(await dispatchTo(app, 'connections:list', {}))).toBe(before);
    const audit = await dispatchTo<{ items: unknown[] }>(app, 'audit:page', { channel: 'connections:save' });
    expect(audit.items).toEqual([]);
  });

  it('an admin changes a mapping template and finds its line, with the change, on the Audit screen', async () => {
    const admin = await signedIn('admin');
    await admin.getByTestId('nav-mappings').click();
    await admin.getByText('Pothole raise').first().click();
    const name = admin.getByTestId('template-name').locator('xpath=self::input | .//input').first();
    await name.fill('Pothole raise (highways)');
    await admin.getByTestId('template-save').click();
    await expect.poll(async () => (await dispatchTo<{ items: { channel: string }[] }>(app, 'audit:page', { channel: 'templates:save' })).items.length, { timeout: 15_000 }).toBe(1);
    await admin.getByTestId('nav-staff-audit').click();
    const row = admin.locator('[data-testid="audit-row"][data-channel="templates:save"]');
    await row.waitFor();
    expect(await row.getByTestId('audit-row-what').textContent()).toMatch(/^Saved a mapping template · template \d+$/);
    expect(await row.textContent()).toContain('admin@team.example');
    // The operator's sync is there too, in staff's words.
    expect(await admin.locator('[data-testid="audit-row"][data-channel="sync:run"]').getByTestId('audit-row-what').textContent()).toMatch(/^Started a sync \(Sync Now\)/);
    await row.getByTestId('audit-row-toggle').click();
    const nameRow = admin.locator('[data-testid="audit-diff-row"][data-change="changed"]').filter({ hasText: /^name/ });
    await nameRow.waitFor();
    expect(await nameRow.textContent()).toBe('namePothole raisePothole raise (highways)changed');
    await shot(admin, 'admin-audit');
    // Filtered to the operator: only the sync.
    await admin.getByTestId('audit-filter-user').selectOption({ label: 'operator@team.example' });
    await expect.poll(() => admin.getByTestId('audit-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-channel')))).toEqual(['sync:run']);
    // A day before anything happened: nothing.
    await admin.getByTestId('audit-filter-user').selectOption('');
    await admin.getByTestId('audit-filter-to').fill('2020-01-01');
    await admin.getByText('Nothing was changed under this filter.').waitFor();
  });

  it('an admin adds a user with a generated password shown once, changes a role, and is refused the last admin’s demotion next to it', async () => {
    const admin = await signedIn('admin');
    await admin.getByTestId('nav-staff-users').click();
    await admin.getByTestId('users-table').waitFor();
    await shot(admin, 'admin-users');
    await admin.getByTestId('user-add').click();
    await admin.getByTestId('user-email').fill('not an email');
    await admin.getByTestId('user-name').fill('Grace Hopper');
    await admin.getByTestId('user-add-save').click();
    const emailHelp = admin.locator('.bp6-form-group', { has: admin.locator('#user-email') }).locator('.bp6-form-helper-text');
    await expect.poll(() => emailHelp.textContent()).toMatch(/email address/);
    expect(await admin.getByTestId('user-add-error').count()).toBe(0);
    await shot(admin, 'admin-add-user-refused');
    await admin.getByTestId('user-email').fill('grace@team.example');
    await admin.getByTestId('user-add-save').click();
    const password = (await admin.getByTestId('user-generated-password').textContent())!;
    expect(password).toMatch(/^[A-Za-z2-9]{20}$/);
    await shot(admin, 'admin-user-added');
    await admin.getByTestId('user-added-done').click();
    const grace = admin.locator('[data-testid="user-row"][data-email="grace@team.example"]');
    await grace.getByTestId('user-row-role').locator('xpath=self::select | .//select').first().selectOption('operator');
    await expect.poll(async () => (await app.core.services.staff.list()).find((u) => u.email === 'grace@team.example')?.role).toBe('operator');
    // The generated password signs Grace in.
    const r = await admin.evaluate(async (pw) => (await fetch('/auth/sign-in', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'grace@team.example', password: pw }), credentials: 'omit' })).status, password);
    expect(r).toBe(200);
    const me = admin.locator('[data-testid="user-row"][data-email="admin@team.example"]');
    await me.getByTestId('user-row-role').locator('xpath=self::select | .//select').first().selectOption('viewer');
    expect(await me.getByTestId('user-row-error').textContent()).toBe('admin@team.example is the only admin who can sign in: make another user an admin first.');
    await shot(admin, 'admin-users-refused');
  });

  it('signing out closes that session’s live events at once, in its other tab too, which asks to sign in again; the viewer’s stay open', async () => {
    const otherTab = await operator.context().newPage();
    await otherTab.goto(app.server.url);
    await otherTab.getByTestId('connection-indicator').and(otherTab.locator('[data-state="connected"]')).waitFor();
    await operator.getByTestId('sign-out').click();
    await operator.getByTestId('sign-in-email').waitFor();
    // The other tab did nothing: its socket was closed by the server (4401) and it went back to the sign-in screen.
    await otherTab.getByTestId('sign-in-email').waitFor();
    await shot(otherTab, 'operator-other-tab-signed-out');
    expect(await viewer.getByTestId('connection-indicator').getAttribute('data-state')).toBe('connected');
  });
});

describe('the admin’s screens under axe', () => {
  const sizes = [
    { width: 1440, height: 900 },
    { width: 1024, height: 700 },
  ];
  it.each(sizes)('has no serious or critical WCAG 2.1 A/AA violation on Users, Add user, Audit and Team server at $width×$height, light and dark', async (size) => {
    const admin = await signedIn('admin', size);
    const found: Record<string, AxeFinding[]> = {};
    for (const theme of ['light', 'dark'] as const) {
      await admin.emulateMedia({ colorScheme: theme });
      const screens: [string, () => Promise<void>][] = [
        ['users', async () => void (await admin.getByTestId('nav-staff-users').click(), await admin.getByTestId('users-table').waitFor())],
        ['add-user', async () => void (await admin.getByTestId('user-add').click(), await admin.getByTestId('user-email').waitFor())],
        [
          'audit',
          async () => {
            await admin.keyboard.press('Escape');
            await admin.getByTestId('nav-staff-audit').click();
            await admin.getByTestId('audit-row-toggle').first().click();
            await admin.getByTestId('audit-diff').first().waitFor();
          },
        ],
        ['team-server', async () => void (await admin.evaluate(() => (location.hash = '#/team-server')), await admin.getByText('Only in the desktop app').waitFor())],
      ];
      for (const [name, open] of screens) {
        await open();
        await admin.waitForFunction(() => !document.querySelector('[class*="-enter-active"], [class*="-appear-active"]'));
        await shot(admin, `a11y-${theme}-${size.width}-${name}`);
        const v = await axeViolations(admin);
        if (v.length) found[`${theme}-${name}`] = v;
      }
    }
    expect(found).toEqual({});
  }, 120_000);
});

/**
 * Data for every screen the walk opens: a download and a failed run (run detail, log lines, one dismissed), the
 * Confirm poll's cursor, a department, a customer, an account, a case holding a simulated Enquiry, a case whose
 * Enquiry Confirm refuses (an open error), a caught email, and a paused task (its alert with Resume and Acknowledge).
 */
async function fillForWalk(): Promise<number> {
  const dispatch = <T,>(channel: string, input: unknown) => dispatchTo<T>(app, channel, input);
  const tasks = await dispatch<TaskStatus[]>('sync:tasks', {});
  const run = async (connectorId: string, taskId: string) => {
    const { runId } = await dispatch<{ runId: number }>('sync:run', { connectorId, taskId });
    await app.core.services.tasks.wait(runId);
  };
  await run('confirm', 'poll-status-changes');
  await dispatch('departments:save', { name: 'Facilities', description: 'Parks and the depot' });
  await dispatch('customers:register', { email: 'ann.peeters@example.com', firstName: 'Ann', lastName: 'Peeters', company: 'Peeters BV' });
  const account = await dispatch<{ account: { id: number } }>('accounts:create', { name: 'Acme', email: 'buyer@acme.example', addressLine1: '1 Main St', city: 'Springfield', postalCode: '62701', country: 'us' });
  const ref = (await dispatch<{ id: number; name: string }[]>('references:list', {})).find((r) => r.name === 'Enquiry Number')!;
  const { case: c } = await dispatch<{ case: { id: number } }>('cases:save', { title: 'Pothole on Mill Lane', description: 'Deep one' });
  await app.core.services.repos.references.set(c.id, ref.id, '000123', Date.now());
  await ruleRaisingWithoutDept(app, ref.id);
  await dispatch('cases:save', { title: 'Pothole that cannot be raised' });
  await app.core.services.jobs.whenSettled();
  await dispatch('mail:send-test', { to: 'staff@example.com' });
  // One failed run pauses the download (its alert offers Resume and Acknowledge); a failure's log line is dismissed.
  await dispatch('alerts:save-settings', { failingRuns: 1, pauseAfter: 1, adminEmail: null, digestMinutes: 15 });
  await app.core.services.sandboxes.setFaults('cerm', { down: true });
  await run('cerm', tasks.find((t) => `${t.connectorId}-${t.taskId}` === TASK)!.taskId);
  await app.core.services.sandboxes.setFaults('cerm', { down: false });
  const failed = await dispatch<{ entries: { id: number }[] }>('log:page', { outcomes: ['failure', 'dead'] });
  await dispatch('log:dismiss', { id: failed.entries[0]!.id });
  return account.account.id;
}

describe('every screen for each role', () => {
  let accountId: number;
  beforeAll(async () => {
    accountId = await fillForWalk();
  }, 120_000);

  /** Opens each screen of the console (no dialogs) and answers what is wrong on it for the role, and the actions met. */
  async function walk(page: Page, role: 'viewer' | 'operator', only?: RegExp): Promise<{ wrong: string[]; met: Map<string, Action[]> }> {
    const wrong: string[] = [];
    const met = new Map<string, Action[]>();
    for (const screen of (await consoleScreens(page, app, accountId)).filter((s) => !s.dialog && (!only || only.test(s.name)))) {
      await screen.open();
      await settled(page);
      const actions = await actionsOnScreen(page);
      met.set(screen.name, actions);
      wrong.push(...wrongFor(role, screen.name, actions));
      await closeDialogs(page);
    }
    return { wrong, met };
  }

  it('a viewer finds every action of every screen that needs another role disabled, saying which, and calls nothing above its role', async () => {
    const viewer = await signedIn('viewer');
    const calls = recordCalls(viewer);
    const { wrong, met } = await walk(viewer, 'viewer');
    expect(wrong).toEqual([]);
    // What Sync Status offers staff, disabled for the viewer.
    const sync = new Set((met.get('sync-status') ?? []).map((a) => a.action));
    for (const channel of ['sync:run', 'sync:preview', 'sync:reset-cursor', 'sync:schedule', 'alerts:resume-task', 'alerts:acknowledge']) expect(sync, channel).toContain(channel);
    const refused = [...met.values()].flat().filter((a) => a.tip !== null);
    expect(refused.length).toBeGreaterThan(60);
    expect(calls.filter((c) => !roleAtLeast('viewer', roleForChannel(c)))).toEqual([]);
    await viewer.getByTestId('nav-sync-status').click();
    await shot(viewer, 'viewer-sync-status-disabled');
  }, 180_000);

  it('an operator finds the admin’s actions disabled, saying so, and its own enabled', async () => {
    const operator = await signedIn('operator');
    const { wrong, met } = await walk(operator, 'operator', /^(sync-status|connections|connection-cerm-connection|maintenance|settings|errors|customer-page|mappings|template-editor-saved)$/);
    expect(wrong).toEqual([]);
    const actions = [...met.values()].flat();
    expect(actions.filter((a) => a.tip !== null).map((a) => a.action)).toEqual(expect.arrayContaining(['connections:save', 'ops:save-retention', 'settings:save', 'customers:delete', 'templates:save']));
    expect(actions.filter((a) => a.action === 'sync:run' && !a.disabled).length).toBeGreaterThan(0);
    expect(actions.filter((a) => a.action === 'connections:test' && !a.disabled).length).toBe(1);
  }, 120_000);

  it('Sync Status shows the cursor’s time and the runs’ times in local time with the zone, the cursor’s exact UTC on hover', async () => {
    const viewer = await signedIn('viewer', undefined, 'Europe/Berlin');
    const words = viewer.getByTestId('cursor-words-confirm-poll-status-changes');
    await words.waitFor();
    const text = (await words.textContent())!;
    expect(text).toMatch(/^status changes read up to \w{3} \d{1,2}, \d{4}, \d{1,2}:\d\d:\d\d [AP]M GMT\+1 saved \w{3} \d{1,2}, \d{4}, \d{1,2}:\d\d:\d\d [AP]M GMT\+1$/);
    expect(await words.getAttribute('title')).toMatch(/^status changes read up to \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} UTC · saved \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} UTC$/);
    const lastRun = await viewer.getByTestId(`last-run-${TASK}`).getAttribute('title');
    expect(lastRun).toMatch(/GMT\+1/);
    await shot(viewer, 'viewer-cursor-local-time');
  });

  it('the Audit screen shows the stored times of a change as dates and times with the zone, not milliseconds', async () => {
    const admin = await signedIn('admin', undefined, 'Europe/Berlin');
    const viewerId = (await app.core.services.staff.list()).find((u) => u.email === 'viewer@team.example')!.id;
    const status = await admin.evaluate(async (id) => {
      const me = (await (await fetch('/auth/me')).json()) as { data: { csrfToken: string } };
      const body = JSON.stringify({ id, role: 'viewer' });
      return (await fetch('/api/staff:set-role', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.data.csrfToken }, body })).status;
    }, viewerId);
    expect(status).toBe(200);
    await admin.getByTestId('nav-staff-audit').click();
    const row = admin.locator('[data-testid="audit-row"][data-channel="staff:set-role"]').first();
    await row.getByTestId('audit-row-toggle').click();
    const created = admin.locator('[data-testid="audit-diff-row"]').filter({ hasText: /^createdAt/ });
    await created.waitFor();
    expect(await created.textContent()).not.toMatch(/\d{13}/);
    expect(await created.getByTestId('audit-diff-time').first().textContent()).toMatch(/^\w{3} \d{1,2}, \d{4}, \d{1,2}:\d\d:\d\d [AP]M GMT\+1$/);
    expect(await created.getByTestId('audit-diff-time').first().getAttribute('title')).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} UTC \(\d{13}\)$/);
    expect(await row.locator('time').first().textContent()).toMatch(/GMT\+1$/);
    await shot(admin, 'admin-audit-times');
  });
});
