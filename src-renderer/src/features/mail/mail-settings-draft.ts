import { channels, issueViews, type ChannelInput, type IssueView, type MailSettingsView } from '../../../../src-preload/contract';
import { placeByField } from '../../components/field-issues';

// Settings > Email as the form holds it: numbers as typed, the password write-only (typed to replace, or removed).

export type MailSecurity = MailSettingsView['security'];

export interface MailDraft {
  host: string;
  port: string;
  security: MailSecurity;
  user: string;
  /** A new password; empty leaves the stored one as it is. */
  password: string;
  removePassword: boolean;
  fromName: string;
  fromAddress: string;
  rateLimitPerSecond: string;
}

export const MAIL_FIELDS = ['host', 'port', 'security', 'user', 'password', 'fromName', 'fromAddress', 'rateLimitPerSecond'] as const;
export type MailField = (typeof MAIL_FIELDS)[number];

export const SECURITY_CHOICES: readonly { value: MailSecurity; label: string; port: number; help: string }[] = [
  { value: 'none', label: 'None', port: 25, help: 'Plain SMTP, usually port 25: only for a relay on your own network.' },
  { value: 'starttls', label: 'STARTTLS', port: 587, help: 'Starts plain and upgrades to TLS, usually port 587 (submission).' },
  { value: 'tls', label: 'TLS', port: 465, help: 'TLS from the first byte, usually port 465 (SMTPS).' },
];

const USUAL_PORTS = new Set(SECURITY_CHOICES.map((c) => String(c.port)));

export function usualPort(security: MailSecurity): number {
  return SECURITY_CHOICES.find((c) => c.value === security)!.port;
}

export function draftFromMailView(view: MailSettingsView): MailDraft {
  return {
    host: view.host,
    port: String(view.port),
    security: view.security,
    user: view.user,
    password: '',
    removePassword: false,
    fromName: view.fromName,
    fromAddress: view.fromAddress,
    rateLimitPerSecond: String(view.rateLimitPerSecond),
  };
}

/** Picking a security suggests its usual port, unless the port typed is not one of the usual ones (the staff's own). */
export function withSecurity(draft: MailDraft, security: MailSecurity): MailDraft {
  const port = draft.port.trim() === '' || USUAL_PORTS.has(draft.port.trim()) ? String(usualPort(security)) : draft.port;
  return { ...draft, security, port };
}

function wholeNumber(text: string): number | null {
  const t = text.trim();
  return /^\d{1,9}$/.test(t) ? Number(t) : null;
}

/** The save's input, or the fields that cannot be sent as typed (a port that is not a number). */
export function mailSavePayload(draft: MailDraft): { ok: true; input: ChannelInput<'mail:save-settings'> } | { ok: false; errors: Partial<Record<MailField, string>> } {
  const errors: Partial<Record<MailField, string>> = {};
  const port = wholeNumber(draft.port);
  const rate = wholeNumber(draft.rateLimitPerSecond);
  if (port == null || port < 1 || port > 65_535) errors.port = 'Port must be a whole number from 1 to 65535.';
  if (rate == null || rate < 1 || rate > 100) errors.rateLimitPerSecond = 'Rate limit must be a whole number of emails a second, from 1 to 100.';
  const input: ChannelInput<'mail:save-settings'> = {
    host: draft.host.trim(),
    port: port ?? 587,
    security: draft.security,
    user: draft.user.trim(),
    fromName: draft.fromName.trim(),
    fromAddress: draft.fromAddress.trim(),
    rateLimitPerSecond: rate ?? 1,
  };
  // The text fields checked against the contract's own schema, so a bad host or From address is said together with
  // a bad port, each beside its field, and nothing is sent.
  const checked = channels['mail:save-settings'].input.safeParse(input);
  if (!checked.success)
    for (const [key, messages] of Object.entries(mailIssuesByField(issueViews(checked.error)).byField) as [MailField, string[]][])
      if (key !== 'port' && key !== 'rateLimitPerSecond' && messages.length) errors[key] ??= messages.join(' ');
  if (port == null || rate == null || Object.keys(errors).length > 0) return { ok: false, errors };
  // Absent leaves the stored password as it is; null removes it.
  if (draft.password !== '') input.password = draft.password;
  else if (draft.removePassword) input.password = null;
  return { ok: true, input };
}

export function isMailDirty(view: MailSettingsView, draft: MailDraft): boolean {
  const initial = draftFromMailView(view);
  return MAIL_FIELDS.some((k) => (k === 'password' ? draft.password !== '' : initial[k] !== draft[k])) || draft.removePassword;
}

/** The fields as the Mail settings screen labels them. */
export const MAIL_LABELS: Record<MailField, string> = {
  host: 'SMTP host',
  port: 'Port',
  security: 'Security',
  user: 'User',
  password: 'Password',
  fromName: 'From name',
  fromAddress: 'From address',
  rateLimitPerSecond: 'Rate limit (emails a second)',
};

/** Issues of a refused save by field (worded with its label), and those no field can show. */
export function mailIssuesByField(issues: readonly IssueView[] = []): { byField: Partial<Record<MailField, string[]>>; other: IssueView[] } {
  return placeByField(issues, MAIL_FIELDS, MAIL_LABELS);
}

export function passwordState(view: MailSettingsView, draft: MailDraft): { label: string; intent: 'success' | 'none' | 'warning' | 'danger' } {
  if (draft.removePassword) return { label: 'removed on save', intent: 'warning' };
  if (draft.password !== '') return { label: 'replaced on save', intent: 'warning' };
  if (view.password === 'unavailable') return { label: 'keychain not reachable now', intent: 'danger' };
  return view.password === 'set' ? { label: 'set', intent: 'success' } : { label: 'not set', intent: 'none' };
}
