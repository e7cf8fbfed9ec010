import { z } from 'zod';
import { issueView, type FieldSpec, type FieldValue, type IssueView } from '../../src-preload/contract';

// Settings > Email: the SMTP server the welcome emails leave through. The password is a secret: the caller keeps it in
// the keychain and merges it in before parsing, as with every connection's secrets.

export const MAIL_SECURITY = ['none', 'starttls', 'tls'] as const;
export type MailSecurity = (typeof MAIL_SECURITY)[number];

/** The port each kind of security usually listens on: the form suggests it when staff change the security. */
export const USUAL_PORT: Record<MailSecurity, number> = { none: 25, starttls: 587, tls: 465 };

/** Unset fields arrive as null (the form's empty value) or not at all: both mean "use the default". */
const unset = (v: unknown) => (v === null || v === '' ? undefined : v);

const email = z
  .string({ error: 'enter the address the emails come from, e.g. shop@example.com' })
  .trim()
  .min(1, 'enter the address the emails come from, e.g. shop@example.com')
  .pipe(z.email({ message: 'the From address must be an email address, e.g. shop@example.com' }));

const PORTS = 'usually 587 (STARTTLS), 465 (TLS) or 25';
const port = z.coerce
  .number({ message: `the port is a number, ${PORTS}` })
  .int(`the port is a whole number, ${PORTS}`)
  .min(1, `the port is between 1 and 65535, ${PORTS}`)
  .max(65_535, `the port is between 1 and 65535, ${PORTS}`);

const rate = z.coerce
  .number({ message: 'the sending rate is a number of emails a second' })
  .int('the sending rate is a whole number of emails a second')
  .min(1, 'send at least 1 email a second')
  .max(100, 'at most 100 emails a second; most mail services allow far fewer');

export const mailSettingsSchema = z
  .object({
    host: z
      .string({ error: 'enter the mail server (SMTP host), e.g. smtp.example.com' })
      .trim()
      .min(1, 'enter the mail server (SMTP host), e.g. smtp.example.com')
      .max(253, 'the mail server name is too long')
      .regex(/^[A-Za-z0-9.\-:[\]]+$/, 'the mail server is a host name such as smtp.example.com, without "smtp://" or spaces'),
    port: z.preprocess(unset, port.default(587)),
    security: z.preprocess(unset, z.enum(MAIL_SECURITY, { message: 'choose the security: None, STARTTLS or TLS' }).default('starttls')),
    user: z.preprocess(unset, z.string().trim().max(320, 'the user name is too long').default('')),
    password: z.preprocess(unset, z.string().max(1_024, 'the password is too long').default('')),
    fromName: z.preprocess(unset, z.string().trim().max(100, 'the From name is at most 100 characters').default('')),
    fromAddress: email,
    rateLimitPerSecond: z.preprocess(unset, rate.default(5)),
  })
  .superRefine((s, ctx) => {
    if (s.user && !s.password)
      ctx.addIssue({ code: 'custom', path: ['password'], message: 'enter the password for this user, or clear the user name to send without signing in' });
    if (!s.user && s.password)
      ctx.addIssue({ code: 'custom', path: ['user'], message: 'enter the user name that goes with the password' });
    if (/[\r\n<>"]/.test(s.fromName))
      ctx.addIssue({ code: 'custom', path: ['fromName'], message: 'the From name cannot hold line breaks, quotes or < >' });
  });

export type MailSettings = z.output<typeof mailSettingsSchema>;

export const MAIL_SECRET_FIELDS = ['password'];

export const MAIL_DEFAULTS: Record<string, FieldValue> = {
  host: null,
  port: 587,
  security: 'starttls',
  user: '',
  fromName: '',
  fromAddress: null,
  rateLimitPerSecond: 5,
};

export const MAIL_FIELDS: FieldSpec[] = [
  { key: 'host', group: 'connection', label: 'SMTP server', help: 'The mail server the emails leave through, e.g. smtp.example.com.', kind: 'text', required: true },
  { key: 'port', group: 'connection', label: 'Port', help: 'Usually 587 for STARTTLS, 465 for TLS, 25 for none.', kind: 'number', required: true },
  {
    key: 'security', group: 'connection',
    label: 'Security',
    help: 'STARTTLS (port 587) and TLS (port 465) encrypt the connection; None sends in the clear and suits only a server on this machine.',
    kind: 'select',
    required: true,
    options: [
      { value: 'starttls', label: 'STARTTLS' },
      { value: 'tls', label: 'TLS' },
      { value: 'none', label: 'None' },
    ],
  },
  { key: 'user', group: 'connection', label: 'User name', help: 'The account that signs in to the mail server; leave empty if it needs no sign-in.', kind: 'text', required: false },
  { key: 'password', group: 'connection', label: 'Password', help: "That account's password; kept in the keychain.", kind: 'secret', required: false },
  { key: 'fromName', group: 'connection', label: 'From name', help: 'The name customers see the email come from, e.g. your shop.', kind: 'text', required: false },
  { key: 'fromAddress', group: 'connection', label: 'From address', help: 'The address customers see the email come from and reply to.', kind: 'text', required: true },
  {
    key: 'rateLimitPerSecond', group: 'advanced',
    label: 'Emails a second',
    help: 'At most this many emails a second, so a large import stays within what the mail service allows.',
    kind: 'number',
    required: true,
  },
];

/** Parses merged values and secrets; on failure, the plain-language messages by field. */
export function parseMailSettings(input: Record<string, unknown>): { ok: true; settings: MailSettings } | { ok: false; problems: Record<string, string>; issues: IssueView[] } {
  const r = mailSettingsSchema.safeParse(input);
  if (r.success) return { ok: true, settings: r.data };
  const problems: Record<string, string> = {};
  const issues: IssueView[] = [];
  for (const issue of r.error.issues) {
    const key = String(issue.path[0] ?? '');
    if (key in problems) continue;
    const view = issueView(issue);
    problems[key] = view.message;
    issues.push(view);
  }
  return { ok: false, problems, issues };
}
