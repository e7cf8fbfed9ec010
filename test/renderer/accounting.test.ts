// The accounting connector's renderer part: the connection form's extension point (live select choices, a note
// beside a field), the import list's wording and the welcome email editor's problems by part.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { AccountingCustomerView, ConnectionView, FieldSpec } from '../../src-preload/contract';
import { groupTogether } from '../../src-renderer/src/app/nav-items';
import { createRouteTable } from '../../src-renderer/src/app/routes';
import { PAGES } from '../../src-renderer/src/app/pages';
import { registry } from '../../src-renderer/src/connectors';
import { fieldOptions, showOnWebUnavailable } from '../../src-renderer/src/connectors/accounting/connection-fields';
import { resendConsequence, shortUuid, STATE_TEXT, welcomeText } from '../../src-renderer/src/connectors/accounting/import-format';
import { countProblems, insertToken, isTemplateDirty, issuesByPart, problemsByPart, templateInput } from '../../src-renderer/src/connectors/accounting/template-draft';
import { createRegistry, type NavItem } from '../../src-renderer/src/connectors/registry';
import { ConnectionForm } from '../../src-renderer/src/features/connections/connection-form';
import { failedFrom, initialOptionsState, loadingFrom, optionsMessage, selectOptions } from '../../src-renderer/src/features/connections/field-options';

const FIELDS: FieldSpec[] = [
  { key: 'apiUrl', group: 'connection', label: 'API address', help: '', kind: 'url', required: true },
  { key: 'showOnWebField', group: 'behaviour', label: 'Show on Web Field', help: 'The custom field.', kind: 'select', required: false, options: [] },
  { key: 'sendEmails', group: 'behaviour', label: 'Send Emails', help: 'Sends the welcome email.', kind: 'boolean', required: false },
];

const view = (over: Partial<ConnectionView> = {}): ConnectionView => ({
  connectorId: 'accounting',
  displayName: 'Accounting',
  description: '',
  state: 'ready',
  stateMessage: null,
  keychainReachable: true,
  sandboxUrl: null,
  sandbox: null,
  updatedAt: 1_700_000_000_000,
  fields: FIELDS,
  values: { apiUrl: 'https://api.example.com/', showOnWebField: 'cb1', sendEmails: false },
  secrets: {},
  ...over,
});

const ext = { loadOptions: async () => ({ ok: true as const, data: [] }), optionsUnavailable: showOnWebUnavailable };

