import { z } from 'zod';
import { Empty, RowId, SearchText, Text } from '../common';
import { ExportResult } from '../models';
import { DownloadView } from '../customer-models';

/** A Boolean custom field of the accounting system: what the Show on Web Field dropdown offers. */
export const AccountingFieldView = z.object({ code: z.string(), label: z.string() });

export const WelcomeStatus = z.enum(['not_sent', 'queued', 'sent', 'failed']);

/** A platform customer imported from the accounting system, with its link and its welcome email. */
export const AccountingCustomerView = z.object({
  customerId: z.number(),
  email: z.string(),
  name: z.string(),
  accountNumber: z.string(),
  accountingUuid: z.string(),
  // Still flagged for the web, unflagged since the import, or deleted in the accounting system (the web account stays).
  state: z.enum(['flagged', 'unflagged', 'deleted']),
  importedAt: z.number(),
  welcome: z.object({ status: WelcomeStatus, at: z.number().nullable(), error: z.string().nullable() }),
});
export type AccountingCustomerView = z.infer<typeof AccountingCustomerView>;

export const AccountingCustomerPage = z.object({ customers: z.array(AccountingCustomerView), nextCursor: z.number().nullable() });

export const EmailTokenView = z.object({ name: z.string(), meaning: z.string(), required: z.boolean() });

export const TemplateProblemView = z.object({ part: z.enum(['subject', 'text', 'html']), message: z.string() });

/** Content > Email Content: the welcome email template (CUSTOMER_SYNC). */
export const EmailTemplateView = z.object({
  key: z.string(),
  subject: z.string(),
  text: z.string(),
  html: z.string().nullable(),
  // Which welcome the connection sends: the password itself (as the reference), or a set-password link.
  mode: z.enum(['password', 'link']),
  tokens: z.array(EmailTokenView),
  updatedAt: z.number().nullable(),
});
export type EmailTemplateView = z.infer<typeof EmailTemplateView>;

const TemplateInput = z.object({ subject: Text(300), text: z.string().max(50_000), html: z.string().max(200_000).nullable().default(null) }).strict();

export const AccountingCursorView = z.object({ cursor: z.string().nullable(), updatedAt: z.number().nullable() });

/** The accounting connector's channels: the import's customers, the welcome email and its template, the feed cursor. */
export const accountingChannels = {
  'accounting:fields': { input: Empty, output: z.array(AccountingFieldView) },
  'accounting:customers': {
    input: z
      .object({ q: SearchText(100).optional(), cursor: z.number().int().positive().nullable().default(null), limit: z.number().int().min(1).max(500).default(100) })
      .strict(),
    output: AccountingCustomerPage,
  },
  // A new password (or link) for the customer, the old one replaced, and the email again.
  'accounting:resend-welcome': { input: z.object({ customerId: RowId }).strict(), output: z.object({ jobId: z.number() }) },
  'accounting:cursor': { input: Empty, output: AccountingCursorView },
  // The next import reads every customer again (nothing is deleted; customers already here are skipped).
  'accounting:reset-cursor': { input: Empty, output: AccountingCursorView },
  'accounting:downloads': { input: Empty, output: z.array(DownloadView) },
  'accounting:export': { input: z.object({ format: z.enum(['json', 'csv', 'xlsx']), downloadId: RowId.optional() }).strict(), output: ExportResult },
  'accounting:email-template': { input: Empty, output: EmailTemplateView },
  // Refused (invalid_input, one issue per problem) while a required token is missing or an unknown one is named.
  'accounting:save-email-template': { input: TemplateInput, output: EmailTemplateView },
  'accounting:preview-email-template': {
    input: TemplateInput,
    output: z.object({ subject: z.string(), text: z.string(), html: z.string().nullable(), problems: z.array(TemplateProblemView) }),
  },
} as const;
