import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { dispatchTo, openConsole, type ConsoleSession } from './console-session';
import { fillConsole } from './console-screens';
import { peekDb } from '../support/harness';
import { SCHEMA_WORDING } from '../support/schema-wording';

// Every form of the console walked in Chromium three times: every field emptied, every field too long, every field
// malformed, then submitted. No message on screen (helper texts, issue lists, callouts, toasts) may hold schema or
// internal wording. A field with a limit must hold no more than it says (maxLength). A field marked as refused
// carries its message beside it, naming it as its label does; a refused form saved nothing; focus goes to the first
// refused field. Then the configuration import preview, given files empty, too big, not JSON, and with values empty,
// too long and malformed. Pictures: test-results/plain-errors-walk-<form>-<kind>.png.
let session: ConsoleSession;
let page: Page;
let accountId = 0;

beforeAll(async () => {
  session = await openConsole('e2e-plain-walk');
  ({ page } = session);
  ({ accountId } = await fillConsole(session.app));
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(session.app.server.url);
  await page.locator('nav [data-testid="nav-sync-status"]').waitFor();
}, 300_000);

afterAll(async () => {
  await session?.close();
});

interface Form {
  name: string;
  /** Opens the form afresh; answers the element holding its fields. */
  open(): Promise<Locator>;
  submit: string;
}

const hash = async (to: string) => {
  // Away first, so the page mounts again with a fresh draft.
  await page.evaluate(() => (location.hash = '#/sync-status'));
  await page.evaluate((h) => (location.hash = h), to);
};
const inDialog = (nav: string, opener: string) => async () => {
  await page.getByTestId(nav).click();
  await page.getByTestId(opener).first().click();
  const dialog = page.locator('.bp6-dialog').first();
  await dialog.waitFor();
  return dialog;
};
const onPage = (to: string | (() => string), scope: string, tab?: string) => async () => {
  await hash(typeof to === 'string' ? to : to());
  if (tab) await page.getByTestId(tab).click();
  const l = page.getByTestId(scope).first();
  await l.waitFor();
  return l;
};

const CONNECTORS = ['cerm', 'confirm', 'accounting', 'erp'] as const;
const FORMS: Form[] = [
  ...CONNECTORS.flatMap((c) =>
    (['connection', 'behaviour', 'advanced'] as const).map((tab) => ({ name: `connection-${c}-${tab}`, open: onPage(`#/connections/${c}/${tab}`, `connection-${c}`), submit: `save-${c}` })),
  ),
  { name: 'register-customer', open: inDialog('nav-customers', 'register-customer'), submit: 'register-submit' },
  { name: 'department', open: inDialog('nav-departments', 'department-new'), submit: 'department-save' },
  { name: 'case', open: inDialog('nav-cases', 'case-new'), submit: 'case-save' },
  { name: 'reference', open: inDialog('nav-references', 'reference-new'), submit: 'reference-save' },
  { name: 'case-field', open: inDialog('nav-references', 'case-field-new'), submit: 'case-field-save' },
  { name: 'rule', open: inDialog('nav-rules', 'rule-new'), submit: 'rule-save' },
  { name: 'add-account', open: inDialog('nav-accounts', 'add-account'), submit: 'add-account-submit' },
  { name: 'account', open: onPage(() => `#/accounts/${accountId}`, 'account-info', 'tab-account'), submit: 'account-save' },
  { name: 'contact', open: onPage(() => `#/accounts/${accountId}`, 'add-contact-form', 'tab-contacts'), submit: 'contact-add' },
  { name: 'price-override', open: onPage(() => `#/accounts/${accountId}`, 'add-override-form', 'tab-pricing'), submit: 'override-add' },
  { name: 'template', open: onPage('#/mappings/new', 'template-editor'), submit: 'template-save' },
  { name: 'email-template', open: onPage('#/email-content', 'email-content-page'), submit: 'email-save' },
  { name: 'email-settings', open: onPage('#/settings/email', 'email-settings-page'), submit: 'mail-save' },
  { name: 'retention', open: onPage('#/settings/maintenance', 'maintenance-retention'), submit: 'retention-save' },
  { name: 'backups', open: onPage('#/settings/maintenance', 'maintenance-backups'), submit: 'backup-save' },
];

