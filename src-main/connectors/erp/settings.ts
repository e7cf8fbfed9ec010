import { z } from 'zod';
import type { FieldSpec, FieldValue } from '../../../src-preload/contract';

// What staff configure for the ERP connection (an Acumatica-style contract-based REST API, see README.md). The ERP is
// the data of record: account editing on the platform may be restricted to the ERP.
export const ACCOUNT_EDITING = ['allowed', 'restricted'] as const;

export const erpSettingsSchema = z.object({
  baseUrl: z
    .url({ protocol: /^https?$/, message: 'the ERP address must be an http(s) URL, e.g. https://erp.example.com/ or https://erp.example.com/MyInstance/' })
    .transform((u) => (u.endsWith('/') ? u : `${u}/`)),
  endpointVersion: z
    .string()
    .trim()
    .regex(/^\d{2}\.\d{3}\.\d{3}$/, 'the endpoint version looks like 24.200.001')
    .default('24.200.001'),
  username: z.string().trim().min(1, 'the user name is required'),
  password: z.string().min(1, 'the password is required'),
  /** The tenant (company) signed in to; empty on a single-tenant site. */
  tenant: z.string().trim().default(''),
  pageSize: z.number().int().min(1).max(10_000).default(500),
  timeoutMs: z.number().int().min(1_000).max(300_000).default(60_000),
  orderType: z
    .string()
    .trim()
    .regex(/^[A-Z0-9]{2}$/i, 'the order type must be two letters or digits, e.g. SO')
    .transform((t) => t.toUpperCase())
    .default('SO'),
  /** The incremental read asks for changes since the last one minus this much: a change saved mid-read is not missed. */
  overlapSeconds: z.number().int().min(0).max(86_400).default(60),
  accountEditing: z.enum(ACCOUNT_EDITING).default('allowed'),
  /** The shop contacts sign in to: their set-password links point to its set-password page. */
  websiteUrl: z.union([z.literal(''), z.url({ protocol: /^https?$/, message: 'the website address must be an http(s) URL, e.g. https://shop.example.com/' })]).default(''),
});

export type ErpSettings = z.infer<typeof erpSettingsSchema>;

export const ERP_SECRET_FIELDS = ['password'];

export const ERP_DEFAULTS: Record<string, FieldValue> = {
  baseUrl: null,
  endpointVersion: '24.200.001',
  username: null,
  tenant: '',
  pageSize: 500,
  timeoutMs: 60_000,
  orderType: 'SO',
  overlapSeconds: 60,
  accountEditing: 'allowed',
  websiteUrl: '',
};

export const ERP_FIELDS: FieldSpec[] = [
  { key: 'baseUrl', group: 'connection', label: 'ERP address', help: 'The address of your ERP site, with the instance name if it has one, e.g. https://erp.example.com/MyInstance/.', kind: 'url', required: true },
  {
    key: 'endpointVersion', group: 'advanced',
    label: 'Endpoint version',
    help: 'The version of the Default web service endpoint to use, e.g. 24.200.001. Your ERP lists the versions it offers at /entity.',
    kind: 'text',
    required: false,
  },
  { key: 'username', group: 'connection', label: 'User name', help: 'An ERP user set aside for this integration, with rights to customers, contacts, prices and sales orders.', kind: 'text', required: true },
  { key: 'password', group: 'connection', label: 'Password', help: "That user's password; kept in the keychain.", kind: 'secret', required: true },
  { key: 'tenant', group: 'connection', label: 'Company (tenant)', help: 'The tenant to sign in to, as on the ERP sign-in page. Leave empty when the site has only one.', kind: 'text', required: false },
  { key: 'pageSize', group: 'advanced', label: 'Page size', help: 'Records asked for per call when reading customers, contacts, locations and prices.', kind: 'number', required: false },
  { key: 'timeoutMs', group: 'advanced', label: 'Request timeout (ms)', help: 'How long one call may take, body included, before it counts as failed.', kind: 'number', required: false },
  { key: 'orderType', group: 'behaviour', label: 'Order type', help: 'The ERP order type web orders are entered as, e.g. SO. Every web order uses this one type.', kind: 'text', required: false },
  {
    key: 'overlapSeconds', group: 'advanced',
    label: 'Overlap of each read (seconds)',
    help: 'Each sync reads the accounts changed since the last one, starting this many seconds earlier, so a change saved while the last read ran is not missed. Records read twice are simply unchanged.',
    kind: 'number',
    required: false,
  },
  {
    key: 'accountEditing', group: 'behaviour',
    label: 'Account editing on the platform',
    help: 'The ERP is the data of record. Allowed: staff may edit accounts here, and the changes reach the ERP with the next order for the account (a sync from the ERP before then overwrites them). Restricted: accounts are edited in the ERP only.',
    kind: 'select',
    required: false,
    options: [
      { value: 'allowed', label: 'Allowed (sent with the next order)' },
      { value: 'restricted', label: 'Restricted to the ERP' },
    ],
  },
  {
    key: 'websiteUrl', group: 'behaviour',
    label: 'Website address',
    help: "Your shop's address. A contact added to an account gets an email with a link to set a password on its set-password page; without an address no such email can be sent.",
    kind: 'url',
    required: false,
  },
];

/** Settings as the core hands them over (already validated), or validated here when they come from elsewhere. */
export function erpSettingsOf(settings: Record<string, unknown>): ErpSettings {
  return erpSettingsSchema.parse(settings);
}
