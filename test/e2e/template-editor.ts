// Driving the mapping-template editor in Chromium, shared by the end-to-end tests that build a template.
import type { Locator } from 'playwright-core';

/** Blueprint's HTMLSelect may carry the test id on its wrapper: reach the <select> either way. */
export function selectIn(l: Locator): Locator {
  return l.locator('xpath=self::select | .//select').first();
}

/** Fills the first rows of a new Create template (Service code, then Subject code) with static codes. */
export async function fillStaticCodes(rows: Locator, codes: readonly string[]): Promise<void> {
  for (const [i, code] of codes.entries()) {
    const row = rows.nth(i);
    await selectIn(row.getByTestId('row-source-kind')).selectOption('static');
    await row.getByTestId('row-source-value').locator('xpath=self::input | .//input').first().fill(code);
  }
}