const FIELDS = 'input:not([type=checkbox]):not([type=radio]):not([type=file]):not([type=hidden]):not([disabled]):not([readonly]), textarea:not([disabled]):not([readonly])';

type Kind = 'empty' | 'too-long' | 'malformed';

async function fill(field: Locator, kind: Kind): Promise<void> {
  const type = (await field.getAttribute('type')) ?? 'text';
  const max = Number((await field.getAttribute('maxlength')) ?? 0);
  if (kind === 'empty') return await field.fill('');
  if (type === 'number') return await field.fill(kind === 'too-long' ? '9'.repeat(16) : '-7');
  if (type === 'datetime-local' || type === 'date') return await field.fill('');
  if (kind === 'too-long') {
    await field.fill('x'.repeat((max || 5_000) + 40));
    if (max) expect((await field.inputValue()).length).toBeLessThanOrEqual(max);
    return;
  }
  await field.fill(type === 'email' ? 'not-an-address' : type === 'url' ? 'not a url' : 'bad value !! %% <x>');
}

/** Every message text on screen: helper texts under fields, issue lists, callouts, toasts. */
async function shownMessages(): Promise<string[]> {
  return await page.locator('.bp6-form-helper-text, .sd-issues li, .sd-row-issues li, .bp6-callout, .bp6-toast').allTextContents();
}

// What the forms save: a refused form must leave every one of these as it was.
const SAVED_BY_FORMS = [
  'connections', 'customers', 'departments', 'cases', 'case_references', 'reference_defs', 'case_fields', 'case_rules', 'mapping_templates',
  'accounts', 'account_contacts', 'price_overrides', 'email_templates', 'app_settings',
];

function savedState(): string {
  const db = peekDb(session.app.core.services.paths.database);
  return SAVED_BY_FORMS.map((t) => `${t}: ${(db.prepare(`SELECT * FROM ${t}`).all() as unknown[]).map((r) => JSON.stringify(r)).sort().join('\n')}`).join('\n');
}

/** The message names the field: its label, the label without its unit in brackets, or its first word ("the text"). */
function namesField(message: string, label: string): boolean {
  const m = message.toLowerCase();
  const l = label.toLowerCase();
  return [l, l.replace(/\s*\(.*\)$/, ''), l.split(/\s+/)[0]!].some((name) => name.length > 0 && m.includes(name));
}

interface Answer {
  /** The form refused: a field marked, or a refusal in a danger callout or toast. */
  refused: boolean;
  /** Fields marked as refused, in page order: their label, the message beside them, whether focus is inside. */
  marked: { label: string; message: string; focused: boolean }[];
}

/** How the form answered the submit, read from the page. */
async function answerOf(scope: Locator): Promise<Answer> {
  // A dialog that took the input closes: nothing is marked, and a refusal could only be a toast.
  if ((await scope.count()) === 0) return { refused: (await page.locator('.bp6-toast.bp6-intent-danger').count()) > 0, marked: [] };
  return await scope.evaluate((root) => {
    const marked = [...root.querySelectorAll('.bp6-form-group.bp6-intent-danger')]
      .filter((g) => (g as HTMLElement).offsetParent !== null)
      .map((g) => ({
        label: (g.querySelector('label')?.textContent ?? '').replace(/\(optional\)|\brequired$|\*/gi, '').trim(),
        // What the group shows under its label: the helper text, or a list of problems of its own.
        message: (g.querySelector('.bp6-form-content')?.textContent ?? '').trim(),
        focused: g.contains(document.activeElement),
      }));
    const callout = [...root.querySelectorAll('.bp6-callout.bp6-intent-danger')].some((c) => (c as HTMLElement).offsetParent !== null);
    const toast = document.querySelector('.bp6-toast.bp6-intent-danger') !== null;
    return { refused: marked.length > 0 || callout || toast, marked };
  });
}

