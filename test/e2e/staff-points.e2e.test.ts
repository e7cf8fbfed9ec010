import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { CONFIRM_ID, POLL_TASK_ID } from '../../src-main/connectors/confirm';
import { SANDBOX_CREDENTIALS } from '../../src-main/connectors/confirm/sandbox';
import { until } from '../support/harness';
import { dispatchTo, openConsole, type ConsoleSession, openRow } from './console-session';
import { ruleRaisingWithoutDept } from './console-screens';
import { checkLayout } from './layout-checks';

// Points of "the console as staff use it" that no other end-to-end test pictures: the searchable time-zone list with
// offsets, business settings in the reference's words, a Poll Confirm run saying what it changed (and why a case
// without an incoming template did not change), and a case's failed integration with Retry on the case. Pictures:
// test-results/issue12-<section>-<point>.png.
let session: ConsoleSession;
let app: ConsoleSession['app'];
let page: Page;

const dispatch = <T,>(channel: string, input: unknown): Promise<T> => dispatchTo<T>(app, channel, input);

beforeAll(async () => {
  session = await openConsole('e2e-staff-points');
  ({ app, page } = session);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(app.server.url);
  await page.locator('nav [data-testid="nav-sync-status"]').waitFor();
}, 120_000);

afterAll(async () => {
  await session?.close();
});

let caseId = 0;
const hash = (to: string) => page.evaluate((h) => (location.hash = h), to);

