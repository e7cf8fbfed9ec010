import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { CRM_AGENT_PATH } from '../../src-main/connectors/confirm/crm-agent-route';
import type { ConfirmSandbox } from '../../src-main/connectors/confirm/sandbox';
import { closeToasts, openConsole, type ConsoleSession } from './console-session';
import { peekDb } from '../support/harness';
import { fillStaticCodes, selectIn } from './template-editor';

// Brightly Confirm in sandbox mode, driven through the console in Chromium: a template built in the editor, a rule,
// a case that raises an Enquiry, and an update pushed back by the CRM Agent.
let session: ConsoleSession;
let app: ConsoleSession['app'];
let page: Page;
let raised = '';

beforeAll(async () => {
  session = await openConsole('e2e-confirm');
  ({ app, page } = session);
}, 120_000);

afterAll(async () => {
  await session?.close();
});

const shot = (name: string) => session.shot(name);
const sandbox = () => app.core.services.sandboxes.get('confirm') as ConfirmSandbox;

describe('Brightly Confirm in the console (sandbox mode)', () => {
  it('refuses to save the connection while Confirm is unreachable, and says why', async () => {
    await page.goto(app.server.url);
    await page.getByTestId('nav-connections').click();
    await page.getByTestId('open-connection-confirm').click();
    const section = page.getByTestId('connection-confirm');
    await section.waitFor();
    await app.core.services.sandboxes.setFaults('confirm', { down: true });
    try {
      await section.getByTestId('save-confirm').click();
      await expect.poll(() => section.textContent(), { timeout: 15_000 }).toMatch(/Not saved.*nothing was saved.*connection refused/i);
      await shot('confirm-01-save-refused');
    } finally {
      await app.core.services.sandboxes.setFaults('confirm', { down: false });
    }
    await section.getByTestId('save-confirm').click();
    await expect.poll(async () => (await app.core.services.repos.connections.get('confirm'))?.updatedAt ?? null, { timeout: 15_000 }).not.toBeNull();
  });

  it('warns that Confirm cannot reach a listener on this machine only', async () => {
    await page.getByTestId('nav-settings').click();
    const reach = page.getByTestId('crm-agent-reach');
    await reach.waitFor();
    expect(await reach.getAttribute('data-reach')).toBe('loopback');
    expect(await page.getByTestId('crm-agent-url').textContent()).toMatch(/crm-agent\?key=<key>$/);
    // The bind address, that Confirm cannot reach it, the three ways out, and how to test from outside.
    const said = (await reach.textContent())!;
    expect(said).toMatch(/bound to 127\.0\.0\.1:\d+, which only programs on this machine can reach/);
    expect(said).toMatch(/--listener-host.*TLS reverse proxy/);
    expect(said).toMatch(/polling fallback/);
    expect(said).toMatch(/team server/);
    expect(said).toMatch(/Test from outside/);
    await reach.scrollIntoViewIfNeeded();
    // The save's toast is short-lived: the picture is of the warning, not of a toast over it.
    await closeToasts(page);
    await shot('issue12-confirm-crm-agent-reachability');
  });

  it('defines a Reference and the case fields', async () => {
    await page.getByTestId('nav-references').click();
    await page.getByTestId('reference-new').click();
    await page.getByTestId('reference-name').fill('Enquiry Number');
    await page.getByTestId('reference-save').click();
    await page.locator('[data-testid="reference-row"]', { hasText: 'Enquiry Number' }).waitFor();
    for (const [key, label, kind] of [
      ['notes', 'Notes', 'long_text'],
      ['depth', 'Depth (mm)', 'number'],
    ] as const) {
      await page.getByTestId('case-field-new').click();
      await page.getByTestId('case-field-key').fill(key);
      await page.getByTestId('case-field-label').fill(label);
      await selectIn(page.getByTestId('case-field-kind')).selectOption(kind);
      await page.getByTestId('case-field-save').click();
      await page.locator('[data-testid="case-field-row"]', { hasText: label }).waitFor();
    }
    await shot('confirm-02-references');
  });

  it('builds a Create Enquiry template in the editor', async () => {
    await page.getByTestId('nav-mappings').click();
    await page.getByTestId('template-new').click();
    await page.getByTestId('template-name').fill('Raise pothole');
    await selectIn(page.getByTestId('template-type')).selectOption('create_enquiry');
    const reference = selectIn(page.getByTestId('template-reference'));
    await reference.selectOption({ label: 'Enquiry Number' });
    const rows = page.getByTestId('template-row');
    // New Create templates start with Service code and Subject code.
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(2);
    await fillStaticCodes(rows, ['HW', 'PH']);
    await page.getByTestId('template-add-row').click();
    let row = rows.nth(2);
    await selectIn(row.getByTestId('row-target-field')).selectOption('EnquiryDescription');
    await selectIn(row.getByTestId('row-source-kind')).selectOption('case_field');
    await selectIn(row.getByTestId('row-source-key')).selectOption('notes');
    await page.getByTestId('template-add-row').click();
    row = rows.nth(3);
    await selectIn(row.getByTestId('row-target-kind')).selectOption('attribute');
    await row.getByTestId('row-attribute-code').locator('xpath=self::input | .//input').first().fill('DEPT');
    await selectIn(row.getByTestId('row-source-kind')).selectOption('case_field');
    await selectIn(row.getByTestId('row-source-key')).selectOption('depth');
    await page.getByTestId('template-save').click();
    await expect.poll(() => peekDb(app.core.services.paths.database).prepare(`SELECT COUNT(*) FROM mapping_templates`).pluck().get(), { timeout: 10_000 }).toBe(1);
    await shot('confirm-03-template');
  });

  it('adds a rule: on case created, apply the template', async () => {
    await page.getByTestId('nav-rules').click();
    await page.getByTestId('rule-new').click();
    await page.getByTestId('rule-name').fill('Raise potholes in Confirm');
    await selectIn(page.getByTestId('rule-trigger')).selectOption('case_created');
    const templateId = peekDb(app.core.services.paths.database).prepare(`SELECT id FROM mapping_templates WHERE name = 'Raise pothole'`).pluck().get() as number;
    await selectIn(page.getByTestId('rule-template')).selectOption(String(templateId));
    await page.getByTestId('rule-save').click();
    await page.locator('[data-testid="rule-row"]', { hasText: 'Raise potholes in Confirm' }).waitFor();
    await shot('confirm-04-rule');
  });

  it('creates a case and watches the Enquiry number appear on it', async () => {
    await page.getByTestId('nav-cases').click();
    await page.getByTestId('case-new').click();
    await page.getByTestId('case-title').fill('Pothole on Mill Lane');
    await page.getByTestId('case-field-notes').locator('xpath=self::textarea | self::input | .//textarea | .//input').first().fill('Deep one by the bus stop');
    await page.getByTestId('case-field-depth').locator('xpath=self::input | .//input').first().fill('40');
    await page.getByTestId('case-save').click();
    await page.getByTestId('case-detail').waitFor();
    const ref = page.locator('[data-testid="case-reference"][data-name="Enquiry Number"]');
    await expect.poll(async () => ((await ref.count()) ? await ref.textContent() : ''), { timeout: 30_000 }).toMatch(/\d+/);
    raised = (await ref.textContent())!.trim().match(/\d+/)![0];
    const number = raised;
    expect(sandbox().enquiries.get(number)).toMatchObject({ serviceCode: 'HW', subjectCode: 'PH', description: 'Deep one by the bus stop' });
    await shot('confirm-05-case-raised');
  });

  it('previews the request the template would send for that case', async () => {
    await page.getByTestId('nav-mappings').click();
    await page.getByText('Raise pothole').first().click();
    await page.getByTestId('template-editor').waitFor();
    const caseId = peekDb(app.core.services.paths.database).prepare(`SELECT id FROM cases LIMIT 1`).pluck().get() as number;
    await selectIn(page.getByTestId('template-preview-case')).selectOption(String(caseId));
    await expect.poll(() => page.getByTestId('template-preview-xml').textContent(), { timeout: 10_000 }).toMatch(/NewEnquiry[\s\S]*HW[\s\S]*Deep one by the bus stop/);
    expect(await page.getByTestId('template-preview-xml').textContent()).not.toMatch(/sandbox-password|<Password>(?!\*)/);
    await shot('confirm-05b-template-preview');
  });

  it('applies an update pushed back by the CRM Agent, and logs it', async () => {
    const number = raised;
    // An incoming template maps Confirm's status codes and notes back onto the case.
    const ref = peekDb(app.core.services.paths.database).prepare(`SELECT id FROM reference_defs WHERE name = 'Enquiry Number'`).pluck().get() as number;
    const saved = await app.core.dispatch('templates:save', {
      name: 'Pothole updated',
      type: 'enquiry_updated',
      referenceId: ref,
      rows: [{ direction: 'in', source: { kind: 'field', name: 'EnquiryStatusCode' }, target: { kind: 'case_status', map: { '0100': 'open', '0900': 'resolved' } } }],
    });
    expect(saved.ok).toBe(true);
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('crm-agent-rotate').click();
    const keyText = await page.getByTestId('crm-agent-new-key').textContent({ timeout: 10_000 });
    const key = keyText!.match(/[A-Za-z0-9_-]{20,}/)![0];
    // The URL to paste carries the new key once, never a placeholder beside it.
    const pasteUrl = (await page.getByTestId('crm-agent-new-url').textContent())!;
    expect(pasteUrl).toBe(`${app.core.listenerUrl}${CRM_AGENT_PATH}?key=${key}`);
    expect(pasteUrl.match(/key=/g)).toHaveLength(1);
    // A loopback URL is never offered as the one to paste into Confirm.
    expect(await page.getByTestId('crm-agent-new-url-label').textContent()).toMatch(/this machine only: Confirm cannot reach it/);
    sandbox().crmAgent.url = pasteUrl;
    await page.getByTestId('crm-agent-new-url').scrollIntoViewIfNeeded();
    await shot('issue12-connections-crm-agent-url-one-key');
    sandbox().setEnquiryStatus(number, '0900', 'Filled and rolled');
    await sandbox().pushesSettled();
    expect(sandbox().pushes.at(-1)).toMatchObject({ status: 200 });

    await page.getByTestId('nav-cases').click();
    await page.getByTestId('case-row').first().click();
    await expect.poll(() => page.getByTestId('case-detail').textContent(), { timeout: 15_000 }).toMatch(/resolved/i);
    await expect.poll(() => page.getByTestId('case-log-row').count()).toBeGreaterThanOrEqual(2);
    await shot('confirm-07-case-updated');
    await page.getByTestId('nav-log').click();
    await page.getByTestId('log-filter-connector').selectOption('confirm');
    await expect.poll(() => page.locator('[data-testid="log-row"] [title$="(incoming-update)"]').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await shot('confirm-08-log');
  });

  it('sandbox mode: a status changed in the simulated Confirm comes back to the case, which shows what changed', async () => {
    await page.getByTestId('nav-cases').click();
    await page.getByTestId('case-row').first().click();
    const control = page.getByTestId('sandbox-confirm-status');
    await control.waitFor();
    const before = sandbox().pushes.length;
    await selectIn(control.getByTestId('sandbox-confirm-status-select')).selectOption('0100');
    await control.getByTestId('sandbox-confirm-status-send').click();
    const result = control.getByTestId('sandbox-confirm-status-result');
    await expect.poll(() => result.textContent(), { timeout: 15_000 }).toMatch(new RegExp(`Enquiry ${raised} is now .* CRM Agent posted the update.*case #\\d+`));
    expect(await result.getAttribute('data-delivery')).toBe('crm-agent');
    // A real post to the listener, answered 200.
    expect(sandbox().pushes.slice(before)).toEqual([expect.objectContaining({ enquiryNumber: raised, status: 200 })]);
    await expect.poll(() => page.getByTestId('case-detail-status').getAttribute('data-status'), { timeout: 15_000 }).toBe('open');
    // The case's own list of what syncs changed shows this change too, without a reload.
    await expect
      .poll(() => page.getByTestId('case-change').evaluateAll((rows) => rows.map((r) => `${r.querySelector('[data-testid="change-from"]')?.textContent} → ${r.querySelector('[data-testid="change-to"]')?.textContent}`)), { timeout: 15_000 })
      .toContain('resolved → open');
    await closeToasts(page);
    await result.scrollIntoViewIfNeeded();
    await shot('issue12-confirm-incoming-update-sandbox');
  });
});