async function settled(): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('.bp6-button.bp6-loading, main .bp6-spinner:not(.bp6-button .bp6-spinner)'), undefined, { timeout: 30_000 });
  // The refused field takes the focus one frame after it is marked (components/focus-refused.ts): two frames on, it has.
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
}

async function closeOverlays(): Promise<void> {
  for (let i = 0; i < 3 && (await page.locator('.bp6-overlay-open').count()) > 0; i++) await page.keyboard.press('Escape');
  await page.locator('.bp6-overlay-open').first().waitFor({ state: 'detached', timeout: 5_000 }).catch(() => undefined);
}

describe('every form in plain words', () => {
  it.each(FORMS)('$name: empty, too long and malformed input get plain words beside the field, and a refusal saves nothing', async (form) => {
    const bad: string[] = [];
    let seen = 0;
    for (const kind of ['empty', 'too-long', 'malformed'] as const) {
      const scope = await form.open();
      const before = savedState();
      const fields = scope.locator(FIELDS);
      const n = await fields.count();
      for (let i = 0; i < n; i++) {
        const f = fields.nth(i);
        if (await f.isVisible()) await fill(f, kind);
      }
      const submit = page.getByTestId(form.submit).first();
      if (await submit.isEnabled()) await submit.click();
      await settled();
      const texts = await shownMessages();
      seen += texts.length;
      for (const t of texts) {
        const headline = t.replace(/Details[\s\S]*$/, '');
        if (SCHEMA_WORDING.some((re) => re.test(headline))) bad.push(`${kind}: ${headline}`);
      }
      const answer = await answerOf(scope);
      for (const m of answer.marked) {
        if (!m.message) bad.push(`${kind}: ${m.label} is marked with no message beside it`);
        else if (m.label && !namesField(m.message, m.label)) bad.push(`${kind}: the message beside ${m.label} does not name it: ${m.message}`);
      }
      if (answer.marked.length > 0 && !answer.marked[0]!.focused) bad.push(`${kind}: focus is not on the first refused field (${answer.marked[0]!.label})`);
      if (answer.refused && savedState() !== before) bad.push(`${kind}: the form refused, yet something was saved`);
      await session.shot(`plain-errors-walk-${form.name}-${kind}`);
      await closeOverlays();
    }
    expect(bad).toEqual([]);
    // The walk saw the form answer: at least one message (a refusal, a help text or a toast) came up.
    expect(seen).toBeGreaterThan(0);
  }, 120_000);
});

