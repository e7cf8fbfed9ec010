import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { dispatchTo, openConsole, type ConsoleSession } from './console-session';
import type { TaskStatus } from '../../src-preload/contract';
import { until } from '../support/harness';
import { SCHEMA_WORDING } from '../support/schema-wording';
import { fillStaticCodes, selectIn } from './template-editor';

// Forms walked in Chromium with empty, too long and malformed input: every message shown must be plain words.
let session: ConsoleSession;
let page: Page;

beforeAll(async () => {
  session = await openConsole('e2e-plain-errors');
  ({ page } = session);
}, 120_000);

afterAll(async () => {
  await session?.close();
});

/** Every message text on screen: helper texts under fields, issue lists, callouts, toasts. */
async function shownMessages(): Promise<string[]> {
  return await page.locator('.bp6-form-helper-text, .sd-issues li, .sd-row-issues li, .bp6-callout, .bp6-toast').allTextContents();
}

async function expectPlain(): Promise<void> {
  const texts = await shownMessages();
  const bad = texts.filter((t) => SCHEMA_WORDING.some((re) => re.test(t.replace(/Details[\s\S]*$/, ''))));
  expect(bad).toEqual([]);
}

describe('plain-language errors in the console', () => {
  it('register customer: empty, then malformed', async () => {
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.goto(session.app.server.url);
    await page.getByTestId('nav-customers').click();
    await page.getByTestId('register-customer').click();
    await page.getByTestId('register-submit').click();
    await expect.poll(() => page.locator('.bp6-form-helper-text').allTextContents()).toContain('First name is required: fill it in.');
    await expectPlain();
    await session.shot('issue12-errors-field-named-beside-it');
    await page.getByTestId('register-email').fill('not-an-address');
    await page.getByTestId('register-first-name').fill('Ann');
    await page.getByTestId('register-last-name').fill('x'.repeat(300));
    expect((await page.getByTestId('register-last-name').inputValue()).length).toBe(100);
    await page.getByTestId('register-submit').click();
    await expect.poll(() => page.getByTestId('register-error').count(), { timeout: 10_000 }).toBe(1);
    await expectPlain();
    await session.shot('issue12-errors-limits-up-front');
    await page.keyboard.press('Escape');
  });

  it('connection save refused: the reason in words, the errno under Details', async () => {
    await page.getByTestId('nav-connections').click();
    await page.getByTestId('open-connection-confirm').click();
    const section = page.getByTestId('connection-confirm');
    await section.waitFor();
    await session.app.core.services.sandboxes.setFaults('confirm', { down: true });
    try {
      await section.getByTestId('save-confirm').click();
      const error = section.getByTestId('save-error-confirm');
      await expect.poll(() => error.textContent(), { timeout: 15_000 }).toMatch(/nothing was saved.*Check the address/);
      expect(await error.textContent()).not.toMatch(/Not saved: Not saved/);
      // The headline names Confirm and its address, not the operation the test used.
      const headline = (await error.textContent())!.replace(/Details[\s\S]*$/, '');
      expect(headline).toMatch(/Confirm at 127\.0\.0\.1:\d+: connection refused\. Check/);
      expect(headline).not.toMatch(/Get customer lookups/);
      await error.getByText('Details').click();
      expect(await error.getByTestId('error-details').textContent()).toMatch(/ECONNREFUSED/);
      await expectPlain();
      await error.scrollIntoViewIfNeeded();
      await session.shot('issue12-errors-details-disclosure');
    } finally {
      await session.app.core.services.sandboxes.setFaults('confirm', { down: false });
    }
    await section.getByTestId('save-confirm').click();
    await expect.poll(async () => (await session.app.core.services.repos.connections.get('confirm'))?.updatedAt ?? null, { timeout: 15_000 }).not.toBeNull();
  });

  it('template editor: Confirm’s mandatory attribute is warned about, and the case title is a source', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByTestId('nav-mappings').click();
    await page.getByTestId('template-new').click();
    const rows = page.getByTestId('template-row');
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(2);
    await fillStaticCodes(rows, ['HW', 'PH']);
    await page.getByTestId('template-add-row').click();
    const row = rows.nth(2);
    await selectIn(row.getByTestId('row-target-field')).selectOption('EnquiryDescription');
    await selectIn(row.getByTestId('row-source-kind')).selectOption('case_builtin');
    await selectIn(row.getByTestId('row-source-key')).selectOption('title');
    const warning = page.getByTestId('template-mandatory');
    await expect.poll(() => warning.textContent(), { timeout: 15_000 }).toMatch(/DEPT.*service HW, subject PH/);
    await warning.scrollIntoViewIfNeeded();
    await session.shot('issue12-confirm-mandatory-warning');
    await row.scrollIntoViewIfNeeded();
    await session.shot('issue12-confirm-builtin-case-fields');
    // Saved without a name or Reference: the refusal is worded, next to the fields.
    await page.getByTestId('template-save').click();
    await expect.poll(() => shownMessages().then((t) => t.join(' ')), { timeout: 10_000 }).toMatch(/Reference/);
    // Beside the Reference picker, in words (the Not saved callout only points at what is marked), never a bare "required".
    expect(await page.locator('.sd-reference-row [data-testid="template-issue"]').textContent()).toMatch(/Choose the Reference this template applies to/);
    expect(await page.getByTestId('template-error').textContent()).toMatch(/Fix what is marked above/);
    await expectPlain();
    await page.locator('.sd-reference-row').scrollIntoViewIfNeeded();
    await session.shot('issue12-errors-template-reference-beside-picker');
  });

  it('template rows with empty codes are asked for by row, as staff count them', async () => {
    await page.getByTestId('nav-mappings').click();
    await page.getByTestId('template-new').click();
    const rows = page.getByTestId('template-row');
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(2);
    await page.getByTestId('template-save').click();
    const issues = page.getByTestId('template-issue');
    await expect.poll(() => issues.allTextContents(), { timeout: 10_000 }).toEqual(expect.arrayContaining([
      expect.stringMatching(/Row 1: choose a service code/),
      expect.stringMatching(/Row 2: choose a subject code/),
    ]));
    // Beside their rows, never a zero-based path or a code left blank in the sentence.
    expect(await rows.nth(0).getByTestId('template-issue').textContent()).toMatch(/Row 1: choose a service code/);
    for (const text of await issues.allTextContents()) expect(text).not.toMatch(/rows\.\d|^\s*is not|: is not| is not a .* code in Confirm/);
    await expectPlain();
    await rows.nth(0).scrollIntoViewIfNeeded();
    await session.shot('issue12-errors-template-rows');
  });

  it('a failed download and its error: the reason in words, the task by its name, the errno only under Details', async () => {
    await session.app.core.services.sandboxes.setFaults('cerm', { down: true });
    try {
      const { runId } = await dispatchTo<{ runId: number }>(session.app, 'sync:run', { connectorId: 'cerm', taskId: 'download-customers' });
      await until(async () => (await dispatchTo<TaskStatus[]>(session.app, 'sync:tasks', {})).every((t) => !t.running), 'the download to fail', 60_000, 100);
      expect(runId).toBeGreaterThan(0);
    } finally {
      await session.app.core.services.sandboxes.setFaults('cerm', { down: false });
    }
    const CODES = /\(E[A-Z]+\)|UND_ERR|ECONN/;
    const IDS = /download-customers|apply-template|\btask \b/;
    await page.getByTestId('nav-connections').click();
    await page.getByTestId('open-connection-cerm').click();
    await page.getByTestId('tab-cerm-data').click();
    const download = page.getByTestId('cerm-download-row').filter({ has: page.locator('td') }).first();
    await page.locator('[data-testid="cerm-download-row"][data-status="failed"]').first().waitFor({ timeout: 15_000 });
    const failed = page.locator('[data-testid="cerm-download-row"][data-status="failed"]').first();
    expect(await failed.locator('.sd-downloads-message').textContent()).toMatch(/connection refused/);
    expect(await failed.locator('.sd-downloads-message').textContent()).not.toMatch(CODES);
    expect(await download.count()).toBe(1);

    await page.getByTestId('nav-errors').click();
    const row = page.getByTestId('error-row-download-customers');
    await row.waitFor({ timeout: 15_000 });
    // The record and its source are the task's name; the reason is words.
    expect(await row.locator('strong').textContent()).toBe('Download customers from CERM');
    expect(await row.getByTestId('error-source').textContent()).toBe('CERM · Download customers from CERM');
    expect(await row.locator('.sd-error-reason').textContent()).toMatch(/connection refused/);
    for (const text of [await row.locator('strong').textContent(), await row.getByTestId('error-source').textContent(), await row.locator('.sd-error-reason').textContent()]) {
      expect(text).not.toMatch(CODES);
      expect(text).not.toMatch(IDS);
    }
    await row.click();
    const detail = page.getByTestId('error-detail-download-customers');
    await detail.waitFor();
    // The code is still there for whoever needs it: under Details.
    await detail.getByText('Details').first().click();
    expect(await detail.getByTestId('error-details').first().textContent()).toMatch(/ECONNREFUSED/);
    await session.shot('issue12-errors-errno-under-details-errors-list');
  });
});
