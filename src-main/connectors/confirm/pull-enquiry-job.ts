// After SyncDesk's own create or update, the Enquiry is read back and the Reference's incoming templates applied. A
// job of its own, so a failed read-back is retried like any remote call instead of being lost.
import type { JobHandler } from '../connector';
import type { JobRow } from '../../store/jobs-repo';
import type { Repositories } from '../../store/repositories';
import { RemoteError } from '../../engine/remote-error';
import { createConfirmClient } from './client';
import { confirmSettingsOf } from './settings';
import { applyConfirmUpdate } from './incoming';
import { CONFIRM_ID, PULL_ENQUIRY_JOB } from './ids';

export interface PullEnquiryPayload {
  caseId: number;
  enquiryNumber: string;
  source: 'after-create' | 'after-update';
  dedupeKey: string | null;
}

function payloadOf(job: JobRow): PullEnquiryPayload {
  const p = job.payload as Partial<PullEnquiryPayload> | null;
  if (!p || typeof p.caseId !== 'number' || typeof p.enquiryNumber !== 'string' || (p.source !== 'after-create' && p.source !== 'after-update'))
    throw new RemoteError('validation', `the job carries no valid case and Enquiry number (${JSON.stringify(job.payload)})`);
  return { caseId: p.caseId, enquiryNumber: p.enquiryNumber, source: p.source, dedupeKey: typeof p.dedupeKey === 'string' ? p.dedupeKey : null };
}

/**
 * Queues the read-back behind the job that made the change (same entity key, so it runs after it), only when the
 * Reference has an incoming template to apply. Call inside the transaction that records the change.
 */
export function enqueuePull(repos: Repositories, after: JobRow, referenceId: number, payload: PullEnquiryPayload, now: number): void {
  if (repos.templates.ofReference(referenceId, 'enquiry_updated').length === 0) return;
  repos.jobs.enqueue({ connectorId: CONFIRM_ID, kind: PULL_ENQUIRY_JOB, entityKey: after.entityKey, idempotencyKey: `${after.idempotencyKey}:pull`, payload }, now);
}

export const pullEnquiryJob: JobHandler = {
  entityType: 'case',
  entityIdOf: (job) => String((job.payload as { caseId?: unknown } | null)?.caseId ?? job.entityKey),
  async perform(job, ctx) {
    const p = payloadOf(job);
    const s = confirmSettingsOf(ctx.settings);
    const client = createConfirmClient(s, { signal: ctx.signal, now: ctx.now });
    const [e] = await client.getEnquiries([p.enquiryNumber]);
    if (!e) throw new RemoteError('validation', `Confirm does not know Enquiry ${p.enquiryNumber} (read back for case ${p.caseId})`);
    const fields = {
      EnquiryNumber: e.enquiryNumber,
      ServiceCode: e.serviceCode,
      SubjectCode: e.subjectCode,
      EnquiryStatusCode: e.statusCode,
      EnquiryDescription: e.description,
      EnquiryX: e.x,
      EnquiryY: e.y,
      LoggedTime: e.loggedTime,
      LogEffectiveTime: e.logTime,
    };
    const r = applyConfirmUpdate({ repos: ctx.repos, log: ctx.log, now: ctx.now, timeZone: s.timezone }, { enquiryNumber: p.enquiryNumber, fields }, { source: p.source, dedupeKey: p.dedupeKey, jobId: job.id });
    return { message: `Read Enquiry ${p.enquiryNumber} back for case ${p.caseId}: ${r.message}.` };
  },
};