describe('live choices for a select (the connection form extension point)', () => {
  it('starts from the spec without a loader, from the reason when the connector gives one, or loading', () => {
    expect(initialOptionsState(view(), undefined)).toEqual({ status: 'static' });
    expect(initialOptionsState(view({ updatedAt: null }), ext)).toMatchObject({ status: 'unavailable', reason: expect.stringMatching(/^Save the connection first/) });
    expect(initialOptionsState(view({ state: 'credentials_unavailable' }), ext)).toMatchObject({ status: 'unavailable', reason: expect.stringMatching(/keychain/) });
    // In sandbox mode the simulator stands in for the saved settings: always read.
    expect(initialOptionsState(view({ updatedAt: null, state: 'not_configured', sandboxUrl: 'http://127.0.0.1:4100' }), ext)).toEqual({ status: 'loading', previous: null });
    expect(initialOptionsState(view(), ext)).toEqual({ status: 'loading', previous: null });
  });

  it('keeps the choices it had while reloading and after a failure, and keeps a saved value listed', () => {
    const loaded = { status: 'loaded' as const, options: [{ value: 'cb1', label: 'Checkbox Field 1' }] };
    expect(selectOptions([], loaded, 'cb1')).toEqual([{ value: 'cb1', label: 'Checkbox Field 1' }]);
    expect(selectOptions([], loaded, 'cb9')).toEqual([...loaded.options, { value: 'cb9', label: 'cb9 (not offered now)' }]);
    const failed = failedFrom(loadingFrom(loaded), { code: 'connection_failed', message: 'refused' });
    expect(selectOptions([], failed, 'cb1')).toEqual(loaded.options);
    expect(selectOptions([], { status: 'unavailable', reason: 'x' }, 'cb2')).toEqual([{ value: 'cb2', label: 'cb2 (saved)' }]);
    expect(selectOptions([{ value: 'a', label: 'A' }], { status: 'static' }, '')).toEqual([{ value: 'a', label: 'A' }]);
    expect(optionsMessage(failed, 'checkbox fields')).toEqual({ text: 'Could not read the checkbox fields: refused', intent: 'danger' });
    expect(optionsMessage({ status: 'loaded', options: [] })).toEqual({ text: 'No choices found.', intent: 'warning' });
    expect(optionsMessage(loaded)).toBeNull();
  });

  it('names repeated labels by their code', () => {
    expect(fieldOptions([{ code: 'cb1', label: 'Web' }, { code: 'cb2', label: 'Web' }, { code: 'cb3', label: 'Checkbox Field 3' }, { code: 'cb4', label: '' }])).toEqual([
      { value: 'cb1', label: 'Web (cb1)' },
      { value: 'cb2', label: 'Web (cb2)' },
      { value: 'cb3', label: 'Checkbox Field 3' },
      { value: 'cb4', label: 'cb4 (cb4)' },
    ]);
  });

  it('draws the accounting form with the Reload button, the reason and the Send Emails advice', () => {
    const extensions = registry.fieldExtensions('accounting');
    expect(Object.keys(extensions).sort()).toEqual(['sendEmails', 'showOnWebField']);
    expect(registry.fieldExtensions('cerm')).toEqual({});
    // Both fields sit on the Behaviour tab of the connection's page.
    const html = renderToStaticMarkup(createElement(ConnectionForm, { view: view({ updatedAt: null, state: 'not_configured' }), extensions, tab: 'behaviour' }));
    expect(html).toContain('data-testid="tab-panel-accounting-behaviour"');
    expect(html).not.toContain('data-testid="field-accounting-apiUrl"');
    expect(html).toContain('data-testid="reload-accounting-showOnWebField"');
    expect(html).toMatch(/data-testid="field-options-accounting-showOnWebField" data-status="unavailable"/);
    expect(html).toContain('Save the connection first');
    expect(html).toContain('data-testid="send-emails-advice"');
    expect(html).toContain('Test the import with Send Emails set to No first');
    // The saved choice stays shown while the live ones cannot be read.
    expect(html).toContain('<option value="cb1" selected="">cb1 (saved)</option>');
    // Without extensions the form is as before.
    const plain = renderToStaticMarkup(createElement(ConnectionForm, { view: view(), tab: 'behaviour' }));
    expect(plain).toContain('data-testid="field-accounting-sendEmails"');
    expect(plain).not.toContain('reload-accounting');
    expect(plain).not.toContain('send-emails-advice');
  });
});

describe('the accounting screens in the shell', () => {
  it('routes Customers > Accounting import and Content > Email Content', () => {
    const routes = createRouteTable(PAGES);
    expect(routes.parseHash('#/accounting-import')).toEqual({ name: 'accounting-import' });
    expect(routes.parseHash('#/email-content')).toEqual({ name: 'email-content' });
    expect(routes.parseHash('#/settings/email')).toEqual({ name: 'email-settings' });
    expect(routes.parseHash('#/sent-mail/12')).toEqual({ name: 'sent-mail', messageId: 12 });
    expect(routes.routeHash({ name: 'email-settings' })).toBe('#/settings/email');
    expect(routes.routeHash({ name: 'sent-mail' })).toBe('#/sent-mail');
    expect(registry.connectionSections('accounting')).toHaveLength(1);
  });

  it('keeps a group’s nav items together when two connectors contribute to it', () => {
    const item = (testId: string, group?: string): NavItem => ({ route: 'log', label: testId, icon: 'cube', testId, group });
    const items = [item('a', 'Customers'), item('b', 'Content'), item('c', 'Customers'), item('d'), item('e', 'Content')];
    expect(groupTogether(items).map((i) => i.testId)).toEqual(['a', 'c', 'b', 'e', 'd']);
    expect(createRegistry([]).nav).toEqual([]);
  });
});

