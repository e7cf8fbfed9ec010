import { z } from 'zod';
import { Empty, RowId, SearchText, Text } from './common';
import { AccountCursor, AccountDetail, AccountPage, ContactView, HistoryEntryView, OrderPage, PricePage } from './account-models';

// Customers > Accounts: B2B accounts, their contacts, pricing and history. Edits obey the account editing setting of
// the system of record (the ERP connection): restricted edits are refused here, whichever client sends them.

const optional = (max: number) => Text(max).nullable().optional();
const Email = z.string().trim().toLowerCase().email('a valid email address').max(254);
const Cents = z.number().int().min(0).max(1_000_000_000);

/** The fields staff edit on an account page (required ones are marked * on the form). */
export const AccountEdit = z
  .object({
    name: Text(200).min(1, 'required'),
    email: Email.nullable(),
    phone: optional(40),
    addressLine1: Text(200).min(1, 'required'),
    addressLine2: optional(200),
    city: Text(100).min(1, 'required'),
    state: optional(100),
    postalCode: Text(20).min(1, 'required'),
    country: Text(2).regex(/^[A-Za-z]{2}$/, 'a two-letter country code, e.g. US').transform((c) => c.toUpperCase()),
    paymentTerms: optional(30),
    repCode: optional(30),
    priceLevel: optional(30),
    shipVia: optional(30),
    minOrderCents: Cents.nullable().optional(),
    poRequired: z.boolean().optional(),
  })
  .strict();
export type AccountEdit = z.infer<typeof AccountEdit>;

/** Required on + Add Account (marked with an asterisk). */
export const ACCOUNT_REQUIRED_FIELDS = ['name', 'email', 'addressLine1', 'city', 'postalCode', 'country'] as const;

export const NewAccountInput = AccountEdit.extend({ email: Email }).strict();

export const NewContactInput = z
  .object({
    accountId: RowId,
    name: Text(200).min(1, 'required'),
    email: Email,
    phone: optional(40),
    loginEnabled: z.boolean().default(true),
    /** Email a link to set a password, as imported customers get. */
    sendPasswordEmail: z.boolean().default(true),
  })
  .strict();

export const OverrideInput = z
  .object({
    scope: z.union([z.object({ accountId: RowId }).strict(), z.object({ priceLevel: Text(30).min(1) }).strict()]),
    item: Text(60).min(1, 'required'),
    kind: z.enum(['price', 'discount']),
    /** Cents for a price, percent (above 0, up to 100) for a discount. */
    value: z.number().positive().max(1_000_000_000),
  })
  .strict()
  .superRefine((o, ctx) => {
    if (o.kind === 'price' && !Number.isInteger(o.value)) ctx.addIssue({ code: 'custom', path: ['value'], message: 'a price is whole cents' });
    if (o.kind === 'discount' && o.value > 100) ctx.addIssue({ code: 'custom', path: ['value'], message: 'a discount is a percent up to 100' });
  });

export const accountChannels = {
  'accounts:search': {
    input: z
      .object({
        q: SearchText(100).optional(),
        status: z.enum(['enabled', 'disabled']).optional(),
        cursor: AccountCursor.nullable().default(null),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .strict(),
    output: AccountPage,
  },
  'accounts:get': { input: z.object({ id: RowId }).strict(), output: AccountDetail },
  'accounts:create': { input: NewAccountInput, output: AccountDetail },
  // Refused ('forbidden') while account editing is restricted to the ERP; otherwise kept as pending changes (with no
  // ERP connected, applied here only). accounts:create and accounts:reapply are refused alike while restricted.
  'accounts:update': { input: z.object({ id: RowId, patch: AccountEdit.partial() }).strict(), output: AccountDetail },
  // Disabled: no contact of the account signs in. Allowed in either editing mode (it is the platform's, not the ERP's).
  'accounts:set-status': { input: z.object({ id: RowId, status: z.enum(['enabled', 'disabled']) }).strict(), output: AccountDetail },
  'accounts:history': { input: z.object({ id: RowId }).strict(), output: z.array(HistoryEntryView) },
  // Queues a lost web edit again for the account's next order.
  'accounts:reapply': { input: z.object({ changeId: RowId }).strict(), output: AccountDetail },
  'accounts:add-contact': { input: NewContactInput, output: ContactView },
  'accounts:set-contact-login': { input: z.object({ contactId: RowId, enabled: z.boolean() }).strict(), output: ContactView },
  'accounts:send-password-email': { input: z.object({ contactId: RowId }).strict(), output: ContactView },
  'accounts:prices': {
    input: z.object({ accountId: RowId, q: SearchText(60).optional(), cursor: z.string().max(60).nullable().default(null), limit: z.number().int().min(1).max(500).default(100) }).strict(),
    output: PricePage,
  },
  'accounts:add-override': { input: OverrideInput, output: z.object({ id: z.number() }) },
  'accounts:delete-override': { input: z.object({ id: RowId }).strict(), output: z.object({ deleted: z.boolean() }) },
  'accounts:orders': { input: z.object({ accountId: RowId, cursor: z.number().int().positive().nullable().default(null) }).strict(), output: OrderPage },
  // Sandbox mode: the storefront simulator places orders through POST /platform/orders (B2B by existing contacts, B2C checkouts).
  'sandbox:storefront-orders': {
    input: z.object({ count: z.number().int().min(1).max(500), kind: z.enum(['b2b', 'b2c', 'mixed']).default('mixed') }).strict(),
    output: z.object({ sent: z.number(), failed: z.number(), outcomes: z.record(z.string(), z.number()), durationMs: z.number() }),
  },
  'accounts:editing': { input: Empty, output: AccountDetail.shape.editing },
} as const;
