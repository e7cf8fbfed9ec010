// A real core with only the Confirm connector, its simulator in sandbox mode, and helpers to set up cases.
import type { ChannelName, ChannelOutput, MappingRow } from '../../../src-preload/contract';
import type { CoreOptions } from '../../../src-main/core/create-core';
import { createConfirmConnector, CONFIRM_ID } from '../../../src-main/connectors/confirm';
import { forgetConfirmTokens } from '../../../src-main/connectors/confirm/client';
import type { ConfirmSandbox } from '../../../src-main/connectors/confirm/sandbox';
import { startTestCore } from '../../support/harness';
import type { CoreStore } from '../../support/core-store';

/** On SQLite unless a store is given (test/support/core-store.ts). */
export async function startConfirmCore(core: Partial<CoreOptions> = {}, opts: { dataDir?: string; store?: CoreStore } = {}) {
  forgetConfirmTokens();
  const h = await startTestCore({ core: { connectors: [createConfirmConnector()], ...core }, dataDir: opts.dataDir, store: opts.store });
  const sandbox = h.services.sandboxes.get(CONFIRM_ID) as ConfirmSandbox;
  async function call<C extends ChannelName>(channel: C, input: unknown): Promise<ChannelOutput<C>> {
    const r = await h.core.dispatch(channel, input);
    if (!r.ok) throw Object.assign(new Error(`${channel}: ${r.error.message}`), { error: r.error });
    return r.data as ChannelOutput<C>;
  }
  const logOf = async (caseId: number) => await h.services.repos.log.forEntity('case', String(caseId), 500);
  return { ...h, sandbox, call, logOf };
}

export type ConfirmCore = Awaited<ReturnType<typeof startConfirmCore>>;

export const STATUS_MAP = { '0100': 'open', '0200': 'in_progress', '0300': 'in_progress', '0900': 'resolved' } as const;

/** Case fields, a Reference, Create / Update / incoming templates and the two rules of the round trip. */
export async function setUpPotholes(h: ConfirmCore, opts: { withRules?: boolean } = {}) {
  await h.call('case-fields:save', { key: 'depth', label: 'Depth (mm)', kind: 'number' });
  await h.call('case-fields:save', { key: 'notes', label: 'Notes', kind: 'long_text' });
  await h.call('case-fields:save', { key: 'confirm_notes', label: 'Notes from Confirm', kind: 'long_text' });
  const ref = await h.call('references:save', { name: 'Enquiry Number' });
  const out = (name: string, source: object): MappingRow => ({ direction: 'out', target: { kind: 'field', name }, source }) as MappingRow;
  const create = await h.call('templates:save', {
    name: 'Raise pothole',
    type: 'create_enquiry',
    referenceId: ref.id,
    rows: [
      out('ServiceCode', { kind: 'static', value: 'HW' }),
      out('SubjectCode', { kind: 'static', value: 'PH' }),
      out('EnquiryDescription', { kind: 'case_field', key: 'notes' }),
      { direction: 'out', target: { kind: 'attribute', typeCode: 'DEPT' }, source: { kind: 'case_field', key: 'depth' } },
    ],
  });
  const update = await h.call('templates:save', {
    name: 'Update pothole',
    type: 'update_enquiry',
    referenceId: ref.id,
    rows: [out('StatusLogNotes', { kind: 'case_field', key: 'notes' }), out('EnquiryStatusCode', { kind: 'case_status' })],
  });
  const incoming = await h.call('templates:save', {
    name: 'Pothole updated',
    type: 'enquiry_updated',
    referenceId: ref.id,
    rows: [
      { direction: 'in', source: { kind: 'field', name: 'EnquiryStatusCode' }, target: { kind: 'case_status', map: STATUS_MAP } },
      { direction: 'in', source: { kind: 'field', name: 'StatusLogNotes' }, target: { kind: 'case_field', key: 'confirm_notes' } },
    ],
  });
  if (opts.withRules !== false) {
    await h.call('rules:save', { name: 'Raise', trigger: 'case_created', templateId: create.id });
    await h.call('rules:save', { name: 'Update', trigger: 'case_updated', templateId: update.id, conditions: [{ field: 'status', op: 'not_equals', value: 'new' }] });
  }
  return { ref, create, update, incoming };
}
