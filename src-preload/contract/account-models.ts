import { z } from 'zod';

// B2B accounts as staff see them (Customers > Accounts). The ERP is the data of record: some fields are its own, and
// web edits wait as pending changes until the account's next order carries them to the ERP.

/** The fields of an account, as the account page shows and edits them (amounts in cents). */
export const AccountFieldsView = z.object({
  accountNumber: z.string().nullable(),
  name: z.string(),
  status: z.enum(['enabled', 'disabled']),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  addressLine1: z.string().nullable(),
  addressLine2: z.string().nullable(),
  city: z.string().nullable(),
  state: z.string().nullable(),
  postalCode: z.string().nullable(),
  country: z.string().nullable(),
  paymentTerms: z.string().nullable(),
  repCode: z.string().nullable(),
  priceLevel: z.string().nullable(),
  shipVia: z.string().nullable(),
  minOrderCents: z.number().nullable(),
  poRequired: z.boolean(),
  erpCustomerId: z.string().nullable(),
});

/** Each account field as the account page, its History and its pending changes name it (main and renderer alike). */
export const ACCOUNT_FIELD_LABELS: Readonly<Record<keyof z.infer<typeof AccountFieldsView>, string>> = {
  accountNumber: 'Account number',
  name: 'Account name',
  status: 'Status',
  email: 'Email',
  phone: 'Phone',
  addressLine1: 'Address line 1',
  addressLine2: 'Address line 2',
  city: 'City',
  state: 'State',
  postalCode: 'Postal code',
  country: 'Country',
  paymentTerms: 'Payment terms',
  repCode: 'Representative code',
  priceLevel: 'Price level',
  shipVia: 'Ship via',
  minOrderCents: 'Minimum order',
  poRequired: 'PO number required',
  erpCustomerId: 'ERP customer id',
};

export const AccountView = AccountFieldsView.extend({ id: z.number(), createdAt: z.number(), updatedAt: z.number() });
export type AccountView = z.infer<typeof AccountView>;

/** One line of the account search. */
export const AccountSummary = z.object({
  id: z.number(),
  accountNumber: z.string().nullable(),
  name: z.string(),
  status: z.enum(['enabled', 'disabled']),
  email: z.string().nullable(),
  city: z.string().nullable(),
  priceLevel: z.string().nullable(),
  repCode: z.string().nullable(),
  /** Web edits waiting for the next order. */
  pendingChanges: z.number(),
});
export type AccountSummary = z.infer<typeof AccountSummary>;

export const AccountCursor = z.object({ name: z.string(), id: z.number() });
export type AccountCursor = z.infer<typeof AccountCursor>;
export const AccountPage = z.object({ rows: z.array(AccountSummary), nextCursor: AccountCursor.nullable() });
export type AccountPage = z.infer<typeof AccountPage>;

/**
 * Whether staff may edit accounts here. allowed: edits are kept as pending changes and go to the ERP with the next
 * order. restricted: the ERP is the only place to edit (reason says so). No ERP connection: edits stay here.
 */
export const AccountEditingView = z.object({
  mode: z.enum(['allowed', 'restricted', 'local']),
  /** The system of record as staff know it ("ERP"), null without one. */
  systemName: z.string().nullable(),
  /** Plain words for the page: why the fields are read-only, or where edits go. */
  message: z.string(),
  /** Fields imported from the ERP: shown with "from the ERP; change it there", overwritten by the next sync. */
  erpOwnedFields: z.array(z.string()),
});
export type AccountEditingView = z.infer<typeof AccountEditingView>;

export const ContactView = z.object({
  id: z.number(),
  accountId: z.number(),
  name: z.string(),
  email: z.string(),
  phone: z.string().nullable(),
  loginEnabled: z.boolean(),
  hasPassword: z.boolean(),
  /** A password email queued or sent: its status in words (Sent mail has the detail). */
  passwordEmail: z.string().nullable(),
  erpContactId: z.string().nullable(),
  createdAt: z.number(),
});
export type ContactView = z.infer<typeof ContactView>;

