// The welcome email, one durable job per email, queued in the transaction that creates the customer (or staff's
// resend). The password is made when the email is built and its hash stored before the email goes, so the plaintext
// never needs to survive a crash and never reaches the store, the log or the job: a crash after the send and before
// the job's commit sends again with a new password, whose hash then replaces the first (the newest email works).
import { z } from 'zod';
import type { ConnectorHost, JobHandler, JobOutcome } from '../connector';
import type { JobQueue } from '../../engine/job-queue';
import type { Repositories } from '../../store/repositories';
import { RemoteError } from '../../engine/remote-error';
import { generatePassword } from '../../customers/password';
import { hashPassword } from '../../customers/password-hash';
import { issueSetPasswordToken, setPasswordUrl } from '../../customers/set-password-token';
import { DEFAULT_WELCOME_TEMPLATES, renderWelcomeEmail, WelcomeTemplateError, type WelcomeTemplate } from './welcome-email';
import { accountingSettingsOf } from './settings';
import type { AccountingRepo } from './repositories';
import { ACCOUNTING_ID, WELCOME_JOB, WELCOME_MAIL_KIND, WELCOME_TEMPLATE_KEY } from './ids';

interface WelcomePayload {
  customerId: number;
  sentMailId: number;
}

/** The template staff saved, or the default for the connection's mode. */
export async function welcomeTemplate(repos: Repositories, mode: 'password' | 'link'): Promise<WelcomeTemplate & { updatedAt: number | null }> {
  const saved = await repos.mail.template(WELCOME_TEMPLATE_KEY);
  if (saved) return { ...DEFAULT_WELCOME_TEMPLATES[mode], subject: saved.subject, text: saved.text, html: saved.html ?? '', updatedAt: saved.updatedAt };
  return { ...DEFAULT_WELCOME_TEMPLATES[mode], updatedAt: null };
}

/** Queues one welcome email (a sent-mail row and its job), in the caller's transaction. */
export async function queueWelcome(tx: Repositories, queue: JobQueue, w: { customerId: number; to: string; initial: boolean }, now: number): Promise<number> {
  const sentMailId = await tx.mail.queue({ kind: WELCOME_MAIL_KIND, customerId: w.customerId, to: w.to, subject: 'Welcome email', jobId: null }, now);
  const jobId = await queue.enqueue(tx, {
    connectorId: ACCOUNTING_ID,
    kind: WELCOME_JOB,
    entityKey: `customer-${w.customerId}`,
    // One email per sent-mail row: a retry of this job never makes a second, a resend is a new row.
    idempotencyKey: `accounting:welcome:${w.customerId}:${w.initial ? 'initial' : sentMailId}`,
    payload: { customerId: w.customerId, sentMailId } satisfies WelcomePayload,
    runAt: now,
  });
  await tx.mail.attachJob(sentMailId, jobId);
  return jobId;
}

export function createWelcomeJob(host: () => ConnectorHost<AccountingRepo>): JobHandler<AccountingRepo> {
  return {
    entityType: 'customer',
    title: 'Send the welcome email',
    payload: { schema: z.strictObject({ customerId: z.number().int().positive(), sentMailId: z.number().int().positive() }) },
    entityIdOf: (job) => String((job.payload as WelcomePayload | null)?.customerId ?? job.entityKey),
    async perform(job, ctx): Promise<JobOutcome> {
      const { customerId, sentMailId } = job.payload as WelcomePayload;
      const s = accountingSettingsOf(ctx.settings);
      const customer = await ctx.repos.customers.get(customerId);
      if (!customer) throw new RemoteError('validation', `customer ${customerId} no longer exists here; no email was sent`);
      if (!s.websiteUrl) throw new RemoteError('validation', 'the website address is not set in Connections > Accounting (the welcome email links to it); no email was sent');
      const template = await welcomeTemplate(ctx.repos, s.welcomeEmailMode);
      const now = ctx.now();
      const values: Record<string, string> = {
        email_address: customer.email,
        url: s.websiteUrl,
        customer_name: `${customer.firstName} ${customer.lastName}`.trim(),
        account_number: customer.accountNumber ?? '',
        company_name: await host().mail.fromName(),
      };
      if (s.welcomeEmailMode === 'password') {
        const password = generatePassword();
        // Stored before the email goes: whatever happens after, the password in the newest email is the one that works.
        await ctx.repos.customers.setPasswordHash(customerId, await hashPassword(password), now);
        values.password = password;
      } else {
        const link = issueSetPasswordToken(now, s.setPasswordLinkHours * 3_600_000);
        await ctx.repos.customers.putSetPasswordToken(customerId, link.tokenHash, link.expiresAt, now);
        values.set_password_url = setPasswordUrl(new URL('set-password', s.websiteUrl).toString(), link.token);
        values.set_password_expires_in = `${s.setPasswordLinkHours} hours`;
      }
      let email;
      try {
        email = renderWelcomeEmail(template, values);
      } catch (err) {
        if (err instanceof WelcomeTemplateError) throw new RemoteError('validation', `the welcome email template cannot be filled in: ${err.problems.map((p) => p.message).join(' ')} Edit it in Content > Email Content.`);
        throw err;
      }
      const mailer = await host().mail.mailer();
      const sent = await mailer.send({ to: customer.email, subject: email.subject, text: email.text, html: email.html ?? undefined });
      return {
        message: `Welcome email sent to ${customer.email} (${s.welcomeEmailMode === 'password' ? 'with a new password' : 'with a set-password link'}).`,
        record: async (tx) => await tx.mail.markSent(sentMailId, { messageId: sent.messageId, subject: email.subject, to: customer.email }, ctx.now()),
      };
    },
  };
}
