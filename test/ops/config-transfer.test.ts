import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChannelName, ChannelOutput, ConfigFile, ConfigPreview, ExportResult, MappingRow } from '../../src-preload/contract';
import { createConfirmConnector } from '../../src-main/connectors/confirm';
import { forgetConfirmTokens } from '../../src-main/connectors/confirm/client';
import { createAccountingConnector } from '../../src-main/connectors/accounting';
import { startTestCore, tempDir } from '../support/harness';
import { createTestkitConnector } from '../support/testkit-connector';

type Harness = Awaited<ReturnType<typeof startTestCore>>;
const open: Harness[] = [];
afterEach(async () => {
  for (const h of open.splice(0)) await h.close();
});

async function start() {
  forgetConfirmTokens();
  const h = await startTestCore({ core: { connectors: [createTestkitConnector(), createConfirmConnector(), createAccountingConnector({ customers: 20 })] } });
  open.push(h);
  async function call<C extends ChannelName>(channel: C, input: unknown = {}): Promise<ChannelOutput<C>> {
    const r = await h.core.dispatch(channel, input);
    if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
    return r.data as ChannelOutput<C>;
  }
  return { ...h, call };
}
type Core = Awaited<ReturnType<typeof start>>;

/** Everything the configuration covers, as the channels show it, without ids and times (they differ by folder). */
async function configSeen(h: Core) {
  const connections = (await h.call('connections:list')).filter((c) => c.connectorId === 'testkit');
  return {
    references: (await h.call('references:list')).map(({ id: _id, ...r }) => r),
    caseFields: (await h.call('case-fields:list')).map(({ id: _id, ...f }) => f),
    templates: (await h.call('templates:list')).map(({ id: _id, referenceId: _r, updatedAt: _u, ...t }) => t),
    rules: (await h.call('rules:list')).map(({ id: _id, templateId: _t, ...r }) => r),
    email: (({ updatedAt: _u, ...t }) => t)(await h.call('accounting:email-template')),
    schedules: (await h.call('sync:tasks')).map((t) => ({ task: `${t.connectorId}/${t.taskId}`, interval: t.intervalMinutes })),
    // In sandbox mode the screen shows each core's own simulator address in place of the stored endpoint.
    connection: connections.map((c) => ({ values: { ...c.values, endpoint: undefined }, secrets: c.secrets })),
    stored: (await h.services.repos.connections.get('testkit'))?.values,
  };
}

async function setUp(h: Core): Promise<void> {
  await h.call('case-fields:save', { key: 'depth', label: 'Depth (mm)', kind: 'number', position: 1 });
  await h.call('case-fields:save', { key: 'road', label: 'Road type', kind: 'choice', options: ['A road', 'B road'], required: true, position: 2 });
  const ref = await h.call('references:save', { name: 'Enquiry Number' });
  await h.call('references:save', { name: 'Job Number', showOnCase: false });
  const out = (name: string, source: object): MappingRow => ({ direction: 'out', target: { kind: 'field', name }, source }) as MappingRow;
  const create = await h.call('templates:save', {
    name: 'Raise pothole',
    type: 'create_enquiry',
    referenceId: ref.id,
    rows: [out('ServiceCode', { kind: 'static', value: 'HW' }), out('SubjectCode', { kind: 'static', value: 'PH' }), { direction: 'out', target: { kind: 'attribute', typeCode: 'DEPT' }, source: { kind: 'case_field', key: 'depth' } }],
  });
  await h.call('templates:save', {
    name: 'Pothole updated',
    type: 'enquiry_updated',
    referenceId: ref.id,
    rows: [{ direction: 'in', source: { kind: 'field', name: 'EnquiryStatusCode' }, target: { kind: 'case_status', map: { '0100': 'open', '0900': 'resolved' } } }],
  });
  await h.call('rules:save', { name: 'Raise on A roads', trigger: 'case_created', templateId: create.id, conditions: [{ field: 'road', op: 'equals', value: 'A road' }], position: 3 });
  const email = await h.call('accounting:email-template');
  await h.call('accounting:save-email-template', { subject: 'Welcome aboard, from the office', text: email.text, html: email.html });
  await h.call('sync:schedule', { connectorId: 'testkit', taskId: 'pull-widgets', intervalMinutes: 15 });
  await h.call('connections:save', { connectorId: 'testkit', values: { username: 'office', pageSize: 77 }, secrets: { password: 'only-in-the-first-keychain' } });
}