export const ShipToView = z.object({
  id: z.number(),
  name: z.string().nullable(),
  line1: z.string().nullable(),
  line2: z.string().nullable(),
  city: z.string().nullable(),
  state: z.string().nullable(),
  postalCode: z.string().nullable(),
  country: z.string().nullable(),
  /** The ERP's location id; null for an address first used on a web order and not in the ERP yet. */
  erpLocationId: z.string().nullable(),
});
export type ShipToView = z.infer<typeof ShipToView>;

export const PendingChangeView = z.object({
  id: z.number(),
  field: z.string(),
  /** The field's label as the page shows it. */
  label: z.string(),
  value: z.string().nullable(),
  status: z.enum(['pending', 'pushed', 'lost', 'reapplied']),
  createdAt: z.number(),
  pushedAt: z.number().nullable(),
  /** The order that carried it to the ERP. */
  orderNumber: z.string().nullable(),
});
export type PendingChangeView = z.infer<typeof PendingChangeView>;

export const AccountDetail = z.object({
  account: AccountView,
  editing: AccountEditingView,
  contacts: z.array(ContactView),
  addresses: z.array(ShipToView),
  /** The account's web edits, oldest first: waiting for the next order, carried by one (its number), lost or re-applied. */
  pending: z.array(PendingChangeView),
  /** Contacts can be added once the ERP has the account (it has an account number). */
  canAddContacts: z.boolean(),
});
export type AccountDetail = z.infer<typeof AccountDetail>;

/** One field an ERP sync changed: what the web had, what the ERP said, and whether a web edit was lost. */
export const HistoryEntryView = z.object({
  id: z.number(),
  field: z.string(),
  label: z.string(),
  webValue: z.string().nullable(),
  erpValue: z.string().nullable(),
  lost: z.boolean(),
  at: z.number(),
  /** The sync run that wrote it (Sync Status > run). */
  runId: z.number().nullable(),
  /** The lost web edit, when there was one. */
  changeId: z.number().nullable(),
  /** The lost edit may be queued again for the next order (not yet re-applied). */
  canReapply: z.boolean(),
});
export type HistoryEntryView = z.infer<typeof HistoryEntryView>;

export const PriceScopeView = z.union([z.object({ accountId: z.number() }), z.object({ priceLevel: z.string() })]);

/** One item's price for an account: the imported ERP price and the manual override, told apart. */
export const PriceLineView = z.object({
  item: z.string(),
  /** From the ERP's price export (the account's own price, else its price level's). */
  imported: z.object({ priceCents: z.number(), scope: z.enum(['account', 'price_level']), importedAt: z.number() }).nullable(),
  /** Entered on the platform; a full ERP export never changes or deletes it. */
  override: z
    .object({ id: z.number(), kind: z.enum(['price', 'discount']), value: z.number(), scope: z.enum(['account', 'price_level']), createdBy: z.string(), createdAt: z.number() })
    .nullable(),
  /** What the account pays: the override applied to the imported price. */
  priceCents: z.number().nullable(),
});
export type PriceLineView = z.infer<typeof PriceLineView>;
export const PricePage = z.object({ rows: z.array(PriceLineView), nextCursor: z.string().nullable(), importedCount: z.number(), overrideCount: z.number() });
export type PricePage = z.infer<typeof PricePage>;

export const OrderView = z.object({
  id: z.number(),
  orderNumber: z.string(),
  accountId: z.number().nullable(),
  contactName: z.string().nullable(),
  customerEmail: z.string().nullable(),
  status: z.enum(['placed', 'pushed', 'failed', 'cancelled']),
  erpOrderId: z.string().nullable(),
  lines: z.number(),
  totalCents: z.number(),
  createdAt: z.number(),
});
export type OrderView = z.infer<typeof OrderView>;
export const OrderPage = z.object({ rows: z.array(OrderView), nextCursor: z.number().nullable() });
