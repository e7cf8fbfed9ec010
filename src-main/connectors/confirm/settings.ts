import { z } from 'zod';
import type { FieldSpec, FieldValue } from '../../../src-preload/contract';
import { isKnownTimeZone } from './logged-time';

// The General tab of the reference, one setting each, plus the request timeout (Confirm can be slow: public clients
// wait minutes, and Confirm itself gives up on a request after about 300 s).
const httpUrl = (what: string) => z.url({ protocol: /^https?$/, message: `${what} must be an http(s) URL` });

const optionalText = z
  .string()
  .trim()
  .nullish()
  .transform((v) => (v ? v : null));

export const confirmSettingsSchema = z.object({
  enabled: z.boolean().default(true),
  endpoint: httpUrl('the endpoint'),
  username: z.string().trim().min(1, 'the username is required'),
  password: z.string().min(1, 'the password is required'),
  tenantId: z.string().trim().min(1, 'the Tenant ID (Database ID) is required'),
  cacheLookupsSeconds: z
    .number()
    .int()
    .min(0, 'the lookup cache time cannot be negative')
    .max(7 * 86_400)
    .nullish()
    .transform((v) => v ?? 0),
  externalSystemNumber: optionalText,
  timezone: z
    .string()
    .trim()
    .default('Europe/London')
    .refine((zone) => isKnownTimeZone(zone), { message: 'the timezone must be an IANA zone name such as Europe/London' }),
  setLoggedTime: z.boolean().default(false),
  confirmWebBaseUrl: z
    .union([httpUrl('the ConfirmWeb address'), z.literal(''), z.null()])
    .optional()
    // Public clients append "{tenant}/oauth/token" straight to it, so it always ends with a slash.
    .transform((u) => (u ? (u.endsWith('/') ? u : `${u}/`) : null)),
  timeoutMs: z.number().int().min(1_000).max(600_000).default(120_000),
});

export type ConfirmSettings = z.infer<typeof confirmSettingsSchema>;

export const CONFIRM_SECRET_FIELDS = ['password'];

export const CONFIRM_DEFAULTS: Record<string, FieldValue> = {
  enabled: true,
  endpoint: null,
  username: null,
  tenantId: null,
  cacheLookupsSeconds: 1_800,
  externalSystemNumber: null,
  timezone: 'Europe/London',
  setLoggedTime: false,
  confirmWebBaseUrl: null,
  timeoutMs: 120_000,
};

let zoneOptions: { value: string; label: string }[] | null = null;

/** The zone's offset at `at`, e.g. "UTC+01:00" (the label says "now": it moves with daylight saving time). */
export function utcOffset(zone: string, at: Date): string {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const offset = name.replace(/^GMT/, '');
  return `UTC${offset || '+00:00'} now`;
}

function timeZoneOptions(): { value: string; label: string }[] {
  zoneOptions ??= ['UTC', ...Intl.supportedValuesOf('timeZone')].map((z) => ({ value: z, label: `${z.replace(/_/g, ' ')} (${utcOffset(z, new Date())})` }));
  return zoneOptions;
}

export const CONFIRM_FIELDS: FieldSpec[] = [
  { key: 'enabled', group: 'connection', label: 'Enabled', help: 'Turns the Confirm integration on or off; when on, saving first connects to Confirm.', kind: 'boolean', required: false },
  { key: 'endpoint', group: 'connection', label: 'Endpoint', help: 'The URL of the Confirm CRM Connector web service.', kind: 'url', required: true },
  { key: 'username', group: 'connection', label: 'Username', help: 'The Confirm user that SyncDesk transacts as.', kind: 'text', required: true },
  { key: 'password', group: 'connection', label: 'Password', help: "That user's password; kept in the keychain.", kind: 'secret', required: true },
  { key: 'tenantId', group: 'connection', label: 'Tenant ID', help: 'The Tenant ID of your Confirm environment (also known as Database ID).', kind: 'text', required: true },
  {
    key: 'cacheLookupsSeconds', group: 'advanced',
    label: 'Cache lookups for (seconds)',
    help: 'How long code lists (services, subjects, statuses...) are kept before asking Confirm again; empty or 0 for no caching.',
    kind: 'number',
    required: false,
  },
  {
    key: 'externalSystemNumber', group: 'behaviour',
    label: 'External System Number',
    help: 'The System Number Confirm gave SyncDesk as an External System; needed to receive updates from Confirm.',
    kind: 'text',
    required: false,
  },
  { key: 'timezone', group: 'behaviour', label: 'Timezone', help: 'The time zone your Confirm instance runs in; times sent and read are in this zone.', kind: 'select', required: false, options: timeZoneOptions() },
  {
    key: 'setLoggedTime', group: 'behaviour',
    label: 'Logged time is when the rule fired',
    help: "The Enquiry's Logged Time is the moment the rule fired, so Confirm's SLAs count from then even if Confirm was down for a while; when off, Confirm uses its own time when the Enquiry arrives (the reference calls this \"Set Logged Time?\").",
    kind: 'boolean',
    required: false,
  },
  {
    key: 'confirmWebBaseUrl', group: 'behaviour',
    label: 'ConfirmWeb address (for file uploads)',
    help: 'When set, files attached to a case are uploaded to Confirm itself; when empty, an Enquiry Document links to the file in SyncDesk (the reference calls this "ConfirmWeb base url").',
    kind: 'url',
    required: false,
  },
  { key: 'timeoutMs', group: 'advanced', label: 'Request timeout (ms)', help: 'How long one call to Confirm may take before it counts as failed (Confirm can be slow).', kind: 'number', required: false },
];

export function confirmSettingsOf(settings: Record<string, unknown>): ConfirmSettings {
  return confirmSettingsSchema.parse(settings);
}