const customer = (over: Partial<AccountingCustomerView> = {}): AccountingCustomerView => ({
  customerId: 1,
  email: 'ann@example.com',
  name: 'Ann',
  accountNumber: 'ACC-1',
  accountingUuid: '5f1c2a9e-7b3d-4e8a-9c41-0d6e2f8a1b37',
  state: 'flagged',
  importedAt: 0,
  welcome: { status: 'not_sent', at: null, error: null },
  ...over,
});

describe('the import list’s wording', () => {
  it('says each welcome email state, with the reason of a failure on hover', () => {
    expect(welcomeText(customer().welcome)).toMatchObject({ label: 'not sent', intent: 'none' });
    expect(welcomeText({ status: 'queued', at: null, error: null })).toMatchObject({ label: 'queued', intent: 'primary' });
    const at = new Date(2026, 0, 2, 3, 4, 5).getTime();
    expect(welcomeText({ status: 'sent', at, error: null }, new Date(2026, 0, 2, 9).getTime()).label).toBe('sent 03:04');
    expect(welcomeText({ status: 'sent', at, error: null }, new Date(2026, 0, 5).getTime())).toMatchObject({ label: 'sent 2026-01-02', title: expect.stringContaining(new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' }).format(at)) });
    const failed = welcomeText({ status: 'failed', at: null, error: '550 mailbox unavailable' });
    expect(failed).toMatchObject({ label: 'failed', intent: 'danger' });
    expect(failed.title).toContain('550 mailbox unavailable');
    expect(welcomeText({ status: 'failed', at: null, error: null }).title).toContain('no reason given');
  });

  it('names the accounting states and shortens a UUID', () => {
    expect(STATE_TEXT.unflagged.label).toBe('no longer flagged');
    expect(STATE_TEXT.deleted).toMatchObject({ label: 'deleted', title: expect.stringMatching(/^Deleted in the accounting system/) });
    expect(shortUuid(customer().accountingUuid)).toBe('5f1c2a9e…1b37');
    expect(shortUuid('abc')).toBe('abc');
  });

  it('says what a resend replaces, by welcome mode', () => {
    expect(resendConsequence('password')).toMatch(/new password .* replaces the old one/);
    expect(resendConsequence('link')).toMatch(/set-password link/);
    expect(resendConsequence(null)).toMatch(/replaces the old one/);
  });
});

describe('the welcome email editor', () => {
  const template = { key: 'CUSTOMER_SYNC', subject: 'Your account has been created', text: 'Hi {{ email_address }}', html: null, mode: 'password' as const, tokens: [], updatedAt: null };

  it('puts a refused save’s issues beside the part they are about', () => {
    const byPart = issuesByPart([
      { path: 'text', message: 'the text: the {{ password }} token is missing.' },
      { path: 'html', message: 'the HTML: {{ pasword }} is not an available token' },
      { path: 'subject', message: 'too long' },
      { path: '', message: 'the template cannot be saved' },
    ]);
    expect(byPart.text).toEqual(['the text: the {{ password }} token is missing.']);
    expect(byPart.html).toHaveLength(1);
    expect(byPart.subject).toEqual(['too long']);
    expect(byPart.other).toEqual(['the template cannot be saved']);
    expect(countProblems(byPart)).toBe(4);
    expect(countProblems(issuesByPart(undefined))).toBe(0);
    expect(problemsByPart([{ part: 'text', message: 'm' }]).text).toEqual(['m']);
  });

  it('inserts a token at the caret, replacing a selection', () => {
    expect(insertToken('Hello , bye', 6, 6, 'password')).toEqual({ value: 'Hello {{ password }}, bye', caret: 20 });
    expect(insertToken('Hello XX', 6, 8, 'url')).toEqual({ value: 'Hello {{ url }}', caret: 15 });
    expect(insertToken('ab', 10, 10, 'url').value).toBe('ab{{ url }}');
  });

  it('knows a changed draft and sends null for no HTML body', () => {
    expect(isTemplateDirty(template, { subject: template.subject, text: template.text, html: null })).toBe(false);
    expect(isTemplateDirty(template, { subject: template.subject, text: template.text, html: '' })).toBe(true);
    expect(templateInput({ subject: 's', text: 't', html: null })).toEqual({ subject: 's', text: 't', html: null });
  });
});
