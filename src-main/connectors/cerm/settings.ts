import { z } from 'zod';
import type { FieldSpec, FieldValue } from '../../../src-preload/contract';

// What staff configure for CERM. The wire-shape settings (paths, paging) exist because CERM publishes no customer
// list or change feed: the defaults are what the sandbox serves, and "Download customers" is how staff check them.
const path = z
  .string()
  .trim()
  .min(1)
  .transform((p) => p.replace(/^\/+/, ''));

export const cermSettingsSchema = z.object({
  apiUrl: z
    .url({ protocol: /^https?$/, message: 'the API endpoint must be an http(s) URL, e.g. https://yourcompany-api.cerm.be/' })
    .transform((u) => (u.endsWith('/') ? u : `${u}/`)),
  clientId: z.string().trim().min(1, 'the client id is required'),
  clientSecret: z.string().min(1, 'the client secret is required'),
  username: z.string().trim().min(1, 'the username is required'),
  password: z.string().min(1, 'the password is required'),
  autoLinkDepartment: z.boolean().default(false),
  autoLinkRequired: z.boolean().default(false),
  autoCreateCustomers: z.boolean().default(false),
  syncAddresses: z.boolean().default(true),
  // Shown as a field label and a column header: a few words, never markup or a row of symbols.
  costCodeLabel: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .regex(/^[\p{L}\p{N}][\p{L}\p{N} .,'()/&#-]*$/u, 'a label of letters, digits and spaces (and . , \' ( ) / & # -), such as PO number: it shows on the registration form and as a column header')
    .default('Cost code'),
  customersPath: path.default('customer-api/v1/customers'),
  pagingScheme: z.enum(['page', 'offset']).default('page'),
  pageParam: z.string().trim().min(1).default('page'),
  pageSizeParam: z.string().trim().min(1).default('pageSize'),
  pageSize: z.number().int().min(1).max(5_000).default(500),
  addressesChangedPath: path.default('address-api/v1/addresses'),
  liveSearchParam: z.string().trim().min(1).default('search'),
  timeoutMs: z.number().int().min(1_000).max(300_000).default(30_000),
  feedOverlapSeconds: z.number().int().min(0).max(86_400).default(60),
});

export type CermSettings = z.infer<typeof cermSettingsSchema>;

export const CERM_SECRET_FIELDS = ['clientSecret', 'password'];

export const CERM_DEFAULTS: Record<string, FieldValue> = {
  apiUrl: null,
  clientId: null,
  username: null,
  autoLinkDepartment: false,
  autoLinkRequired: false,
  autoCreateCustomers: false,
  syncAddresses: true,
  costCodeLabel: 'Cost code',
  customersPath: 'customer-api/v1/customers',
  pagingScheme: 'page',
  pageParam: 'page',
  pageSizeParam: 'pageSize',
  pageSize: 500,
  addressesChangedPath: 'address-api/v1/addresses',
  liveSearchParam: 'search',
  timeoutMs: 30_000,
  feedOverlapSeconds: 60,
};

export const CERM_FIELDS: FieldSpec[] = [
  { key: 'apiUrl', group: 'connection', label: 'API endpoint', help: "Your company's own CERM API address, e.g. https://yourcompany-api.cerm.be/.", kind: 'url', required: true },
  { key: 'clientId', group: 'connection', label: 'Client id', help: 'The API client id CERM issued for this integration.', kind: 'text', required: true },
  { key: 'clientSecret', group: 'connection', label: 'Client secret', help: 'The secret that goes with the client id; kept in the keychain.', kind: 'secret', required: true },
  { key: 'username', group: 'connection', label: 'Username', help: 'The CERM user the integration signs in as.', kind: 'text', required: true },
  { key: 'password', group: 'connection', label: 'Password', help: "That user's password; kept in the keychain.", kind: 'secret', required: true },
  {
    key: 'autoLinkDepartment', group: 'behaviour',
    label: 'Place registrants in a department by cost code',
    help: 'A new registrant whose cost code matches a CERM customer linked to a department is placed in that department.',
    kind: 'boolean',
    required: false,
  },
  {
    key: 'autoLinkRequired', group: 'behaviour',
    label: 'Cost code required at registration',
    help: 'Makes the cost code field mandatory on the registration form (the reference calls this "Automatically link to department is required").',
    kind: 'boolean',
    required: false,
  },
  {
    key: 'autoCreateCustomers', group: 'behaviour',
    label: 'Create new registrants as CERM customers',
    help: 'Registrants not placed in a department by cost code are created in CERM, and the CERM id is kept on the customer.',
    kind: 'boolean',
    required: false,
  },
  {
    key: 'syncAddresses', group: 'behaviour',
    label: 'Sync addresses from CERM',
    help: 'Addresses of customers linked to a CERM account are brought in and kept current, marked as coming from CERM.',
    kind: 'boolean',
    required: false,
  },
  {
    key: 'costCodeLabel', group: 'behaviour',
    label: 'Cost code label',
    help: 'What the registration form calls the "Custom One" field that CERM uses as the cost code.',
    kind: 'text',
    required: false,
  },
  {
    key: 'customersPath', group: 'advanced',
    label: 'Customer list path',
    help: 'Path of the customer list, relative to the endpoint (not public in CERM: check it with Download customers).',
    kind: 'text',
    required: false,
  },
  {
    key: 'pagingScheme', group: 'advanced',
    label: 'Paging scheme',
    help: 'How the customer list pages: by page number (1, 2, 3...) or by record offset (0, 500, 1000...).',
    kind: 'select',
    required: false,
    options: [
      { value: 'page', label: 'Page number' },
      { value: 'offset', label: 'Record offset' },
    ],
  },
  { key: 'pageParam', group: 'advanced', label: 'Page parameter', help: 'Query parameter that carries the page number or offset.', kind: 'text', required: false },
  { key: 'pageSizeParam', group: 'advanced', label: 'Page size parameter', help: 'Query parameter that carries the page size.', kind: 'text', required: false },
  { key: 'pageSize', group: 'advanced', label: 'Page size', help: 'Records asked for per page (customers and changed addresses).', kind: 'number', required: false },
  {
    key: 'addressesChangedPath', group: 'advanced',
    label: 'Changed addresses path',
    help: 'Path of the address list that can be filtered by change time, relative to the endpoint.',
    kind: 'text',
    required: false,
  },
  { key: 'liveSearchParam', group: 'advanced', label: 'Search parameter', help: 'Query parameter of the customer list that searches by text (live search).', kind: 'text', required: false },
  {
    key: 'feedOverlapSeconds', group: 'advanced',
    label: 'Change feed overlap (s)',
    help: 'Each address sync re-reads changes this far back before the last one seen, in case CERM stamps changes coarsely or commits late; re-read addresses count as unchanged.',
    kind: 'number',
    required: false,
  },
  { key: 'timeoutMs', group: 'advanced', label: 'Request timeout (ms)', help: 'How long one call may take, body included, before it counts as failed.', kind: 'number', required: false },
];

/** Settings as the core hands them over (already validated), or validated here when they come from elsewhere. */
export function cermSettingsOf(settings: Record<string, unknown>): CermSettings {
  return cermSettingsSchema.parse(settings);
}
