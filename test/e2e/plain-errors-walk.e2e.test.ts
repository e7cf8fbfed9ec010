import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { openConsole, type ConsoleSession } from './console-session';
import { fillConsole } from './console-screens';
import { SCHEMA_WORDING } from '../support/schema-wording';

// Every form of the console walked in Chromium three times: every field emptied, every field too long, every field
// malformed, then submitted. No message on screen (helper texts, issue lists, callouts, toasts) may hold schema or
// internal wording. A field with a limit must hold no more than it says (maxLength). Pictures:
// test-results/plain-errors-walk-<form>-<kind>.png.
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

async function settled(): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('.bp6-button.bp6-loading, main .bp6-spinner:not(.bp6-button .bp6-spinner)'), undefined, { timeout: 30_000 });
}

async function closeOverlays(): Promise<void> {
  for (let i = 0; i < 3 && (await page.locator('.bp6-overlay-open').count()) > 0; i++) await page.keyboard.press('Escape');
  await page.locator('.bp6-overlay-open').first().waitFor({ state: 'detached', timeout: 5_000 }).catch(() => undefined);
}

describe('every form in plain words', () => {
  it.each(FORMS)('$name: empty, too long and malformed input get no schema wording', async (form) => {
    const bad: string[] = [];
    let seen = 0;
    for (const kind of ['empty', 'too-long', 'malformed'] as const) {
      const scope = await form.open();
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
      await session.shot(`plain-errors-walk-${form.name}-${kind}`);
      await closeOverlays();
    }
    expect(bad).toEqual([]);
    // The walk saw the form answer: at least one message (a refusal, a help text or a toast) came up.
    expect(seen).toBeGreaterThan(0);
  }, 120_000);
});
