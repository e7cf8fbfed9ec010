import { z } from 'zod';
import type { FieldSpec, FieldValue } from '../../../src-preload/contract';

// What staff configure for the Infusion accounting import (the Web Ninja "Sync Settings" page, plus the connection).
// The wire-shape settings (paths, header names) exist because no public sample of Infusion's JSON was found: the
// defaults are what the sandbox serves (see README.md).
const path = z
  .string()
  .trim()
  .min(1)
  .transform((p) => p.replace(/^\/+/, ''));

const uuid = (what: string) =>
  z
    .string()
    .trim()
    .pipe(z.guid({ message: `the ${what} must be a UUID, e.g. 5f1c2a9e-7b3d-4e8a-9c41-0d6e2f8a1b37` }));

const headerName = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9-]+$/, 'a header name is letters, digits and hyphens')
  .transform((h) => h.toLowerCase());

export const WELCOME_EMAIL_MODES = ['password', 'link'] as const;

export const accountingSettingsSchema = z
  .object({
    apiUrl: z
      .url({ protocol: /^https?$/, message: 'the API address must be an http(s) URL, e.g. https://api.example.com/' })
      .transform((u) => (u.endsWith('/') ? u : `${u}/`)),
    licenseUuid: uuid('license UUID'),
    // Secret: the core checks "configured" with a placeholder for each stored secret, so its UUID shape is checked by
    // the client (sessionUuidProblem), not here.
    sessionUuid: z.string().trim().min(1, 'the session UUID is required'),
    licenseHeader: headerName.default('licenseuuid'),
    sessionHeader: headerName.default('sessionuuid'),
    /** The custom field code that flags a customer for the website; empty until staff choose one. */
    showOnWebField: z.string().trim().default(''),
    showOnWebValue: z.string().trim().min(1, 'the Show on Web value is required (a ticked checkbox is "True")').default('True'),
    sendEmails: z.boolean().default(false),
    welcomeEmailMode: z.enum(WELCOME_EMAIL_MODES).default('password'),
    setPasswordLinkHours: z.number().int().min(1).max(720).default(72),
    /** The `url` token of the welcome email: the live website's address. */
    websiteUrl: z.union([z.literal(''), z.url({ protocol: /^https?$/, message: 'the website address must be an http(s) URL' })]).default(''),
    customFieldsPath: path.default('api/v1/customers/custom-fields'),
    customersPath: path.default('api/v1/customers/search'),
    customerSyncPath: path.default('api/v1/sync/customers'),
    pageSize: z.number().int().min(1).max(1_000).default(500),
    timeoutMs: z.number().int().min(1_000).max(300_000).default(30_000),
  })
  .superRefine((s, ctx) => {
    // Without the address the welcome email cannot tell customers where to sign in.
    if (s.sendEmails && !s.websiteUrl)
      ctx.addIssue({ code: 'custom', path: ['websiteUrl'], message: 'the website address is needed when Send Emails is on: the welcome email links to it' });
  });

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Why a session UUID cannot be one, or null. */
export function sessionUuidProblem(value: string): string | null {
  return GUID.test(value.trim()) ? null : 'the session UUID must be a UUID, e.g. a3e7c915-2f4b-4d6e-8a10-b9c3d5e7f246';
}

export type AccountingSettings = z.infer<typeof accountingSettingsSchema>;

export const ACCOUNTING_SECRET_FIELDS = ['sessionUuid'];

export const ACCOUNTING_DEFAULTS: Record<string, FieldValue> = {
  apiUrl: null,
  licenseUuid: null,
  licenseHeader: 'licenseuuid',
  sessionHeader: 'sessionuuid',
  showOnWebField: '',
  showOnWebValue: 'True',
  sendEmails: false,
  welcomeEmailMode: 'password',
  setPasswordLinkHours: 72,
  websiteUrl: '',
  customFieldsPath: 'api/v1/customers/custom-fields',
  customersPath: 'api/v1/customers/search',
  customerSyncPath: 'api/v1/sync/customers',
  pageSize: 500,
  timeoutMs: 30_000,
};