const changeOf = (p: ConfigPreview, kind: string, key: string) => p.changes.find((c) => c.kind === kind && c.key === key);

describe('configuration promotion', () => {
  it('exports one versioned file that a fresh data folder imports into the same configuration, asking for the missing secrets', async () => {
    const a = await start();
    await setUp(a);
    const exported = (await a.call('ops:export-config')) as ExportResult;
    expect(exported.path).toMatch(/configuration-.*\.json$/);
    const text = readFileSync(exported.path!, 'utf8');
    expect(text).not.toContain('only-in-the-first-keychain');
    const file = JSON.parse(text) as ConfigFile;
    expect(file).toMatchObject({ format: 'syncdesk-configuration', version: 1 });
    expect(file.connections.find((c) => c.connectorId === 'testkit')).toMatchObject({ values: { username: 'office', pageSize: 77 }, secretFields: ['password'] });

    const b = await start();
    const preview = await b.call('ops:preview-config', { path: exported.path });
    for (const [kind, key] of [['reference', 'Enquiry Number'], ['reference', 'Job Number'], ['case_field', 'depth'], ['case_field', 'road'], ['template', 'Raise pothole'], ['template', 'Pothole updated'], ['rule', 'Raise on A roads'], ['connection', 'testkit']] as const)
      expect(changeOf(preview, kind, key), `${kind} ${key}`).toMatchObject({ change: 'added' });
    expect(preview.changes.filter((c) => c.kind === 'email_template').map((c) => c.change)).toEqual(['added']);
    expect(changeOf(preview, 'schedule', 'testkit/pull-widgets')).toMatchObject({ change: 'changed', detail: 'intervalMinutes' });
    expect(preview.missingSecrets).toContainEqual({ connectorId: 'testkit', connectorName: 'Widget store (test)', fields: ['password'] });
    // A preview changes nothing.
    expect(await b.call('templates:list')).toEqual([]);

    const imported = await b.call('ops:import-config', { text, secrets: { testkit: { password: 'typed-in-on-the-new-machine' } } });
    expect(imported.applied).toBeGreaterThanOrEqual(9);
    expect(imported.missingSecrets.find((m) => m.connectorId === 'testkit')).toBeUndefined();
    expect(await configSeen(b)).toEqual(await configSeen(a));

    const again = await b.call('ops:preview-config', { text });
    expect(again.changes.filter((c) => c.change !== 'unchanged' && c.change !== 'not_applied')).toEqual([]);
  });

  it('lists what a file would add and change, field by field, and leaves the rest unchanged', async () => {
    const a = await start();
    await setUp(a);
    const file = JSON.parse(readFileSync((await a.call('ops:export-config')).path!, 'utf8')) as ConfigFile;
    file.caseFields.find((f) => f.key === 'road')!.label = 'Road class';
    file.templates.find((t) => t.name === 'Raise pothole')!.rows.push({ direction: 'out', target: { kind: 'field', name: 'EnquiryDescription' }, source: { kind: 'static', value: 'Pothole' } });
    file.references.push({ name: 'Works Order', showOnCase: true });
    file.rules.push({ name: 'Orphan', trigger: 'case_updated', conditions: [], template: 'No such template', enabled: true, position: 0 });
    file.schedules.push({ connectorId: 'nothere', taskId: 'pull', intervalMinutes: 5 });

    const p = await a.call('ops:preview-config', { text: JSON.stringify(file) });
    expect(changeOf(p, 'case_field', 'road')).toEqual({ kind: 'case_field', key: 'road', change: 'changed', detail: 'label' });
    expect(changeOf(p, 'template', 'Raise pothole')).toMatchObject({ change: 'changed', detail: 'rows' });
    expect(changeOf(p, 'template', 'Pothole updated')).toMatchObject({ change: 'unchanged' });
    expect(changeOf(p, 'reference', 'Works Order')).toMatchObject({ change: 'added' });
    expect(changeOf(p, 'reference', 'Enquiry Number')).toMatchObject({ change: 'unchanged' });
    expect(changeOf(p, 'rule', 'Orphan')).toMatchObject({ change: 'not_applied', detail: expect.stringContaining('No such template') });
    expect(changeOf(p, 'schedule', 'nothere/pull')).toMatchObject({ change: 'not_applied', detail: expect.stringContaining('no connector "nothere"') });
    expect(changeOf(p, 'connection', 'testkit')).toMatchObject({ change: 'unchanged' });
    expect(p.missingSecrets.find((m) => m.connectorId === 'testkit')).toBeUndefined();

    await a.call('ops:import-config', { text: JSON.stringify(file) });
    expect((await a.call('case-fields:list')).find((f) => f.key === 'road')?.label).toBe('Road class');

    // A connection value its page would refuse is not applied, said as the page says it, and nothing of it lands.
    const before = (await a.call('connections:list')).find((c) => c.connectorId === 'testkit')!.values;
    file.connections.find((c) => c.connectorId === 'testkit')!.values.endpoint = 'not a web address';
    const refused = await a.call('ops:preview-config', { text: JSON.stringify(file) });
    expect(changeOf(refused, 'connection', 'testkit')).toMatchObject({ change: 'not_applied', detail: expect.stringMatching(/^not applied: Endpoint /) });
    await a.call('ops:import-config', { text: JSON.stringify(file) });
    expect((await a.call('connections:list')).find((c) => c.connectorId === 'testkit')!.values).toEqual(before);
    expect((await a.call('rules:list')).map((r) => r.name)).not.toContain('Orphan');
  });

  it('refuses a file from a newer SyncDesk, and a file that is not a configuration, in plain words', async () => {
    const a = await start();
    const file = JSON.parse(readFileSync((await a.call('ops:export-config')).path!, 'utf8')) as Record<string, unknown>;
    const dir = tempDir();
    const newer = join(dir, 'newer.json');
    writeFileSync(newer, JSON.stringify({ ...file, version: 2, somethingNew: [] }));
    for (const channel of ['ops:preview-config', 'ops:import-config'] as const) {
      const r = await a.core.dispatch(channel, { path: newer });
      expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/newer SyncDesk \(configuration version 2; this version reads up to 1\)/) } });
    }
    expect(await a.core.dispatch('ops:preview-config', { text: '{"hello": 1}' })).toMatchObject({ ok: false, error: { code: 'invalid_input', message: 'The file is not a SyncDesk configuration file.' } });
    expect(await a.core.dispatch('ops:preview-config', { text: 'not json' })).toMatchObject({ ok: false, error: { message: expect.stringContaining('not JSON') } });
    const bad = { ...file, caseFields: [{ key: 'Bad Key', label: 'x', kind: 'text', options: [], required: false, position: 0 }] };
    // The item by its name and the field in words; the schema's own path only under Details.
    expect(await a.core.dispatch('ops:preview-config', { text: JSON.stringify(bad) })).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/^This configuration file cannot be imported\. In the case field "Bad Key": Key/), detail: expect.stringContaining('caseFields.0.key') },
    });
    const long = { ...file, references: [{ name: 'x'.repeat(300), showOnCase: true }] };
    const refusedLong = await a.core.dispatch('ops:preview-config', { text: JSON.stringify(long) });
    expect(refusedLong).toMatchObject({ ok: false, error: { message: 'This configuration file cannot be imported. In the Reference number 1: Name can be at most 200 characters: shorten it.' } });
    expect(await a.core.dispatch('ops:preview-config', { path: join(dir, 'absent.json') })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
