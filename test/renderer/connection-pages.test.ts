// A connection's page: fields on the tabs their connector gives them, sandbox mode's simulator-or-typed choice in the
// draft, searchable long selects, and the CRM Agent URL as staff paste it (one key, a warning for loopback).
import { describe, expect, it } from 'vitest';
import type { ConnectionView, FieldSpec } from '../../src-preload/contract';
import { CERM_FIELDS } from '../../src-main/connectors/cerm/settings';
import { CONFIRM_FIELDS, utcOffset } from '../../src-main/connectors/confirm/settings';
import { fieldsOfTab, setBySimulator, storedSecret, tabOfIssue, tabsOf } from '../../src-renderer/src/features/connections/connection-tabs';
import { draftFromView, isDirty, savePayload } from '../../src-renderer/src/features/connections/connection-draft';
import { matchChoices } from '../../src-renderer/src/features/connections/field-input';
import { crmAgentUrl, listenerReach } from '../../src-renderer/src/connectors/confirm/crm-agent/crm-agent';

const FIELDS: FieldSpec[] = [
  { key: 'url', group: 'connection', label: 'URL', help: '', kind: 'url', required: true },
  { key: 'password', group: 'connection', label: 'Password', help: '', kind: 'secret', required: true },
  { key: 'autoLink', group: 'behaviour', label: 'Link', help: '', kind: 'boolean', required: false },
  { key: 'pageSize', group: 'advanced', label: 'Page size', help: '', kind: 'number', required: false },
];

const view = (over: Partial<ConnectionView> = {}): ConnectionView => ({
  connectorId: 'demo',
  displayName: 'Demo',
  description: '',
  state: 'ready',
  stateMessage: null,
  fields: FIELDS,
  values: { url: 'http://127.0.0.1:5000/', autoLink: true, pageSize: 50 },
  secrets: { password: 'set' },
  keychainReachable: true,
  sandboxUrl: 'http://127.0.0.1:5000',
  sandbox: { simulatorUrl: 'http://127.0.0.1:5000', target: 'simulator', overridden: ['url', 'password'], ownValues: { url: 'https://mine.example.com/' }, ownSecrets: [] },
  updatedAt: null,
  ...over,
});

describe('connection page tabs', () => {
  it('puts each field on its connector-given tab, in order, and shows only tabs with something on them', () => {
    expect(fieldsOfTab(FIELDS, 'connection').map((f) => f.key)).toEqual(['url', 'password']);
    expect(fieldsOfTab(FIELDS, 'behaviour').map((f) => f.key)).toEqual(['autoLink']);
    expect(fieldsOfTab(FIELDS, 'advanced').map((f) => f.key)).toEqual(['pageSize']);
    expect(tabsOf(view(), true)).toEqual(['connection', 'behaviour', 'advanced', 'data']);
    expect(tabsOf(view({ fields: FIELDS.slice(0, 2) }), false)).toEqual(['connection']);
  });

  it('opens the tab of the first field a refused save names', () => {
    expect(tabOfIssue(FIELDS, 'pageSize')).toBe('advanced');
    expect(tabOfIssue(FIELDS, 'settings.autoLink')).toBe('behaviour');
    expect(tabOfIssue(FIELDS, '')).toBeNull();
  });

  it('places the shipped connectors\' business settings on Behaviour and wire details on Advanced', () => {
    const cermBehaviour = fieldsOfTab(CERM_FIELDS, 'behaviour').map((f) => f.label);
    expect(cermBehaviour).toContain('Cost code required at registration');
    expect(fieldsOfTab(CERM_FIELDS, 'advanced').map((f) => f.key)).toEqual(expect.arrayContaining(['pagingScheme', 'pageParam', 'feedOverlapSeconds', 'timeoutMs']));
    expect(fieldsOfTab(CONFIRM_FIELDS, 'connection').map((f) => f.key)).toEqual(['enabled', 'endpoint', 'username', 'password', 'tenantId']);
  });
});

describe('sandbox mode in the form', () => {
  it('shows what the simulator sets as such, and keeps the typed values for "use this address"', () => {
    const v = view();
    const draft = draftFromView(v);
    expect(draft.sandboxTarget).toBe('simulator');
    expect(draft.values.url).toBe('https://mine.example.com/');
    expect(setBySimulator(v, 'url', draft.sandboxTarget ?? null)).toBe(true);
    expect(setBySimulator(v, 'autoLink', draft.sandboxTarget ?? null)).toBe(false);
    expect(savePayload(v, draft)).not.toHaveProperty('sandboxTarget');

    const typed = { ...draft, sandboxTarget: 'typed' as const };
    expect(isDirty(v, typed)).toBe(true);
    expect(setBySimulator(v, 'url', 'typed')).toBe(false);
    expect(savePayload(v, typed)).toMatchObject({ sandboxTarget: 'typed', values: { url: 'https://mine.example.com/' } });
  });

  it('counts only a secret of the connection\'s own once it is pointed at a typed address', () => {
    const v = view();
    expect(storedSecret(v, 'password', 'simulator')).toBe('set');
    // The simulator's demo password is not the typed address's: nothing is stored for it yet.
    expect(storedSecret(v, 'password', 'typed')).toBe('not set');
    const own = view({ sandbox: { ...v.sandbox!, ownSecrets: ['password'] } });
    expect(storedSecret(own, 'password', 'typed')).toBe('set');
    // Already pointed at a typed address, the view's own answer stands.
    expect(storedSecret(view({ secrets: { password: 'set' }, sandbox: { ...v.sandbox!, target: 'typed', overridden: [] } }), 'password', 'typed')).toBe('set');
  });

  it('offers no choice outside sandbox mode', () => {
    const v = view({ sandbox: null, sandboxUrl: null });
    expect(draftFromView(v).sandboxTarget).toBeNull();
    expect(savePayload(v, draftFromView(v))).not.toHaveProperty('sandboxTarget');
  });
});

describe('long selects', () => {
  const zones = CONFIRM_FIELDS.find((f) => f.key === 'timezone')!.options!;
  it('find time zones by words in any order and show the current offset', () => {
    expect(zones.length).toBeGreaterThan(300);
    expect(matchChoices(zones, 'london eur').map((o) => o.value)).toEqual(['Europe/London']);
    expect(matchChoices(zones, 'new york').map((o) => o.value)).toContain('America/New_York');
    expect(matchChoices(zones, '').length).toBe(zones.length);
    expect(zones.find((o) => o.value === 'Asia/Tokyo')?.label).toBe('Asia/Tokyo (UTC+09:00 now)');
    expect(utcOffset('UTC', new Date(0))).toBe('UTC+00:00 now');
  });
});

describe('CRM Agent URL', () => {
  const base = 'http://127.0.0.1:4100/integration/confirm/crm-agent';
  it('carries exactly one key, or one readable placeholder', () => {
    expect(crmAgentUrl(`${base}?key=<key>`, null)).toBe(`${base}?key=<key>`);
    expect(crmAgentUrl(`${base}?key=%3Ckey%3E`, 'ab12')).toBe(`${base}?key=ab12`);
    expect(crmAgentUrl(base, null)).toBe(`${base}?key=<key>`);
  });
  it('knows a loopback listener from one other machines can reach', () => {
    expect(listenerReach(base)).toBe('loopback');
    expect(listenerReach('http://localhost:4100/x')).toBe('loopback');
    expect(listenerReach('http://[::1]:4100/x')).toBe('loopback');
    expect(listenerReach('http://0.0.0.0:4100/x')).toBe('all-interfaces');
    expect(listenerReach('https://syncdesk.example.com/x')).toBe('network');
  });
});
