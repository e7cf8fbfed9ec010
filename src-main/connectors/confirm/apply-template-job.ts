// The Apply integration action: one job per (case, template, event) creates or updates the case's Enquiry, stores
// the Enquiry number in the template's Reference, and queues the read-back that applies its incoming templates.
import { z } from 'zod';
import type { ConnectorContext, JobHandler, JobOutcome } from '../connector';
import type { JobRow } from '../../store/jobs-repo';
import type { TemplateView } from '../../../src-preload/contract';
import { RemoteError } from '../../engine/remote-error';
import { createConfirmClient, type ConfirmClient, type Truncation } from './client';
import { confirmSettingsOf, type ConfirmSettings } from './settings';
import { toConfirmTime } from './logged-time';
import { problemText, renderOutgoing, toEnquiryUpdate, toNewEnquiry, type RenderedTemplate } from './templates';
import { caseSnapshot, statusCodesFor } from './case-snapshot';
import { enqueuePull } from './pull-enquiry-job';
import { findRaisedEnquiry } from './reconcile';
import type { Repositories } from '../../store/repositories';
import { AppErrorException } from '../../errors/app-error';

export interface ApplyTemplatePayload {
  caseId: number;
  templateId: number;
  /** The instant the rule fired: the Enquiry's Logged Time when Set Logged Time is on, however late the job runs. */
  firedAt: number;
  trigger: string;
  ruleId: number | null;
}

const isId = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;

export function applyTemplatePayloadOf(job: JobRow): ApplyTemplatePayload {
  const p = job.payload as Partial<ApplyTemplatePayload> | null;
  if (!p || !isId(p.caseId) || !isId(p.templateId) || typeof p.firedAt !== 'number')
    throw new RemoteError('validation', `the job carries no valid case, template and trigger time (${JSON.stringify(job.payload)})`);
  return { caseId: p.caseId, templateId: p.templateId, firedAt: p.firedAt, trigger: String(p.trigger ?? ''), ruleId: isId(p.ruleId) ? p.ruleId : null };
}

/** Never throws: the engine names the log line's entity before it performs the job. */
export function caseIdOfJob(job: JobRow): string {
  const id = (job.payload as { caseId?: unknown } | null)?.caseId;
  return isId(id) ? String(id) : job.entityKey;
}

/** Sent unless the template maps it: how Confirm (and the sandbox's duplicate count) knows which case raised it. */
export function externalReferenceOf(caseId: number): string {
  return `syncdesk-case-${caseId}`;
}

function truncatedText(t: Truncation[]): string {
  return t.length === 0 ? '' : `; cut to Confirm's lengths: ${t.map((x) => `${x.field} ${x.from}→${x.to}`).join(', ')}`;
}

async function render(ctx: ConnectorContext, client: ConfirmClient, s: ConfirmSettings, template: TemplateView, caseId: number): Promise<RenderedTemplate> {
  const snap = await caseSnapshot(ctx.repos, caseId);
  const needsTypes = template.rows.some((r) => r.direction === 'out' && r.target.kind === 'attribute');
  const attributeTypes = needsTypes ? (await client.getEnquiryLookups()).attributeTypes : null;
  const rendered = renderOutgoing(template, snap, { timeZone: s.timezone, attributeTypes, statusCodeOf: await statusCodesFor(ctx.repos, template) });
  if (rendered.problems.length > 0)
    throw new RemoteError('validation', `Template "${template.name}" for case ${caseId}: ${rendered.problems.map(problemText).join('; ')}. Nothing was sent to Confirm.`);
  return rendered;
}

async function create(ctx: ConnectorContext, job: JobRow, p: ApplyTemplatePayload, template: TemplateView): Promise<JobOutcome> {
  const { repos } = ctx;
  const held = await repos.references.valueOf(p.caseId, template.referenceId);
  if (held !== null)
    return {
      message: `Case ${p.caseId} already holds Enquiry ${held} in Reference ${template.referenceName}: template "${template.name}" sent nothing.`,
      result: { enquiryNumber: held, outcome: 'already-raised' },
    };
  const s = confirmSettingsOf(ctx.settings);
  const client = createConfirmClient(s, { signal: ctx.signal, now: ctx.now });
  const input = toNewEnquiry(await render(ctx, client, s, template, p.caseId));
  input.fields.ExternalSystemReference ??= externalReferenceOf(p.caseId);
  if (s.externalSystemNumber) input.fields.ExternalSystemNumber ??= s.externalSystemNumber;
  const loggedAt = s.setLoggedTime ? p.firedAt : null;
  // The number and the read-back that applies the incoming templates commit with the job's completion.
  const recordNumber = (enquiryNumber: string) => async (tx: Repositories) => {
    await tx.references.set(p.caseId, template.referenceId, enquiryNumber, ctx.now());
    await enqueuePull(tx, ctx.queue, job, template.referenceId, { caseId: p.caseId, enquiryNumber, source: 'after-create', dedupeKey: null });
  };
  if (job.inDoubtSince !== null) {
    // An earlier attempt may have raised it: look before raising again (a second Enquiry must never be silent).
    const reference = String(input.fields.ExternalSystemReference);
    const found = await findRaisedEnquiry(client, reference, job.inDoubtSince, ctx.now());
    if (found.raised)
      return {
        message: `Found Enquiry ${found.enquiryNumber}, raised for case ${p.caseId} by an earlier attempt that got no answer (external reference ${reference}): kept in Reference ${template.referenceName}, not raised again.`,
        result: { enquiryNumber: found.enquiryNumber, outcome: 'reconciled' },
        record: recordNumber(found.enquiryNumber),
      };
  }
  const { enquiryNumber, truncated } = await client.newEnquiry({ ...input, loggedAt, idempotencyKey: job.idempotencyKey });
  const record = recordNumber(enquiryNumber);
  const logged = loggedAt !== null ? `, Logged Time ${toConfirmTime(loggedAt, s.timezone)} (${s.timezone})` : '';
  return {
    message: `Raised Enquiry ${enquiryNumber} for case ${p.caseId} with template "${template.name}" (Reference ${template.referenceName}${logged})${truncatedText(truncated)}.`,
    result: { enquiryNumber, outcome: 'created' },
    record,
  };
}

