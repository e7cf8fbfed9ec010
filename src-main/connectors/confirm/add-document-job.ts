// An attachment added to a case with an Enquiry: an Enquiry Document holding a link to the file and its description,
// or, when ConfirmWeb base url is set, the file itself uploaded through ConfirmWeb.
import { z } from 'zod';
import type { JobHandler } from '../connector';
import type { JobRow } from '../../store/jobs-repo';
import { RemoteError } from '../../engine/remote-error';
import { attachmentsDirFromFiles, readAttachment } from '../../cases/attachment-store';
import { createConfirmClient } from './client';
import { confirmSettingsOf } from './settings';
import { caseIdOfJob } from './apply-template-job';

export interface AddDocumentPayload {
  caseId: number;
  attachmentId: number;
  /** Where Confirm users download the file from SyncDesk (fixed when the attachment was added). */
  link: string;
}

function payloadOf(job: JobRow): AddDocumentPayload {
  const p = job.payload as Partial<AddDocumentPayload> | null;
  if (!p || typeof p.caseId !== 'number' || typeof p.attachmentId !== 'number' || typeof p.link !== 'string')
    throw new RemoteError('validation', `the job carries no valid case, attachment and link (${JSON.stringify(job.payload)})`);
  return { caseId: p.caseId, attachmentId: p.attachmentId, link: p.link };
}

export const addDocumentJob: JobHandler = {
  entityType: 'case',
  title: 'Attach a document to the Enquiry',
  payload: { schema: z.strictObject({ caseId: z.number().int().positive(), attachmentId: z.number().int().positive(), link: z.string().min(1).max(2_000) }) },
  entityIdOf: caseIdOfJob,
  async perform(job, ctx) {
    const p = payloadOf(job);
    const att = await ctx.repos.attachments.get(p.attachmentId);
    if (!att || att.caseId !== p.caseId) throw new RemoteError('validation', `attachment ${p.attachmentId} of case ${p.caseId} no longer exists; nothing was sent`);
    const enquiries = [...new Set((await ctx.repos.references.ofCase(p.caseId)).flatMap((r) => (r.value ? [r.value] : [])))];
    if (enquiries.length === 0) return { message: `Case ${p.caseId} has no Enquiry: attachment ${att.fileName} was not sent to Confirm.`, result: { outcome: 'no-enquiry' } };
    const s = confirmSettingsOf(ctx.settings);
    const client = createConfirmClient(s, { signal: ctx.signal, now: ctx.now });
    const notes = att.description?.trim() || att.fileName;
    for (const enquiryNumber of enquiries) {
      if (s.confirmWebBaseUrl) {
        const data = readAttachment(attachmentsDirFromFiles(ctx.files), att.storedName);
        await client.uploadDocument({ enquiryNumber, documentName: att.fileName, documentNotes: notes, data });
      } else {
        await client.enquiryUpdate({ enquiryNumber, fields: {}, documents: [{ notes, location: p.link }], idempotencyKey: `${job.idempotencyKey}:${enquiryNumber}` });
      }
    }
    // The link's token is a capability: the log names the link without it.
    const how = s.confirmWebBaseUrl ? 'uploaded through ConfirmWeb' : `linked as an Enquiry Document (${p.link.replace(/\?token=.*$/, '')})`;
    return { message: `Attachment ${att.fileName} of case ${p.caseId} ${how} to Enquiry ${enquiries.join(', ')}.`, result: { enquiries, outcome: s.confirmWebBaseUrl ? 'uploaded' : 'linked' } };
  },
};
