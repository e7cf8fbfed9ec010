// After SyncDesk's own create or update, the Enquiry is read back and the Reference's incoming templates applied. A
// job of its own, so a failed read-back is retried like any remote call instead of being lost.
import { z } from 'zod';
import type { BatchResult, ConnectorContext, JobHandler } from '../connector';
import type { JobRow } from '../../store/jobs-repo';
import type { Repositories } from '../../store/repositories';
import type { JobQueue } from '../../engine/job-queue';
import { RemoteError } from '../../engine/remote-error';
import { createConfirmClient, type ConfirmClient } from './client';
import type { EnquiryRecord } from './parse';
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
export async function enqueuePull(tx: Repositories, queue: JobQueue, after: JobRow, referenceId: number, payload: PullEnquiryPayload): Promise<void> {
  if ((await tx.templates.ofReference(referenceId, 'enquiry_updated')).length === 0) return;
  await queue.enqueue(tx, { connectorId: CONFIRM_ID, kind: PULL_ENQUIRY_JOB, entityKey: after.entityKey, idempotencyKey: `${after.idempotencyKey}:pull`, payload });
}

/** Confirm limits a request to about 300 s; public clients read at most ten Enquiries per GetEnquiry. */
export const PULL_BATCH = 10;

function outcomeFor(ctx: ConnectorContext, job: JobRow, p: PullEnquiryPayload, e: EnquiryRecord | undefined, timeZone: string): BatchResult {
  if (!e) return { error: new RemoteError('validation', `Confirm does not know Enquiry ${p.enquiryNumber} (read back for case ${p.caseId})`) };
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
  return {
    message: `Read Enquiry ${p.enquiryNumber} back for case ${p.caseId}.`,
    // Applied in the transaction that completes the job: the case change, its log lines and the job's state commit once.
    record: async (tx) => {
      const r = await applyConfirmUpdate({ repos: tx, log: ctx.log, now: ctx.now, timeZone }, { enquiryNumber: p.enquiryNumber, fields }, { source: p.source, dedupeKey: p.dedupeKey, jobId: job.id });
      return `Read Enquiry ${p.enquiryNumber} back for case ${p.caseId}: ${r.message}.`;
    },
  };
}

/** Reads back up to ten Enquiries in one GetEnquiry; each job keeps its own outcome and log line. */
async function readBack(jobs: JobRow[], ctx: ConnectorContext): Promise<BatchResult[]> {
  const parsed = jobs.map((job) => {
    try {
      return payloadOf(job);
    } catch (err) {
      return err as RemoteError;
    }
  });
  const numbers = [...new Set(parsed.flatMap((p) => (p instanceof RemoteError ? [] : [p.enquiryNumber])))];
  const s = confirmSettingsOf(ctx.settings);
  const client = createConfirmClient(s, { signal: ctx.signal, now: ctx.now });
  const found = await read(client, numbers);
  return jobs.map((job, i) => {
    const p = parsed[i]!;
    if (p instanceof RemoteError) return { error: p };
    const e = found.get(p.enquiryNumber);
    return e instanceof RemoteError ? { error: e } : outcomeFor(ctx, job, p, e, s.timezone);
  });
}

/**
 * One GetEnquiry for the lot. Confirm faults the whole request when one number is wrong, so a refused batch is read
 * again one by one: the bad Enquiry fails alone and the others go on.
 */
async function read(client: ConfirmClient, numbers: string[]): Promise<Map<string, EnquiryRecord | RemoteError>> {
  const out = new Map<string, EnquiryRecord | RemoteError>();
  if (numbers.length === 0) return out;
  try {
    for (const e of await client.getEnquiries(numbers)) out.set(e.enquiryNumber, e);
    return out;
  } catch (err) {
    if (!(err instanceof RemoteError && err.kind === 'validation' && numbers.length > 1)) throw err;
  }
  for (const n of numbers) {
    try {
      const [e] = await client.getEnquiries([n]);
      if (e) out.set(n, e);
    } catch (err) {
      if (!(err instanceof RemoteError && err.kind === 'validation')) throw err;
      out.set(n, err);
    }
  }
  return out;
}

export const pullEnquiryJob: JobHandler = {
  entityType: 'case',
  title: 'Read the Enquiry back from Confirm',
  payload: { schema: z.strictObject({ caseId: z.number().int().positive(), enquiryNumber: z.string().min(1).max(64), source: z.enum(['after-create', 'after-update']), dedupeKey: z.string().max(200).nullable() }) },
  entityIdOf: (job) => String((job.payload as { caseId?: unknown } | null)?.caseId ?? job.entityKey),
  async perform(job, ctx) {
    const [r] = await readBack([job], ctx);
    if (!r || 'error' in r) throw r?.error ?? new Error('no result');
    return r;
  },
  batch: { max: PULL_BATCH, perform: readBack },
};
