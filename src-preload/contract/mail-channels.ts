import { z } from 'zod';
import { Empty, RowId, Text } from './common';
import { CaughtMailDetail, CaughtMailView, MailSecurity, MailSettingsView, SentMailPage } from './mail-models';

/** Settings > Email and Sent mail: the platform's own mail channels. */
export const mailChannels = {
  'mail:settings': { input: Empty, output: MailSettingsView },
  // Saving checks the values; the password is kept in the keychain (absent: left as it is; null: removed).
  'mail:save-settings': {
    input: z
      .object({
        // Empty until email is set up; otherwise a server name or address, never text with spaces or markup.
        host: Text(253).regex(/^$|^[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$|^\[[0-9A-Fa-f:.]+\]$/, 'a server name such as smtp.example.com: letters, digits, dots and hyphens'),
        port: z.number().int().min(1).max(65_535),
        security: MailSecurity,
        user: Text(320).default(''),
        password: z.string().min(1).max(1_024).nullable().optional(),
        fromName: Text(100).default(''),
        fromAddress: Text(320).regex(/^$|^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/, 'an email address such as shop@example.com'),
        rateLimitPerSecond: z.number().int().min(1).max(100),
      })
      .strict(),
    output: MailSettingsView,
  },
  'mail:send-test': {
    input: z.object({ to: z.string().trim().toLowerCase().email('a valid email address').max(254) }).strict(),
    output: z.object({ ok: z.boolean(), message: z.string() }),
  },
  'mail:sent': {
    input: z.object({ cursor: z.number().int().positive().nullable().default(null), limit: z.number().int().min(1).max(500).default(100) }).strict(),
    output: SentMailPage,
  },
  // Sandbox mode only: what the SMTP catcher received, newest first, and one message whole.
  'mail:caught': { input: Empty, output: z.array(CaughtMailView) },
  'mail:caught-message': { input: z.object({ id: RowId }).strict(), output: CaughtMailDetail },
} as const;
