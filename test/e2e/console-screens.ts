// Every screen and dialog of the console, with the data that fills them: one list for the layout test and the
// accessibility check, so a new screen is measured by both once it is added here.
import type { Page } from 'playwright-core';
import type { TaskStatus } from '../../src-preload/contract';
import { until } from '../support/harness';
import { dispatchTo, type ConsoleSession, openRow } from './console-session';

/**
 * A template and rule that raise each new case as an Enquiry without Confirm's mandatory DEPT attribute: Confirm
 * refuses it, so the job fails as invalid, for staff to fix (edit and retry, Retry on the case).
 */
export async function ruleRaisingWithoutDept(app: ConsoleSession['app'], referenceId: number): Promise<void> {
  const raise = await dispatchTo<{ id: number }>(app, 'templates:save', {
    name: 'Raise without DEPT',
    type: 'create_enquiry',
    referenceId,
    rows: [
      { direction: 'out', target: { kind: 'field', name: 'ServiceCode' }, source: { kind: 'static', value: 'HW' } },
      { direction: 'out', target: { kind: 'field', name: 'SubjectCode' }, source: { kind: 'static', value: 'PH' } },
    ],
  });
  await dispatchTo(app, 'rules:save', { name: 'Raise it', trigger: 'case_created', templateId: raise.id });
}

/** Closes what is open (Escape) and waits until no dialog is left, its closing transition included. */
export async function closeDialogs(page: Page): Promise<void> {
  for (let i = 0; i < 3 && (await page.locator('.bp6-overlay-open').count()) > 0; i++) await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.querySelector('.bp6-overlay-open, .bp6-dialog'), undefined, { timeout: 5_000 });
}

export interface Screen {
  name: string;
  /** Dialogs sit over a screen; the layout test measures screens, the accessibility check both. */
  dialog?: boolean;
  open(): Promise<void>;
}

/** The seeded Enquiry of the Confirm simulator (resources/sandbox/confirm/enquiries.json) a case is given. */
const SEEDED_ENQUIRY = '000123';

async function runAll(app: ConsoleSession['app'], tasks: readonly TaskStatus[]): Promise<void> {
  const dispatch = <T,>(channel: string, input: unknown) => dispatchTo<T>(app, channel, input);
  for (const t of tasks) await dispatch('sync:run', { connectorId: t.connectorId, taskId: t.taskId }).catch(() => undefined);
  await until(async () => (await dispatch<TaskStatus[]>('sync:tasks', {})).every((t) => !t.running), 'every task to finish', 180_000, 200);
}

/**
 * Data on every screen: each task run once (downloads, accounts, prices), a failed run (an open error, and a log
 * line, dismissed), a department, a customer with a long company name, and a case with a long title holding an
 * Enquiry of the simulator (so its page shows the sandbox's status control). Answers the account to open.
 */
export async function fillConsole(app: ConsoleSession['app']): Promise<{ accountId: number }> {
  const dispatch = <T,>(channel: string, input: unknown) => dispatchTo<T>(app, channel, input);
  await runAll(app, await dispatch<TaskStatus[]>('sync:tasks', {}));
  await app.core.services.sandboxes.setFaults('cerm', { down: true });
  await runAll(app, (await dispatch<TaskStatus[]>('sync:tasks', {})).filter((t) => t.connectorId === 'cerm' && t.taskId === 'download-customers'));
  await app.core.services.sandboxes.setFaults('cerm', { down: false });
  const log = await dispatch<{ entries: { id: number }[] }>('log:page', { outcomes: ['failure', 'dead'] });
  for (const entry of log.entries.slice(0, 1)) await dispatch('log:dismiss', { id: entry.id });
  await dispatch('departments:save', { name: 'Facilities and grounds maintenance', description: 'Parks, verges and the depot' });
  await dispatch('customers:register', { email: 'ann.peeters@example.com', firstName: 'Ann', lastName: 'Peeters', company: 'Peeters Drukwerk en Verpakkingen BV' }).catch(() => undefined);
  const { case: c } = await dispatch<{ case: { id: number } }>('cases:save', { title: 'Pothole on Mill Lane, by the bus stop opposite the primary school', description: 'Deep one' });
  const ref = await dispatch<{ id: number }>('references:save', { name: 'Enquiry Number' });
  await app.core.services.repos.references.set(c.id, ref.id, SEEDED_ENQUIRY, Date.now());
  // A job Confirm refuses (an Enquiry without its mandatory DEPT attribute): an open error whose payload staff may
  // edit and retry. Its rule fires only for cases saved from here on.
  await ruleRaisingWithoutDept(app, ref.id);
  await dispatch('cases:save', { title: 'Pothole that cannot be raised' });
  await app.core.services.jobs.whenSettled();
  // A message in the sandbox's mail catcher.
  await dispatch('mail:send-test', { to: 'staff@example.com' });
  const accounts = await dispatch<{ rows: { id: number }[] }>('accounts:search', {});
  return { accountId: accounts.rows[0]?.id ?? 0 };
}

