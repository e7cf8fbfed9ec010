import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, ERROR_CODES, type ChannelName } from '../../src-preload/contract';
import { startTestCore } from '../support/harness';

type Harness = Awaited<ReturnType<typeof startTestCore>>;
let h: Harness;
beforeAll(async () => {
  h = await startTestCore();
});
afterAll(async () => {
  await h.close();
});

const GENERIC_BAD: unknown[] = [null, 'text', 42, true, [], [{}], { unexpected: 1 }];

// Inputs of the right overall shape but wrong in one place, per channel.
const SPECIFIC_BAD: Record<ChannelName, unknown[]> = {
  'settings:get': [{ x: 1 }],
  'settings:save': [{}, { sandboxMode: 'yes' }, { sandboxMode: true, extra: 1 }],
  'connections:list': [{ all: true }],
  'connections:save': [
    {},
    { connectorId: 'Bad Id', values: {} },
    { connectorId: 'testkit', values: { endpoint: { nested: true } } },
    { connectorId: 'testkit', values: {}, secrets: { password: '' } },
    { connectorId: 'testkit', values: {}, secrets: { password: 'x'.repeat(5000) } },
    { connectorId: 'testkit', values: {}, sandboxTarget: 'elsewhere' },
  ],
  'connections:test': [{}, { connectorId: 7 }],
  'sync:tasks': [{ page: 1 }],
  'sync:run': [{}, { connectorId: 'testkit' }, { connectorId: 'testkit', taskId: '../../etc' }],
  'sync:reset-cursor': [{}, { connectorId: 'testkit' }, { connectorId: 'testkit', taskId: '../../etc' }, { connectorId: 'testkit', taskId: 'pull', x: 1 }],
  'sync:preview': [{}, { connectorId: 'testkit' }, { connectorId: 'Testkit', taskId: 'pull' }, { connectorId: 'testkit', taskId: 'pull', write: true }],
  'sync:compare-preview': [{}, { previewId: 0, runId: 1 }, { previewId: 1, runId: -2 }, { previewId: 1, runId: 1, force: true }],
  'changes:of-run': [{}, { runId: 0 }, { runId: 1, limit: 501 }, { runId: 1, extra: 1 }],
  'changes:of-records': [{}, { records: [] }, { records: [{ entityType: '', entityId: '1' }] }, { records: [{ entityType: 'case', entityId: '1', x: 1 }] }],
  'sync:schedule': [
    { connectorId: 'testkit', taskId: 'pull-widgets' },
    { connectorId: 'testkit', taskId: 'pull-widgets', intervalMinutes: 0 },
    { connectorId: 'testkit', taskId: 'pull-widgets', intervalMinutes: 1.5 },
    { connectorId: 'testkit', taskId: 'pull-widgets', intervalMinutes: 99_999 },
  ],
  'sync:run-detail': [{}, { runId: -1 }, { runId: 1, limit: 5000 }, { runId: '1' }],
  'sync:runs': [{}, { connectorId: 'testkit', taskId: 'pull-widgets', limit: 0 }],
  'jobs:counts': [{ status: 'dead' }],
  'jobs:in-doubt': [{ status: 'x' }],
  'jobs:resolve-in-doubt': [
    {},
    { jobId: 1 },
    { jobId: 1, action: 'delete' },
    { jobId: 0, action: 'raise-again' },
    { jobId: 1, action: 'use-existing' },
    { jobId: 1, action: 'use-existing', remoteId: '' },
    { jobId: 1, action: 'raise-again', remoteId: '1' },
  ],
  'log:page': [{ limit: 0 }, { limit: 'all' }, { outcomes: ['exploded'] }, { q: 'x'.repeat(201) }, { cursor: { ts: 'now', id: 1 } }, { from: -5 }],
  'log:entry': [{}, { id: 0 }, { id: 'DROP TABLE' }],
  'log:retry': [{}, { id: 1.5 }],
  'log:dismiss': [{}, { id: null }],
  'ui:preferences': [{ x: 1 }],
  'ui:save-preferences': [{ theme: 'blue' }, { firstRunDismissed: 'yes' }, { other: 1 }],
  'export:show-in-folder': [{}, { path: '' }, { path: 5 }],
  'log:export': [{ outcomes: 'failure' }, { connectorId: 'NOT VALID' }, { sql: 'x' }],
  'sandbox:list': [{ x: 1 }],
  'ops:retention': [{ x: 1 }],
  'ops:save-retention': [{ logDays: 0 }, { runDays: 1.5 }, { downloadsPerKind: 'all' }, { downloadsMaxMegabytes: -1 }, { logDays: 90, forever: true }],
  'ops:cleanup': [{ now: true }],
  'ops:backups': [{ all: 1 }],
  'ops:save-backup-settings': [{ keep: 0 }, { intervalHours: 0 }, { enabled: 'yes' }, { folder: '' }, { folder: 'a\u0000b' }, { folder: 'relative/backups' }],
  'ops:backup-now': [{ path: '/tmp/x' }],
  'ops:restore': [{}, { path: '' }, { path: 7 }, { path: 'backups/x.db' }, { path: '/tmp/x', force: true }],
  'ops:cancel-restore': [{ path: '/tmp/x' }],
  'ops:export-config': [{ path: '/tmp/x' }],
  'ops:preview-config': [{}, { path: '' }, { text: '' }, { path: '/tmp/x', text: '{}' }],
  'ops:import-config': [{}, { path: '' }, { text: '{}', secrets: { erp: { password: '' } } }, JSON.parse('{"text":"{}","secrets":{"__proto__":{"a":"b"}}}'), { text: '{}', secrets: 'all' }],
  'customers:search': [{ limit: 0 }, { cursor: -1 }, { q: 'x'.repeat(101) }, { departmentId: 'sales' }],
  'customers:get': [{}, { id: 0 }],
  'customers:delete': [{}, { id: -3 }, { id: '7' }],
  'mail:settings': [{ all: true }],
  'mail:save-settings': [
    {},
    { host: 'smtp.example.com', port: 0, security: 'starttls', fromAddress: 'a@b.c', rateLimitPerSecond: 5 },
    { host: 'smtp.example.com', port: 587, security: 'ssl', fromAddress: 'a@b.c', rateLimitPerSecond: 5 },
    { host: 'smtp.example.com', port: 587, security: 'tls', fromAddress: 'a@b.c', rateLimitPerSecond: 0 },
    { host: 'smtp.example.com', port: 587, security: 'tls', fromAddress: 'a@b.c', rateLimitPerSecond: 5, password: '' },
  ],
  'mail:send-test': [{}, { to: 'not an email' }],
  'mail:sent': [{ cursor: 0 }, { limit: 10_000 }],
  'mail:caught': [{ all: 1 }],
  'mail:caught-message': [{}, { id: 0 }],
  'accounting:fields': [{ reload: true }],
  'accounting:customers': [{ limit: 0 }, { cursor: -1 }, { q: 'a\u0000b' }],
  'accounting:resend-welcome': [{}, { customerId: 0 }],
  'accounting:cursor': [{ x: 1 }],
  'accounting:reset-cursor': [{ confirm: 'yes' }],
  'accounting:downloads': [{ limit: 5 }],
  'accounting:export': [{}, { format: 'pdf' }, { format: 'csv', downloadId: 0 }],
  'accounting:email-template': [{ key: 'X' }],
  'accounting:save-email-template': [{}, { subject: 'x'.repeat(400), text: '' }, { subject: 'Hi', text: 5 }],
  'accounting:preview-email-template': [{}, { subject: 'Hi' }],
  'erp:sandbox-change-accounts': [{ count: 0 }, { count: 5_000 }, { accountNumbers: ['x'.repeat(31)] }, { count: 1, extra: true }],
  'erp:accounts-cursor': [{ x: 1 }],
  'erp:reset-accounts-cursor': [{ confirm: 'yes' }],
  'customers:register': [
    {},
    { email: 'not-an-email', firstName: 'A', lastName: 'B' },
    { email: 'a@b.co', firstName: '', lastName: 'B' },
    { email: 'a@b.co', firstName: 'A', lastName: 'B', costCode: 'x'.repeat(61) },
    { email: 'a@b.co', firstName: 'A', lastName: 'B', admin: true },
  ],
  'customers:registration-form': [{ x: 1 }],
  'departments:list': [{ x: 1 }],
  'departments:save': [{}, { name: '' }, { id: -2, name: 'A' }, { name: 'x'.repeat(121) }],
  'departments:link-cerm': [{}, { departmentId: 1 }, { departmentId: 1, cermCustomerId: '' }],
  'cerm:customers': [{ limit: 501 }, { cursor: { name: 1 } }],
  'cerm:search-live': [{}, { q: '' }],
  'cerm:downloads': [{ x: 1 }],
  'cerm:export': [{}, { format: 'pdf' }, { format: 'csv', downloadId: 0 }],
  'sandbox:storefront-burst': [{}, { count: 0 }, { count: 501 }],
  'platform:api': [{ x: 1 }],
  'platform:rotate-key': [{ key: 'mine' }],
  'cases:list': [{ limit: 0 }, { cursor: 0 }, { q: 'x'.repeat(101) }],
  'cases:get': [{}, { id: 0 }, { id: '1' }],
  'cases:save': [{}, { title: '' }, { title: 'A', status: 'exploded' }, { title: 'A', values: { k: { nested: 1 } } }, { title: 'A', personId: -1 }, { title: 'A', admin: true }],
  'cases:add-attachment': [
    {},
    { caseId: 1, fileName: '../etc/passwd', contentBase64: '' },
    { caseId: 1, fileName: 'a.txt', contentBase64: 'x'.repeat(14_000_000) },
    { caseId: 0, fileName: 'a.txt', contentBase64: '' },
    { caseId: 1, fileName: 'a.txt', contentType: 'text/plain\r\nX-Injected: 1', contentBase64: '' },
    { caseId: 1, fileName: 'a.txt', contentType: 'not a type', contentBase64: '' },
    { caseId: 1, fileName: 'a\r\nb.txt', contentBase64: '' },
    { caseId: 1, fileName: 'a.txt', contentBase64: '', linkExpiresAt: 'tomorrow' },
    { caseId: 1, fileName: 'a.txt', contentBase64: '', linkExpiresAt: 1.5 },
  ],
  'cases:revoke-attachment-link': [{}, { attachmentId: 0 }, { attachmentId: '1' }, { attachmentId: 1, token: 'x' }],
  'case-fields:list': [{ x: 1 }],
  'case-fields:save': [{}, { key: 'Bad Key', label: 'A', kind: 'text' }, { key: 'ok', label: '', kind: 'text' }, { key: 'ok', label: 'A', kind: 'blob' }],
  'references:list': [{ x: 1 }],
  'references:save': [{}, { name: '' }, { name: 'x'.repeat(101) }, { id: 0, name: 'A' }],
  'templates:list': [{ x: 1 }],
  'templates:get': [{}, { id: -1 }],
  'templates:save': [
    {},
    { name: 'T', type: 'delete_enquiry', referenceId: 1, rows: [] },
    { name: 'T', type: 'create_enquiry', referenceId: 1, rows: [{ direction: 'out', target: { kind: 'field', name: 'ServiceCode' }, source: { kind: 'sql', value: 'x' } }] },
    { name: '', type: 'create_enquiry', referenceId: 1, rows: [] },
  ],
  'templates:delete': [{}, { id: 'all' }],
  'templates:preview': [{}, { caseId: 1 }, { caseId: 1, template: { type: 'create_enquiry', referenceId: 1, rows: 'x' } }],
  'templates:fields': [{ x: 1 }],
  'confirm:lookups': [{ fresh: 'yes' }],
  'rules:list': [{ x: 1 }],
  'rules:save': [{}, { name: 'R', trigger: 'case_deleted', templateId: 1 }, { name: 'R', trigger: 'case_created', templateId: 1, conditions: [{ field: 'status', op: 'like' }] }],
  'rules:delete': [{}, { id: 0 }],
  'confirm:crm-agent': [{ x: 1 }],
  'confirm:rotate-crm-agent-key': [{ key: 'mine' }],
  'sandbox:confirm-status': [{}, { caseId: 1 }, { caseId: 1, statusCode: '' }, { caseId: 1, statusCode: 'x'.repeat(21) }],
  'accounts:search': [{ limit: 0 }, { limit: 501 }, { status: 'gone' }, { q: 'x'.repeat(101) }, { cursor: { name: 'a' } }],
  'accounts:get': [{}, { id: 0 }, { id: '1' }],
  'accounts:create': [
    {},
    { name: 'A', email: 'a@b.co', addressLine1: '1 Main', city: 'X', postalCode: '1' },
    { name: 'A', email: 'not an email', addressLine1: '1 Main', city: 'X', postalCode: '1', country: 'US' },
    { name: 'A', email: 'a@b.co', addressLine1: '1 Main', city: 'X', postalCode: '1', country: 'USA' },
    { name: 'A', email: 'a@b.co', addressLine1: '1 Main', city: 'X', postalCode: '1', country: 'US', accountNumber: 'C1' },
  ],
  'accounts:update': [{}, { id: 1 }, { id: 1, patch: { name: '' } }, { id: 1, patch: { status: 'disabled' } }, { id: 1, patch: { minOrderCents: -1 } }],
  'accounts:set-status': [{}, { id: 1 }, { id: 1, status: 'deleted' }],
  'accounts:history': [{}, { id: 0 }],
  'accounts:reapply': [{}, { changeId: -1 }],
  'accounts:add-contact': [{}, { accountId: 1, name: 'A' }, { accountId: 1, name: 'A', email: 'nope' }, { accountId: 1, name: '', email: 'a@b.co' }],
  'accounts:set-contact-login': [{}, { contactId: 1 }, { contactId: 1, enabled: 'yes' }],
  'accounts:send-password-email': [{}, { contactId: 0 }],
  'accounts:prices': [{}, { accountId: 1, limit: 0 }, { accountId: 1, cursor: 5 }],
  'accounts:add-override': [
    {},
    { scope: { accountId: 1 }, item: 'A', kind: 'price', value: 1.5 },
    { scope: { accountId: 1 }, item: 'A', kind: 'discount', value: 101 },
    { scope: { accountId: 1 }, item: '', kind: 'price', value: 100 },
    { scope: {}, item: 'A', kind: 'price', value: 100 },
    { scope: { accountId: 1 }, item: 'A', kind: 'markup', value: 5 },
  ],
  'accounts:delete-override': [{}, { id: 0 }],
  'accounts:orders': [{}, { accountId: 1, cursor: 0 }],
  'accounts:editing': [{ x: 1 }],
  'sandbox:storefront-orders': [{}, { count: 0 }, { count: 501 }, { count: 5, kind: 'b2x' }],
  'errors:counts': [{ all: 1 }],
  'errors:facets': [{ x: 1 }],
  'errors:page': [{ status: 'gone' }, { limit: 0 }, { limit: 501 }, { connectorId: 'Bad Id' }, { source: '../x' }, { reasonKind: 'boom' }, { from: -1 }, { cursor: { ts: 'now', id: 1 } }],
  'errors:group': [{}, { id: 0 }, { id: '1' }],
  'errors:retry': [{}, { ids: [] }, { ids: [0] }, { ids: Array.from({ length: 5001 }, (_, i) => i + 1) }, { ids: [1], all: true }],
  'errors:resolve': [{}, { ids: [] }, { ids: [1], note: 'x'.repeat(501) }, { ids: [1], note: 5 }],
  'errors:retry-all': [{}, { filter: { status: 'everything' } }, { filter: { connectorId: 7 } }, { filter: {}, ids: [1] }],
  'errors:resolve-all': [{}, { filter: { reasonKind: 'x' } }, { filter: {}, note: 'x'.repeat(501) }],
  'errors:job-payload': [{}, { groupId: 0 }, { groupId: 1, jobId: 1 }],
  'errors:edit-retry': [{}, { groupId: 1, jobId: 1 }, { groupId: 0, jobId: 1, payload: {} }, { groupId: 1, payload: {} }, { groupId: 1, jobId: 1, payload: {}, force: true }],
  'alerts:list': [{ all: 1 }],
  'alerts:acknowledge': [{}, { id: 0 }, { id: 'all' }],
  'alerts:resume-task': [{}, { connectorId: 'testkit' }, { connectorId: 'testkit', taskId: '../x' }],
  'alerts:settings': [{ x: 1 }],
  'alerts:save-settings': [{ failingRuns: 0 }, { pauseAfter: 1.5 }, { adminEmail: 'not an email' }, { digestMinutes: 0 }, { extra: true }],
  'staff:list': [{ all: true }],
  'staff:add': [{}, { email: 'not an email', name: 'A', role: 'admin', password: 'long enough password' }, { email: 'a@b.co', name: 'A', role: 'owner', password: 'long enough password' }, { email: 'a@b.co', name: 'A', role: 'viewer', password: 'short' }],
  'staff:set-role': [{}, { id: 1, role: 'root' }, { id: 0, role: 'viewer' }],
  'staff:set-disabled': [{}, { id: 1, disabled: 'yes' }],
  'audit:page': [{ cursor: 0 }, { limit: 0 }, { limit: 501 }, { actorId: -1 }, { extra: 1 }, { from: -1 }, { to: 1.5 }],
  'desktop:team-server': [{ x: 1 }],
  'desktop:set-team-server': [{}, { url: 7 }, { url: 'x'.repeat(2049) }, { url: null, open: true }],
  'sandbox:set-faults': [
    { connectorId: 'testkit' },
    { connectorId: 'testkit', faults: { errorRate: 2 } },
    { connectorId: 'testkit', faults: { latencyMs: -1 } },
    { connectorId: 'testkit', faults: { explode: true } },
  ],
};