describe('the configuration import preview in plain words', () => {
  type ConfigFileShape = { connections: { connectorId: string; values: Record<string, unknown>; secretFields?: string[] }[]; references: { name: string; showOnCase: boolean }[] };

  /** The exported file with every string value of one connection and one Reference replaced as `kind` says. */
  function variant(base: ConfigFileShape, kind: Kind): string {
    const file = structuredClone(base);
    // A console whose CERM connection was never saved exports none: give the file one to spoil.
    if (!file.connections.some((c) => c.connectorId === 'cerm')) file.connections.push({ connectorId: 'cerm', values: { apiUrl: 'https://cerm.example.com/', pageSize: 250 }, secretFields: [] });
    const cerm = file.connections.find((c) => c.connectorId === 'cerm')!;
    const bad = (v: unknown) => (typeof v === 'number' ? (kind === 'too-long' ? 9e15 : -7) : kind === 'empty' ? '' : kind === 'too-long' ? 'x'.repeat(5_000) : 'bad value !! %% <x>');
    for (const k of Object.keys(cerm.values)) if (typeof cerm.values[k] === 'string' || typeof cerm.values[k] === 'number') cerm.values[k] = bad(cerm.values[k]);
    file.references.push({ name: kind === 'empty' ? '' : kind === 'too-long' ? 'x'.repeat(300) : 'Works order', showOnCase: true });
    return JSON.stringify(file);
  }

  /** Every message the section shows: the refusal, and why each item not applied is not. */
  async function configMessages(): Promise<string[]> {
    return [
      ...(await page.locator('[data-testid="config-preview-error"], [data-testid="maintenance-config"] .bp6-intent-danger .bp6-form-helper-text').allTextContents()),
      ...(await page.locator('[data-testid="config-preview-table"] tr[data-change="not_applied"] td:last-child').allTextContents()),
    ];
  }

  it('empty, too big and non-JSON files, and files with empty, too long and malformed values: plain words, nothing imported', async () => {
    const exported = await dispatchTo<{ path: string | null }>(session.app, 'ops:export-config', {});
    const base = JSON.parse(readFileSync(exported.path!, 'utf8')) as ConfigFileShape;
    const files: { name: string; content: Buffer; headline: RegExp }[] = [
      { name: 'empty-file', content: Buffer.alloc(0), headline: /is empty/ },
      { name: 'too-big-file', content: Buffer.alloc(20_000_001, 32), headline: /at most/ },
      { name: 'not-json', content: Buffer.from('{"connections": ['), headline: /not JSON/ },
      { name: 'not-a-configuration', content: Buffer.from('{"hello": "world"}'), headline: /not a SyncDesk configuration file/ },
      ...(['empty', 'too-long', 'malformed'] as const).map((kind) => ({ name: `values-${kind}`, content: Buffer.from(variant(base, kind)), headline: /./ })),
    ];
    const bad: string[] = [];
    for (const f of files) {
      await hash('#/settings/maintenance');
      await page.getByTestId('maintenance-config').waitFor();
      const before = savedState();
      await page.getByTestId('config-file').setInputFiles({ name: `${f.name}.json`, mimeType: 'application/json', buffer: f.content });
      // Messages left from the file before are not this file's: wait until the section has read this one.
      await page.locator(`[data-testid="maintenance-config"][data-file="${f.name}.json"][data-busy="false"]`).waitFor({ timeout: 30_000 });
      await expect.poll(async () => (await configMessages()).length + (await page.getByTestId('config-preview').count()), { timeout: 30_000 }).toBeGreaterThan(0);
      await settled();
      const texts = await configMessages();
      for (const t of texts) {
        const headline = t.replace(/Details[\s\S]*$/, '');
        if (SCHEMA_WORDING.some((re) => re.test(headline))) bad.push(`${f.name}: ${headline}`);
      }
      if (texts.length === 0) bad.push(`${f.name}: no reason shown`);
      else if (!texts.some((t) => f.headline.test(t))) bad.push(`${f.name}: ${texts.join(' | ')}`);
      // Where a preview came up, importing it takes only what it said would apply.
      if ((await page.getByTestId('config-import').count()) > 0 && (await page.getByTestId('config-import').isEnabled())) {
        const cermValues = async () => (await dispatchTo<{ connectorId: string; values: Record<string, unknown> }[]>(session.app, 'connections:list', {})).find((c) => c.connectorId === 'cerm')!.values;
        const cermBefore = await cermValues();
        const cermRefused = (await page.locator('[data-testid="config-preview-table"] tr[data-change="not_applied"]', { hasText: 'cerm' }).count()) > 0;
        await page.getByTestId('config-import').click();
        await settled();
        if (cermRefused && JSON.stringify(await cermValues()) !== JSON.stringify(cermBefore)) bad.push(`${f.name}: CERM was shown as not applied, yet its values changed`);
      } else if (savedState() !== before) bad.push(`${f.name}: refused, yet something was saved`);
      await page.getByTestId('maintenance-config').scrollIntoViewIfNeeded();
      await session.shot(`plain-errors-walk-config-import-${f.name}`);
    }
    expect(bad).toEqual([]);
  }, 180_000);
});