export async function consoleScreens(page: Page, app: ConsoleSession['app'], accountId: number): Promise<Screen[]> {
  const nav = await page.locator('nav [data-testid^="nav-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!));
  const connectors = (await dispatchTo<{ connectorId: string }[]>(app, 'connections:list', {})).map((c) => c.connectorId);
  const hash = (h: string) => () => page.evaluate((to) => (location.hash = to), h).then(() => undefined);
  const dialog = (testId: string, navId: string, waitFor = '.bp6-dialog') => async () => {
    await page.getByTestId(navId).click();
    await page.getByTestId(testId).first().click();
    await page.locator(waitFor).first().waitFor();
  };
  return [
    ...nav.map((id) => ({ name: id.replace(/^nav-/, ''), open: () => page.getByTestId(id).click() })),
    ...connectors.flatMap((c) =>
      (['connection', 'behaviour', 'advanced', 'data'] as const).map((tab) => ({ name: `connection-${c}-${tab}`, open: hash(`#/connections/${c}/${tab}`) })),
    ),
    ...(['account', 'contacts', 'pricing', 'orders', 'history'] as const).map((tab) => ({
      name: `account-page-${tab}`,
      async open() {
        await hash(`#/accounts/${accountId}`)();
        await page.getByTestId(`tab-${tab}`).click();
      },
    })),
    {
      name: 'template-editor',
      async open() {
        await hash('#/mappings/new')();
        await previewShown(page);
      },
    },
    // The desktop window's Team server page; in a browser it says there is none to choose.
    { name: 'team-server', open: hash('#/team-server') },
    {
      name: 'run-detail',
      async open() {
        await page.getByTestId('nav-sync-status').click();
        await page.locator('[data-testid^="last-run-"]').first().click();
        await page.getByTestId('run-detail').waitFor();
      },
    },
    {
      name: 'log-details-open',
      async open() {
        await page.getByTestId('nav-log').click();
        await openRow(page.getByTestId('log-row').first());
        await page.getByTestId('log-details').waitFor();
      },
    },
    {
      name: 'log-dismissed',
      async open() {
        await page.getByTestId('nav-log').click();
        await page.getByTestId('log-filter-dismissed').check();
        await page.locator('[data-testid="log-row"].is-dismissed').first().waitFor();
      },
    },
    {
      name: 'case-page',
      async open() {
        await page.getByTestId('nav-cases').click();
        await page.getByTestId('case-row').filter({ hasText: 'Pothole on Mill Lane' }).click();
        await page.getByTestId('sandbox-confirm-status').waitFor();
      },
    },
    {
      name: 'case-page-failed-integration',
      async open() {
        await page.getByTestId('nav-cases').click();
        await page.getByTestId('case-row').filter({ hasText: 'Pothole that cannot be raised' }).click();
        await page.getByTestId('case-failures').waitFor();
      },
    },
    {
      name: 'department-page',
      async open() {
        await page.getByTestId('nav-departments').click();
        await page.getByTestId('department-row').first().click();
        await page.getByTestId('department-detail').waitFor();
      },
    },
    {
      name: 'sent-mail-message',
      async open() {
        await page.getByTestId('nav-sent-mail').click();
        await page.getByTestId('caught-mail-row').first().click();
        await page.getByTestId('caught-message-subject').waitFor();
      },
    },
    {
      name: 'template-editor-saved',
      async open() {
        await page.getByTestId('nav-mappings').click();
        await page.getByText('Raise without DEPT').first().click();
        await page.getByTestId('template-delete').waitFor();
        await previewShown(page);
      },
    },
    {
      name: 'customer-page',
      async open() {
        await page.getByTestId('nav-customers').click();
        await page.getByTestId('customer-row').first().click();
      },
    },
    ...(['in-doubt', 'resolved'] as const).map((tab) => ({ name: `errors-${tab}`, open: hash(`#/errors/${tab}`) })),
    {
      name: 'errors-detail',
      async open() {
        await hash('#/errors')();
        await page.locator('[data-testid^="error-row-"]').first().click();
        await page.getByTestId('error-history').waitFor({ state: 'attached' });
      },
    },
    // Dialogs
    {
      name: 'dialog-edit-and-retry',
      dialog: true,
      async open() {
        // Away first: the Errors page keeps a row it had open, and a click on it would close it.
        await hash('#/sync-status')();
        await hash('#/errors')();
        await page.locator('[data-testid^="error-row-"]').filter({ hasText: 'Raise the Enquiry in Confirm' }).first().click();
        await page.getByRole('button', { name: 'Edit and retry' }).click();
        await page.getByTestId('edit-retry-payload').waitFor();
      },
    },
    {
      name: 'dialog-link-cerm-customer',
      dialog: true,
      async open() {
        await page.getByTestId('nav-departments').click();
        await page.getByTestId('department-row').first().click();
        await page.getByTestId('department-link-cerm').click();
        await page.getByTestId('cerm-picker-row').first().waitFor({ timeout: 30_000 });
      },
    },
    {
      name: 'dialog-edit-department',
      dialog: true,
      async open() {
        await page.getByTestId('nav-departments').click();
        await page.getByTestId('department-row').first().click();
        await page.getByTestId('department-edit').click();
        await page.locator('.bp6-overlay-open .bp6-dialog').waitFor();
      },
    },
    {
      name: 'dialog-reset-cursor',
      dialog: true,
      async open() {
        await page.getByTestId('nav-sync-status').click();
        await page.locator('[data-testid^="reset-cursor-"]').first().click();
        await page.getByTestId('reset-cursor-rereads').waitFor();
      },
    },
    {
      name: 'dialog-resend-welcome',
      dialog: true,
      async open() {
        await page.getByTestId('nav-accounting-import').click();
        await page.getByTestId('resend-welcome').first().click();
        await page.locator('.bp6-alert').waitFor();
      },
    },
    {
      name: 'dialog-delete-customer',
      dialog: true,
      async open() {
        await page.getByTestId('nav-customers').click();
        await page.getByTestId('customer-row').first().click();
        await page.getByTestId('customer-delete').click();
        await page.locator('.bp6-alert').waitFor();
      },
    },
    { name: 'dialog-edit-rule', dialog: true, open: dialog('rule-row', 'nav-rules') },
    { name: 'dialog-delete-rule', dialog: true, open: dialog('rule-delete', 'nav-rules', '.bp6-alert') },
    {
      name: 'dialog-delete-template',
      dialog: true,
      async open() {
        await page.getByTestId('nav-mappings').click();
        await page.getByText('Raise without DEPT').first().click();
        await page.getByTestId('template-delete').click();
        await page.locator('.bp6-alert').waitFor();
      },
    },
    { name: 'dialog-register-customer', dialog: true, open: dialog('register-customer', 'nav-customers') },
    { name: 'dialog-new-department', dialog: true, open: dialog('department-new', 'nav-departments') },
    { name: 'dialog-new-case', dialog: true, open: dialog('case-new', 'nav-cases') },
    { name: 'dialog-add-account', dialog: true, open: dialog('add-account', 'nav-accounts') },
    { name: 'dialog-new-reference', dialog: true, open: dialog('reference-new', 'nav-references') },
    { name: 'dialog-new-case-field', dialog: true, open: dialog('case-field-new', 'nav-references') },
    { name: 'dialog-new-rule', dialog: true, open: dialog('rule-new', 'nav-rules') },
    {
      name: 'dialog-preview',
      dialog: true,
      async open() {
        await page.getByTestId('nav-sync-status').click();
        await page.getByTestId('preview-cerm-download-customers').click();
        await page.getByTestId('preview-result').or(page.getByTestId('preview-error')).first().waitFor({ timeout: 120_000 });
      },
    },
    {
      name: 'dialog-restore-backup',
      dialog: true,
      async open() {
        await page.getByTestId('nav-maintenance').click();
        if ((await page.getByTestId('maintenance-restore').count()) === 0) {
          await page.getByTestId('maintenance-backup-now').click();
          await page.getByTestId('maintenance-restore').first().waitFor({ timeout: 30_000 });
        }
        await page.getByTestId('maintenance-restore').first().click();
        await page.locator('.bp6-alert').waitFor();
      },
    },
    {
      name: 'first-run-checklist',
      dialog: true,
      async open() {
        await page.getByTestId('help-open').click();
        await page.getByTestId('first-run').waitFor();
      },
    },
  ];
}

/** The template editor's preview has answered (what it would send, or why not), its spinner gone: the picture shows it. */
async function previewShown(page: Page): Promise<void> {
  await page.getByTestId('template-preview').waitFor();
  await page.waitForFunction(
    () => {
      const preview = document.querySelector('[data-testid="template-preview"]');
      const body = preview?.querySelector('.sd-preview-body');
      return !!body && !preview!.querySelector('.bp6-spinner') && (body.textContent ?? '').trim().length > 0;
    },
    undefined,
    { timeout: 15_000 },
  );
}
