// A B2B contact's password is set the way an imported customer's is in link mode: a durable job (the connector's
// that answers 'contact.password-email') sends a single-use, expiring set-password link. The token is made when the
// email is built and only its hash is stored, before the email goes: the newest email's link is the one that works.
import type { Repositories } from '../store/repositories';
import type { JobQueue } from '../engine/job-queue';
import type { MailService } from '../mail/mail-service';
import { RemoteError } from '../engine/remote-error';
import { issueSetPasswordToken, setPasswordUrl, SET_PASSWORD_TTL_MS } from '../customers/set-password-token';

export const CONTACT_PASSWORD_MAIL_KIND = 'contact-password';

export interface ContactPasswordPayload {
  contactId: number;
  sentMailId: number;
}

/** Queues the email (a Sent mail row and its job) in the caller's transaction, as the event's subscriber does. */
export async function queueContactPasswordEmail(
  tx: Repositories,
  queue: JobQueue,
  job: { connectorId: string; kind: string },
  c: { contactId: number; email: string },
  now: number,
): Promise<number> {
  const sentMailId = await tx.mail.queue({ kind: CONTACT_PASSWORD_MAIL_KIND, customerId: null, contactId: c.contactId, to: c.email, subject: 'Set your password', jobId: null }, now);
  const jobId = await queue.enqueue(tx, {
    connectorId: job.connectorId,
    kind: job.kind,
    entityKey: `contact-${c.contactId}`,
    // One email per Sent mail row: a retry never makes a second, a resend is a new row.
    idempotencyKey: `${job.connectorId}:contact-password:${sentMailId}`,
    payload: { contactId: c.contactId, sentMailId } satisfies ContactPasswordPayload,
    runAt: now,
  });
  await tx.mail.attachJob(sentMailId, jobId);
  return jobId;
}

/**
 * Sends one queued contact email (the job's perform): a new link whose hash replaces any earlier one. Answers the
 * job's words and the record step that marks the Sent mail row sent in the job's own commit.
 */
export async function sendContactPasswordEmail(
  deps: { repos: Repositories; mail: MailService; now: () => number },
  p: ContactPasswordPayload,
  site: { setPasswordPage: string; ttlMs?: number },
): Promise<{ message: string; record: (tx: Repositories) => Promise<void> }> {
  const contact = await deps.repos.accounts.contact(p.contactId);
  if (!contact) throw new RemoteError('validation', `contact ${p.contactId} no longer exists here; no email was sent`);
  const account = await deps.repos.accounts.get(contact.accountId);
  const ttlMs = site.ttlMs ?? SET_PASSWORD_TTL_MS;
  const link = issueSetPasswordToken(deps.now(), ttlMs);
  await deps.repos.accounts.putSetPasswordToken(contact.id, link.tokenHash, link.expiresAt, deps.now());
  const company = await deps.mail.fromName();
  const url = setPasswordUrl(site.setPasswordPage, link.token);
  const hours = Math.round(ttlMs / 3_600_000);
  const subject = `Set your password for ${company}`;
  const text = [
    `Hello ${contact.name},`,
    '',
    `You can now order online for ${account?.name ?? 'your company'}${account?.accountNumber ? ` (account ${account.accountNumber})` : ''}.`,
    `Choose your password here (the link works once, for ${hours} hours):`,
    url,
    '',
    `Sign in with ${contact.email}.`,
  ].join('\n');
  const sent = await (await deps.mail.mailer()).send({ to: contact.email, subject, text });
  return {
    message: `Set-password email sent to ${contact.email}.`,
    record: async (tx) => await tx.mail.markSent(p.sentMailId, { messageId: sent.messageId, subject, to: contact.email }, deps.now()),
  };
}
