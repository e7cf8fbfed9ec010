import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { openConsole, type ConsoleSession } from './console-session';
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
    await expectPlain();
    await session.shot('issue12-errors-template-rows');
  });
});