describe('the console as staff use it', () => {
  it('finds a time zone by typing, each with its current offset', async () => {
    await hash('#/connections/confirm/behaviour');
    const search = page.getByTestId('field-confirm-timezone-search');
    await search.fill('lond');
    await expect.poll(() => page.getByTestId('field-confirm-timezone-count').textContent()).toMatch(/^\d+ of \d{3} match$/);
    const options = await page.getByTestId('field-confirm-timezone').locator('option').allTextContents();
    expect(options.some((o) => /London.*(UTC|GMT)[+−-]?\d*/.test(o))).toBe(true);
    await search.scrollIntoViewIfNeeded();
    await session.shot('issue12-connections-timezone-search');
  });

  it('labels business settings as the reference does, clearly', async () => {
    await hash('#/connections/cerm/behaviour');
    await page.getByText('Cost code required at registration').first().waitFor();
    await session.shot('issue12-connections-business-labels');
  });

  it('says what a Poll Confirm run updated, and why a case without an incoming template did not change', async () => {
    const ref = await dispatch<{ id: number }>('references:save', { name: 'Enquiry Number' });
    const other = await dispatch<{ id: number }>('references:save', { name: 'Old enquiry' });
    await dispatch('templates:save', {
      name: 'Status back',
      type: 'enquiry_updated',
      referenceId: ref.id,
      rows: [{ direction: 'in', source: { kind: 'field', name: 'EnquiryStatusCode' }, target: { kind: 'case_status', map: { '0900': 'resolved' } } }],
    });
    const mapped = (await dispatch<{ case: { id: number } }>('cases:save', { title: 'Mapped case' })).case.id;
    const unmapped = (await dispatch<{ case: { id: number } }>('cases:save', { title: 'Case without an incoming template' })).case.id;
    // The simulator's seeded Enquiry, held by both cases: by one in a Reference with an incoming template, by the other not.
    await app.core.services.repos.references.set(mapped, ref.id, '000123', Date.now());
    await app.core.services.repos.references.set(unmapped, other.id, '000123', Date.now());
    await dispatch('sync:schedule', { connectorId: CONFIRM_ID, taskId: POLL_TASK_ID, intervalMinutes: 60 });
    expect(await dispatch<{ delivery: string }>('sandbox:confirm-status', { caseId: mapped, statusCode: '0900' })).toMatchObject({ delivery: 'poll' });
    const { runId } = await dispatch<{ runId: number }>('sync:run', { connectorId: CONFIRM_ID, taskId: POLL_TASK_ID });
    await until(async () => (await app.core.services.repos.runs.get(runId))?.finishedAt, 'the poll to finish');
    await hash(`#/runs/${runId}`);
    const detail = page.getByTestId('run-detail');
    await expect.poll(() => detail.textContent(), { timeout: 15_000 }).toMatch(new RegExp(`case #${mapped}: status new → resolved`));
    expect(await detail.textContent()).toMatch(new RegExp(`case #${unmapped}: its Reference has no incoming \\(Enquiry updated\\) template`));
    // The "why not" reads whole in the records' Message column: the empty "Fields changed" gives it its width.
    const messageCut = () =>
      page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('[data-testid="run-detail"] [role="cell"][data-col="message"]')]
          .filter((c) => /no incoming/.test(c.textContent ?? ''))
          .map((c) => [c, ...c.querySelectorAll<HTMLElement>('*')].some((e) => e.scrollWidth > e.clientWidth + 1)),
      );
    await expect.poll(messageCut).toEqual([false]);
    // Record times read as everywhere else: the locale's time with seconds, no milliseconds.
    const times = await page.locator('[data-testid="run-detail"] [role="cell"][data-col="ts"]').allTextContents();
    expect(times.length).toBeGreaterThan(0);
    for (const t of times) expect(t).not.toMatch(/\.\d{3}$/);
    await session.shot('issue12-confirm-poll-says-what-changed');
  });

  it('shows a case’s failed integration on the case, with Retry there', async () => {
    const ref = (await dispatch<{ id: number; name: string }[]>('references:list', {})).find((r) => r.name === 'Enquiry Number')!;
    // Confirm refuses an Enquiry without its mandatory DEPT attribute: the job fails as invalid, for staff to fix.
    await ruleRaisingWithoutDept(app, ref.id);
    const { id } = (await dispatch<{ case: { id: number } }>('cases:save', { title: 'Pothole that cannot be raised' })).case;
    await app.core.services.jobs.whenSettled();
    await hash(`#/cases/${id}`);
    const failures = page.getByTestId('case-failures');
    await failures.waitFor({ timeout: 15_000 });
    expect(await failures.getByTestId('case-failure-retry').count()).toBeGreaterThan(0);
    await session.shot('issue12-confirm-case-failure-retry');
    caseId = id;
  });

  // Confirm's fault text ('Validate new enquiry.Mandatory enquiry attribute DEPT (Depth (mm)) is missing') is the
  // remote's own words: each headline says in plain words what is wrong and what to do; the raw text is under Details.
  it('words Confirm\'s refusal plainly on the case, in Errors and in the log\'s panel, its own text under Details', async () => {
    const RAW = /said "|Validate new enquiry|Mandatory enquiry attribute/;
    const PLAIN = /Confirm requires the Enquiry Attribute Depth \(mm\) \(DEPT\).*Add a row for it to the template, then retry\./;
    const headlineOf = async (l: Locator) => (await l.evaluate((el) => {
      const copy = el.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('details').forEach((d) => d.remove());
      return copy.textContent ?? '';
    }));
    const rawUnderDetails = async (where: Locator) => {
      await where.getByText('Details', { exact: true }).first().click();
      expect(await where.getByTestId('error-details').first().textContent()).toMatch(/Confirm said "Validate new enquiry\.Mandatory enquiry attribute DEPT \(Depth \(mm\)\) is missing"/);
    };

    await hash(`#/cases/${caseId}`);
    const failure = page.getByTestId('case-failure').first();
    await failure.waitFor({ timeout: 15_000 });
    const onCase = failure.locator('.sd-case-failure-message');
    expect(await headlineOf(onCase)).toMatch(PLAIN);
    expect(await headlineOf(onCase)).not.toMatch(RAW);
    await rawUnderDetails(onCase);
    await session.shot('issue12-confirm-remote-words-under-details-case');

    await page.getByTestId('nav-errors').click();
    const row = page.locator('[data-testid^="error-row-"]', { hasText: `case ${caseId}` }).first();
    await row.waitFor({ timeout: 15_000 });
    expect(await row.locator('.sd-error-reason').textContent()).toMatch(PLAIN);
    expect(await row.locator('.sd-error-reason').textContent()).not.toMatch(RAW);
    await row.click();
    const detail = page.locator('[data-testid^="error-detail-"]').first();
    await detail.waitFor();
    const attempt = detail.locator('.sd-plain-list li').first();
    expect(await headlineOf(attempt)).toMatch(PLAIN);
    expect(await headlineOf(attempt)).not.toMatch(RAW);
    await rawUnderDetails(attempt);
    await session.shot('issue12-confirm-remote-words-under-details-errors');

    // Edit and retry: the JSON keeps the stored epoch milliseconds (valid for the job), read beside it as a date.
    await detail.getByRole('button', { name: 'Edit and retry' }).click();
    const editor = page.getByTestId('edit-retry-payload');
    await editor.waitFor();
    const payload = JSON.parse(await editor.inputValue()) as { firedAt: number };
    expect(Number.isInteger(payload.firedAt)).toBe(true);
    const firedAt = page.getByTestId('edit-retry-summary').locator('[data-path="firedAt"]');
    const readable = (ms: number) => page.evaluate((at) => new Intl.DateTimeFormat(navigator.language, { dateStyle: 'medium', timeStyle: 'medium' }).format(at), ms);
    expect(await firedAt.textContent()).toBe(`Fired at${await readable(payload.firedAt)}`);
    expect(await page.getByTestId('edit-retry-summary').textContent()).not.toMatch(/\d{12,}/);
    // Edited, the date follows the JSON.
    const earlier = payload.firedAt - 86_400_000;
    await editor.fill(JSON.stringify({ ...payload, firedAt: earlier }, null, 2));
    await expect.poll(() => firedAt.textContent()).toBe(`Fired at${await readable(earlier)}`);
    await session.shot('issue12-errors-edit-retry-dates-readable');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await editor.waitFor({ state: 'detached' });

    await page.getByTestId('nav-log').click();
    await page.getByTestId('log-filter-connector').selectOption(CONFIRM_ID);
    await page.getByTestId('log-filter-outcome-validation_failure').check();
    const logRow = page.getByTestId('log-row').first();
    await logRow.waitFor();
    expect(await logRow.textContent()).not.toMatch(RAW);
    await openRow(logRow);
    const message = page.getByTestId('log-details-message');
    await message.waitFor();
    expect(await headlineOf(message)).toMatch(PLAIN);
    expect(await headlineOf(message)).not.toMatch(RAW);
    await rawUnderDetails(message);
    await session.shot('issue12-confirm-remote-words-under-details-log');
    await page.getByTestId('log-filter-outcome-validation_failure').uncheck();
    await page.getByTestId('log-filter-connector').selectOption('');
  });

  it('lays out Confirm\'s SOAP exchange of that failure as indented XML, its password masked and marked', async () => {
    await page.getByTestId('nav-log').click();
    await page.getByTestId('log-filter-connector').selectOption(CONFIRM_ID);
    await page.getByTestId('log-filter-outcome-validation_failure').check();
    await openRow(page.getByTestId('log-row').first());
    const exchange = page.getByTestId('log-exchange');
    await exchange.waitFor({ timeout: 15_000 });
    const request = exchange.locator('.is-request pre[data-language="xml"]');
    expect(await request.textContent()).toMatch(/\n {2,}<[^\n]*Password>/);
    expect(await request.locator('.sd-tok-mask').count()).toBeGreaterThan(0);
    expect(await exchange.textContent()).not.toContain(SANDBOX_CREDENTIALS.password);
    await request.locator('.sd-tok-mask').first().scrollIntoViewIfNeeded();
    await session.shot('issue12-log-details-pretty-xml-masked');
  });

  it('wraps that XML and its request line at whitespace only, never inside a word, in the narrow panel at 1024×700', async () => {
    await page.setViewportSize({ width: 1024, height: 700 });
    try {
      const exchange = page.getByTestId('log-exchange');
      await exchange.waitFor();
      const request = exchange.locator('.is-request pre[data-language="xml"]');
      // The panel is narrower than the SOAP envelope's lines: they do wrap (or scroll), but only between words.
      const room = await request.evaluate((pre) => {
        const unwrapped = pre.cloneNode(true) as HTMLElement;
        unwrapped.style.cssText = 'position:absolute;visibility:hidden;white-space:pre;width:auto;max-width:none';
        pre.parentElement!.append(unwrapped);
        const natural = unwrapped.scrollWidth;
        unwrapped.remove();
        return { natural, shown: pre.clientWidth };
      });
      expect(room.natural).toBeGreaterThan(room.shown);
      expect((await checkLayout(page)).filter((p) => p.rule === 'code-word-split')).toEqual([]);
      expect(await request.textContent()).toMatch(/xmlns:soap="http:\/\/schemas\.xmlsoap\.org\/soap\/envelope\/">/);
      await request.scrollIntoViewIfNeeded();
      await session.shot('issue12-log-xml-wraps-at-whitespace-1024');
    } finally {
      await page.setViewportSize({ width: 1440, height: 900 });
    }
  });
});