async function update(ctx: ConnectorContext, job: JobRow, p: ApplyTemplatePayload, template: TemplateView): Promise<JobOutcome> {
  const enquiryNumber = await ctx.repos.references.valueOf(p.caseId, template.referenceId);
  if (enquiryNumber === null)
    throw new RemoteError('validation', `Reference ${template.referenceName}: case ${p.caseId} holds no Enquiry number, so template "${template.name}" has nothing to update`);
  const s = confirmSettingsOf(ctx.settings);
  const client = createConfirmClient(s, { signal: ctx.signal, now: ctx.now });
  const input = toEnquiryUpdate(await render(ctx, client, s, template, p.caseId));
  const r = await client.enquiryUpdate({ enquiryNumber, ...input, loggedAt: s.setLoggedTime ? p.firedAt : null, idempotencyKey: job.idempotencyKey });
  const again = r.resubmittedWithoutLoggedTime ? ` (Confirm refused the Logged Time: "${r.loggedTimeFault}"; sent again without it and the status)` : '';
  return {
    message: `Updated Enquiry ${enquiryNumber} of case ${p.caseId} with template "${template.name}" (log ${r.enquiryLogNumber})${again}${truncatedText(r.truncated)}.`,
    result: { enquiryNumber, enquiryLogNumber: r.enquiryLogNumber, outcome: 'updated' },
    record: async (tx) => await enqueuePull(tx, ctx.queue, job, template.referenceId, { caseId: p.caseId, enquiryNumber, source: 'after-update', dedupeKey: `${enquiryNumber}/${r.enquiryLogNumber}` }),
  };
}

export const applyTemplateJob: JobHandler = {
  entityType: 'case',
  title: 'Raise the Enquiry in Confirm',
  payload: { schema: z.strictObject({ caseId: z.number().int().positive(), templateId: z.number().int().positive(), firedAt: z.number().int().min(0), trigger: z.string().min(1).max(64), ruleId: z.number().int().positive().nullable() }) },
  entityIdOf: caseIdOfJob,
  async adopt(tx, job, enquiryNumber, { now, queue }) {
    const p = applyTemplatePayloadOf(job);
    const template = await tx.templates.get(p.templateId);
    if (!template) throw new RemoteError('validation', `template ${p.templateId} no longer exists`);
    if (template.type !== 'create_enquiry') throw new AppErrorException('invalid_input', `"${template.name}" updates an Enquiry; only a raise can take an existing Enquiry number.`);
    if (!/^\d{1,12}$/.test(enquiryNumber)) throw new AppErrorException('invalid_input', `"${enquiryNumber}" is not an Enquiry number (digits only).`, [{ path: 'remoteId', message: 'digits only' }]);
    await tx.references.set(p.caseId, template.referenceId, enquiryNumber, now);
    await enqueuePull(tx, queue, job, template.referenceId, { caseId: p.caseId, enquiryNumber, source: 'after-create', dedupeKey: null });
    return `Enquiry ${enquiryNumber} kept for case ${p.caseId} in Reference ${template.referenceName}.`;
  },
  async perform(job, ctx) {
    const p = applyTemplatePayloadOf(job);
    const template = await ctx.repos.templates.get(p.templateId);
    if (!template) throw new RemoteError('validation', `template ${p.templateId} no longer exists; nothing was sent to Confirm for case ${p.caseId}`);
    if (template.type === 'create_enquiry') return create(ctx, job, p, template);
    if (template.type === 'update_enquiry') return update(ctx, job, p, template);
    throw new RemoteError('validation', `template "${template.name}" is an incoming template; rules apply outgoing ones only`);
  },
};