describe('the contract', () => {
  it('has a list of malformed inputs for every channel', () => {
    expect(Object.keys(SPECIFIC_BAD).sort()).toEqual([...CHANNEL_NAMES].sort());
  });

  for (const channel of CHANNEL_NAMES) {
    it(`rejects malformed input on ${channel} with a typed error`, async () => {
      for (const input of [...GENERIC_BAD, ...SPECIFIC_BAD[channel]]) {
        const r = await h.core.dispatch(channel, input);
        expect(r.ok, `${channel} accepted ${JSON.stringify(input)}`).toBe(false);
        if (!r.ok) {
          expect(r.error.code).toBe('invalid_input');
          expect(ERROR_CODES).toContain(r.error.code);
          expect(r.error.message).not.toContain(channel);
          expect(r.error.detail).toContain(channel);
          expect(Array.isArray(r.error.issues)).toBe(true);
        }
      }
    });
  }

  it('names an unknown channel', async () => {
    const r = await h.core.dispatch('fs:read', { path: '/etc/passwd' });
    expect(r).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    const proto = await h.core.dispatch('__proto__', {});
    expect(proto).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
  });

  it('answers well-formed input for an unknown thing with not_found, not a crash', async () => {
    expect(await h.core.dispatch('sync:run', { connectorId: 'nothing', taskId: 'none' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await h.core.dispatch('log:entry', { id: 999_999 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await h.core.dispatch('sync:run-detail', { runId: 999_999 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('refuses settings a connector does not know and secrets sent as plain values', async () => {
    const unknown = await h.core.dispatch('connections:save', { connectorId: 'testkit', values: { color: 'red' } });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'color' }] } });
    const plain = await h.core.dispatch('connections:save', { connectorId: 'testkit', values: { password: 'oops' } });
    expect(plain).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'password' }] } });
    const wrongType = await h.core.dispatch('connections:save', { connectorId: 'testkit', values: { pageSize: 'many' } });
    expect(wrongType).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('saves nothing when the connection test fails', async () => {
    await h.sandbox.setFaults({ down: true });
    try {
      const r = await h.core.dispatch('connections:save', { connectorId: 'testkit', values: { pageSize: 9 } });
      expect(r).toMatchObject({ ok: false, error: { code: 'connection_failed' } });
      expect((r as { error: { message: string } }).error.message).toMatch(/nothing was saved\. Connection refused\. Check the address/);
      expect((r as { error: { detail?: string } }).error.detail).toMatch(/ECONNREFUSED/);
      expect((await h.services.repos.connections.get('testkit'))?.values.pageSize).not.toBe(9);
    } finally {
      await h.sandbox.setFaults({ down: false });
    }
  });
});
