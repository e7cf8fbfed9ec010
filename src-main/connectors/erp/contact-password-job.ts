// A contact added to an account gets a link to set a password, as imported customers do: the platform raises
// 'contact.password-email' in the contact's transaction, and this connection queues and sends it as a durable job.
import { z } from 'zod';
import type { ConnectorHost, JobHandler } from '../connector';
import { queueContactPasswordEmail, sendContactPasswordEmail, type ContactPasswordPayload } from '../../accounts/contact-password-email';
import { RemoteError } from '../../engine/remote-error';
import { erpSettingsOf } from './settings';
import { CONTACT_PASSWORD_JOB, ERP_ID } from './ids';

export function subscribeToContactEmails(host: ConnectorHost): void {
  host.events.subscribe('contact.password-email', async (tx, e) => {
    const jobId = await queueContactPasswordEmail(tx, host.queue, { connectorId: ERP_ID, kind: CONTACT_PASSWORD_JOB }, { contactId: e.contactId, email: e.email }, e.at);
    return { connectorId: ERP_ID, jobIds: [jobId], message: `A link to set a password goes to ${e.email}.` };
  });
}

export function createContactPasswordJob(host: () => ConnectorHost): JobHandler {
  return {
    entityType: 'account_contact',
    title: "Send the contact's password email",
    payload: { schema: z.strictObject({ contactId: z.number().int().positive(), sentMailId: z.number().int().positive() }) },
    entityIdOf: (job) => String((job.payload as ContactPasswordPayload | null)?.contactId ?? job.entityKey),
    async perform(job, ctx) {
      const s = erpSettingsOf(ctx.settings);
      if (!s.websiteUrl)
        throw new RemoteError('validation', 'No email was sent: the ERP connection has no website address, so the set-password link has nowhere to point. Enter it under Connections > ERP, then retry.');
      const sent = await sendContactPasswordEmail({ repos: ctx.repos, mail: host().mail, now: ctx.now }, job.payload as ContactPasswordPayload, { setPasswordPage: new URL('set-password', s.websiteUrl).toString() });
      return { message: sent.message, record: sent.record };
    },
  };
}