export const ACCOUNTING_FIELDS: FieldSpec[] = [
  { key: 'apiUrl', group: 'connection', label: 'API address', help: "Your Infusion API address, e.g. https://api.example.com/.", kind: 'url', required: true },
  { key: 'licenseUuid', group: 'connection', label: 'License UUID', help: 'The license UUID of your Infusion company file; sent with every call.', kind: 'text', required: true },
  {
    key: 'sessionUuid', group: 'connection',
    label: 'Session UUID',
    help: 'An API session opened for this integration; kept in the keychain. Opening a new session ends this one, and a session unused for 60 days expires: paste the new one here.',
    kind: 'secret',
    required: true,
  },
  {
    key: 'showOnWebField', group: 'behaviour',
    label: 'Show on Web Field',
    help: 'The Infusion custom field that marks which customers are imported. Usually one of the checkboxes: Checkbox Field 1 is the first checkbox, Checkbox Field 2 the second, and so on.',
    // The choices are the Boolean custom fields Infusion lists (client.listBooleanFields), filled in when wired.
    kind: 'select',
    required: false,
    options: [],
  },
  {
    key: 'showOnWebValue', group: 'behaviour',
    label: 'Show on Web Value',
    help: 'The value of that field that imports a customer. For a ticked Infusion checkbox it is "True".',
    kind: 'text',
    required: false,
  },
  {
    key: 'sendEmails', group: 'behaviour',
    label: 'Send Emails',
    help: "Sends the welcome email when a customer's account is imported for the first time (never to one that already exists). Test the import with this set to No first; when that works, set it to Yes and test the email.",
    kind: 'boolean',
    required: false,
  },
  {
    key: 'welcomeEmailMode', group: 'behaviour',
    label: 'Welcome email carries',
    help: 'A generated password (the vendor\'s way), or a single-use link to set one (safer: no password travels by email).',
    kind: 'select',
    required: false,
    options: [
      { value: 'password', label: 'A generated password' },
      { value: 'link', label: 'A link to set a password' },
    ],
  },
  { key: 'setPasswordLinkHours', group: 'behaviour', label: 'Set-password link lasts (hours)', help: 'How long the link in a welcome email works.', kind: 'number', required: false },
  { key: 'websiteUrl', group: 'behaviour', label: 'Website address', help: "Your live website's address: the welcome email links customers to it to sign in. Needed when Send Emails is on.", kind: 'url', required: false },
  { key: 'licenseHeader', group: 'advanced', label: 'License header', help: 'Name of the header that carries the license UUID.', kind: 'text', required: false },
  { key: 'sessionHeader', group: 'advanced', label: 'Session header', help: 'Name of the header that carries the session UUID.', kind: 'text', required: false },
  { key: 'customFieldsPath', group: 'advanced', label: 'Custom fields path', help: "Path of the customers' custom field definitions, relative to the API address (assumed: not public).", kind: 'text', required: false },
  { key: 'customersPath', group: 'advanced', label: 'Customer search path', help: 'Path of the customer search, paged by offset, relative to the API address (assumed: not public).', kind: 'text', required: false },
  { key: 'customerSyncPath', group: 'advanced', label: 'Customer sync feed path', help: 'Path of the customer data synchronisation feed, relative to the API address (assumed: not public).', kind: 'text', required: false },
  { key: 'pageSize', group: 'advanced', label: 'Page size', help: 'Records asked for per call (search pages and sync pages).', kind: 'number', required: false },
  { key: 'timeoutMs', group: 'advanced', label: 'Request timeout (ms)', help: 'How long one call may take, body included, before it counts as failed.', kind: 'number', required: false },
];

/** Settings as the core hands them over (already validated), or validated here when they come from elsewhere. */
export function accountingSettingsOf(settings: Record<string, unknown>): AccountingSettings {
  return accountingSettingsSchema.parse(settings);
}
