import { z } from 'zod';

// Email: the SMTP settings (Settings > Email) and what was sent (Sent mail).

export const MailSecurity = z.enum(['none', 'starttls', 'tls']);

export const MailSettingsView = z.object({
  host: z.string(),
  port: z.number(),
  security: MailSecurity,
  user: z.string(),
  // The password is kept in the keychain: the view says only whether one is set.
  password: z.enum(['set', 'not set', 'unavailable']),
  fromName: z.string(),
  fromAddress: z.string(),
  rateLimitPerSecond: z.number(),
  configured: z.boolean(),
  // In sandbox mode every email goes to the SMTP catcher, whatever these settings say.
  sandbox: z.boolean(),
  catcherUrl: z.string().nullable(),
});
export type MailSettingsView = z.infer<typeof MailSettingsView>;

export const SentMailStatus = z.enum(['queued', 'sent', 'failed']);

/** One email as the Sent mail list shows it (the body never: it may carry a password). */
export const SentMailView = z.object({
  id: z.number(),
  to: z.string(),
  subject: z.string(),
  status: SentMailStatus,
  // When it was queued, and when the server took it (null until then).
  queuedAt: z.number(),
  sentAt: z.number().nullable(),
  error: z.string().nullable(),
  customerId: z.number().nullable(),
  kind: z.string(),
  attempts: z.number(),
});
export type SentMailView = z.infer<typeof SentMailView>;

export const SentMailPage = z.object({ messages: z.array(SentMailView), nextCursor: z.number().nullable() });
export type SentMailPage = z.infer<typeof SentMailPage>;

/** A message the sandbox's SMTP catcher received: what the customer would see. */
export const CaughtMailView = z.object({
  id: z.number(),
  from: z.string(),
  to: z.array(z.string()),
  subject: z.string(),
  receivedAt: z.number(),
  size: z.number(),
});
export type CaughtMailView = z.infer<typeof CaughtMailView>;

export const CaughtMailDetail = CaughtMailView.extend({ text: z.string().nullable(), html: z.string().nullable() });
export type CaughtMailDetail = z.infer<typeof CaughtMailDetail>;
