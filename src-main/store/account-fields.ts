// An account's fields, their columns, and their text form (history rows and pending changes hold any field's value
// as text, so one table serves every field).

export interface AccountFields {
  /** The ERP's CustomerID; null until the ERP has the account. */
  accountNumber: string | null;
  name: string;
  status: 'enabled' | 'disabled';
  email: string | null;
  phone: string | null;
  addressLine1: string | null;
  addressLine2: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  country: string | null;
  paymentTerms: string | null;
  repCode: string | null;
  priceLevel: string | null;
  shipVia: string | null;
  minOrderCents: number | null;
  poRequired: boolean;
  /** The ERP's own record id. */
  erpCustomerId: string | null;
}

export type AccountField = keyof AccountFields;

export interface AccountRow extends AccountFields {
  id: number;
  createdAt: number;
  updatedAt: number;
}

/** What staff edit on the platform and the next order carries to the ERP (status, numbers and ids are not edits). */
export type WebEditableField = Exclude<AccountField, 'status' | 'accountNumber' | 'erpCustomerId'>;

export const COLUMN: Readonly<Record<AccountField, string>> = {
  accountNumber: 'account_number',
  name: 'name',
  status: 'status',
  email: 'email',
  phone: 'phone',
  addressLine1: 'address_line1',
  addressLine2: 'address_line2',
  city: 'city',
  state: 'state',
  postalCode: 'postal_code',
  country: 'country',
  paymentTerms: 'payment_terms',
  repCode: 'rep_code',
  priceLevel: 'price_level',
  shipVia: 'ship_via',
  minOrderCents: 'min_order_cents',
  poRequired: 'po_required',
  erpCustomerId: 'erp_customer_id',
};

export const FIELDS = Object.keys(COLUMN) as AccountField[];
export const WEB_EDITABLE = FIELDS.filter((f): f is WebEditableField => f !== 'status' && f !== 'accountNumber' && f !== 'erpCustomerId');

export function isField(name: string): name is AccountField {
  return Object.prototype.hasOwnProperty.call(COLUMN, name);
}

/** The value as SQLite stores it (booleans as 0/1). */
export function toColumn(field: AccountField, value: unknown): unknown {
  if (field === 'poRequired') return value ? 1 : 0;
  if (typeof value === 'string' && field !== 'name') return value.trim() === '' ? null : value.trim();
  if (typeof value === 'string') return value.trim();
  return value ?? null;
}

/** The text form a history row or a pending change keeps. */
export function toText(field: AccountField, value: unknown): string | null {
  if (field === 'poRequired') return value ? 'true' : 'false';
  if (value === null || value === undefined) return null;
  return String(value);
}

/** A kept text form back as the field's value. */
export function fromText(field: AccountField, text: string | null): unknown {
  if (field === 'poRequired') return text === 'true';
  if (field === 'minOrderCents') return text === null ? null : Number(text);
  return text;
}

export type RawAccount = Record<string, unknown> & { id: number; created_at: number; updated_at: number };

export function toAccountRow(r: RawAccount): AccountRow {
  const row = { id: r.id, createdAt: r.created_at, updatedAt: r.updated_at } as Record<string, unknown>;
  // SQLite keeps po_required as 0/1, PostgreSQL as a boolean.
  for (const f of FIELDS) row[f] = f === 'poRequired' ? Boolean(r[COLUMN[f]]) : r[COLUMN[f]];
  return row as unknown as AccountRow;
}
