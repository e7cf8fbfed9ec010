// The ERP's JSON (Acumatica's entity representation) validated with zod and turned into plain records: every field
// arrives wrapped as {"value": ...} and leaves unwrapped. Errors name the call, the record and the field; a refused PUT's
// field-level errors are read out of the answer and joined in plain words.
import { z } from 'zod';
import { describeIssue } from '../accounting/parse';
import { RemoteError } from '../../engine/remote-error';
import type { PageParsers } from '../../engine/off-thread-parser';

export interface ErpAddress {
  line1: string | null;
  line2: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  country: string | null;
}

export interface ErpCustomer {
  id: string;
  /** CustomerID: the platform's account number. */
  accountNumber: string;
  name: string;
  status: string;
  customerClass: string | null;
  terms: string | null;
  /** PriceClassID: the platform's price level. */
  priceClass: string | null;
  /** The default salesperson's SalespersonID (null unless Salespersons was expanded and one is set). */
  repCode: string | null;
  creditLimit: number | null;
  currency: string | null;
  email: string | null;
  phone: string | null;
  address: ErpAddress | null;
  /** ContactIDs of the account's contacts (when Contacts was expanded). */
  contactIds: number[];
  lastModified: string;
}

export interface ErpContact {
  id: string;
  contactId: number;
  customerId: string | null;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  active: boolean;
  address: ErpAddress | null;
  lastModified: string;
}

export interface ErpLocation {
  id: string;
  customerId: string;
  locationId: string;
  name: string | null;
  active: boolean;
  isDefault: boolean;
  priceClass: string | null;
  email: string | null;
  phone: string | null;
  address: ErpAddress | null;
  lastModified: string;
}

export interface ErpPrice {
  recordId: number;
  /** 'Customer Price Class' (priceCode is the class) or 'Customer' (priceCode is the CustomerID). */
  priceType: string;
  priceCode: string | null;
  inventoryId: string;
  uom: string | null;
  breakQty: number;
  price: number;
  currency: string | null;
  effectiveDate: string | null;
  expirationDate: string | null;
}

export interface ErpOrder {
  id: string;
  orderType: string;
  orderNbr: string;
  customerId: string;
  customerOrder: string | null;
  status: string | null;
  total: number | null;
  lines: { inventoryId: string; quantity: number; unitPrice: number | null }[];
  lastModified: string | null;
}

export class ErpFormatError extends RemoteError {
  constructor(message: string, details?: string) {
    super('validation', message, { details, code: 'BAD_FORMAT' });
  }
}

// ---- wire schemas --------------------------------------------------------------------------------------------------

/** A wrapped field {"value": x}: absent, null, or without a value all read as null. */
const w = <T extends z.ZodType>(inner: T) =>
  z
    .object({ value: inner.nullish() })
    .nullish()
    .transform((x) => (x?.value ?? null) as z.output<T> | null);

const timestamp = z.string().refine((t) => Number.isFinite(Date.parse(t)), { message: 'is not a date-time' });
const text = z.string();
const required = <T extends z.ZodType>(inner: T) => z.object({ value: inner });

const wireAddress = z
  .object({ AddressLine1: w(text), AddressLine2: w(text), City: w(text), State: w(text), PostalCode: w(text), Country: w(text) })
  .nullish();
const wireContactBlock = z.object({ Email: w(text), Phone1: w(text), Address: wireAddress }).nullish();

const wireCustomer = z.object({
  id: z.string().min(1),
  CustomerID: required(z.string().trim().min(1)),
  CustomerName: required(z.string()),
  Status: required(z.string()),
  CustomerClass: w(text),
  Terms: w(text),
  PriceClassID: w(text),
  CreditLimit: w(z.number()),
  CurrencyID: w(text),
  Email: w(text),
  LastModifiedDateTime: required(timestamp),
  MainContact: wireContactBlock,
  Salespersons: z.array(z.object({ SalespersonID: w(text), Default: w(z.boolean()) })).nullish(),
  Contacts: z.array(z.object({ ContactID: w(z.number().int()) })).nullish(),
});

const wireContact = z.object({
  id: z.string().min(1),
  ContactID: required(z.number().int()),
  BusinessAccount: w(text),
  FirstName: w(text),
  LastName: w(text),
  Email: w(text),
  Phone1: w(text),
  Active: w(z.boolean()),
  Address: wireAddress,
  LastModifiedDateTime: required(timestamp),
});

const wireLocation = z.object({
  id: z.string().min(1),
  Customer: required(z.string().min(1)),
  LocationID: required(z.string().min(1)),
  LocationName: w(text),
  Active: w(z.boolean()),
  Default: w(z.boolean()),
  PriceClass: w(text),
  LocationContact: wireContactBlock,
  LastModifiedDateTime: required(timestamp),
});

const wirePrice = z.object({
  RecordID: required(z.number().int()),
  PriceType: required(z.string()),
  PriceCode: w(text),
  InventoryID: required(z.string().min(1)),
  UOM: w(text),
  BreakQty: w(z.number()),
  Price: required(z.number()),
  CurrencyID: w(text),
  EffectiveDate: w(timestamp),
  ExpirationDate: w(timestamp),
});

const wireOrder = z.object({
  id: z.string().min(1),
  OrderType: required(z.string()),
  OrderNbr: required(z.string().min(1)),
  CustomerID: required(z.string()),
  CustomerOrder: w(text),
  Status: w(text),
  OrderTotal: w(z.number()),
  LastModified: w(timestamp),
  Details: z.array(z.object({ InventoryID: required(z.string()), OrderQty: required(z.number()), UnitPrice: w(z.number()) })).nullish(),
});

const inquiry = z.object({ SalesPriceDetails: z.array(z.unknown()).nullish() });

// ---- reading -------------------------------------------------------------------------------------------------------

/** Where a record sits, for its error: a function when naming it costs work that only a failure needs. */
type Where = string | (() => string);

function parsed<T>(schema: z.ZodType<T>, value: unknown, whereOf: Where, details?: string): T {
  const r = schema.safeParse(value, { reportInput: true });
  if (r.success) return r.data;
  const where = typeof whereOf === 'string' ? whereOf : whereOf();
  // The wrapping is the wire's business, not staff's: "CustomerID is missing", not "CustomerID.value is missing".
  const issues = r.error.issues
    .slice(0, 3)
    .map((i) => describeIssue({ ...i, path: i.path.filter((p) => p !== 'value') } as z.core.$ZodIssue))
    .join('; ');
  throw new ErpFormatError(`${where}: ${issues}`, details);
}

export function parseJsonText(text: string, what: string, details?: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ErpFormatError(`${what}: the answer is not valid JSON (${(err as Error).message})`, details);
  }
}

const clean = (t: string | null | undefined): string | null => (t && t.trim() ? t.trim() : null);

function addressOf(a: z.infer<typeof wireAddress>): ErpAddress | null {
  if (!a) return null;
  return { line1: clean(a.AddressLine1), line2: clean(a.AddressLine2), city: clean(a.City), state: clean(a.State), postalCode: clean(a.PostalCode), country: clean(a.Country) };
}

/** "customer C000123 (record 4)" when the record says who it is, else "record 4". */
function labelOf(item: unknown, n: number, key: string, noun: string): string {
  const k = (item as Record<string, { value?: unknown }> | null)?.[key]?.value;
  return typeof k === 'string' || typeof k === 'number' ? `${noun} ${k} (record ${n})` : `record ${n}`;
}

export function listOf<T>(body: unknown, what: string, one: (item: unknown, where: Where) => T, key: string, noun: string, details?: string): T[] {
  const list = parsed(z.array(z.unknown()), body, `${what}: the answer`, details);
  return list.map((item, i) => one(item, () => `${what}, ${labelOf(item, i + 1, key, noun)}`));
}

export function customerOf(item: unknown, where: Where): ErpCustomer {
  const c = parsed(wireCustomer, item, where);
  const reps = c.Salespersons ?? [];
  const rep = reps.find((r) => r.Default === true) ?? reps[0];
  return {
    id: c.id,
    accountNumber: c.CustomerID.value,
    name: c.CustomerName.value,
    status: c.Status.value,
    customerClass: clean(c.CustomerClass),
    terms: clean(c.Terms),
    priceClass: clean(c.PriceClassID),
    repCode: clean(rep?.SalespersonID),
    creditLimit: c.CreditLimit,
    currency: clean(c.CurrencyID),
    email: clean(c.MainContact?.Email) ?? clean(c.Email),
    phone: clean(c.MainContact?.Phone1),
    address: addressOf(c.MainContact?.Address),
    contactIds: (c.Contacts ?? []).map((k) => k.ContactID).filter((n): n is number => n !== null),
    lastModified: c.LastModifiedDateTime.value,
  };
}

export function contactOf(item: unknown, where: Where): ErpContact {
  const k = parsed(wireContact, item, where);
  return {
    id: k.id,
    contactId: k.ContactID.value,
    customerId: clean(k.BusinessAccount),
    firstName: clean(k.FirstName),
    lastName: clean(k.LastName),
    email: clean(k.Email),
    phone: clean(k.Phone1),
    active: k.Active ?? true,
    address: addressOf(k.Address),
    lastModified: k.LastModifiedDateTime.value,
  };
}

export function locationOf(item: unknown, where: Where): ErpLocation {
  const l = parsed(wireLocation, item, where);
  return {
    id: l.id,
    customerId: l.Customer.value,
    locationId: l.LocationID.value,
    name: clean(l.LocationName),
    active: l.Active ?? true,
    isDefault: l.Default ?? false,
    priceClass: clean(l.PriceClass),
    email: clean(l.LocationContact?.Email),
    phone: clean(l.LocationContact?.Phone1),
    address: addressOf(l.LocationContact?.Address),
    lastModified: l.LastModifiedDateTime.value,
  };
}

export function priceOf(item: unknown, where: Where): ErpPrice {
  const p = parsed(wirePrice, item, where);
  return {
    recordId: p.RecordID.value,
    priceType: p.PriceType.value,
    priceCode: clean(p.PriceCode),
    inventoryId: p.InventoryID.value,
    uom: clean(p.UOM),
    breakQty: p.BreakQty ?? 0,
    price: p.Price.value,
    currency: clean(p.CurrencyID),
    effectiveDate: p.EffectiveDate,
    expirationDate: p.ExpirationDate,
  };
}

export function pricesOf(body: unknown, what: string, details?: string): ErpPrice[] {
  const env = parsed(inquiry, body, `${what}: the answer`, details);
  return (env.SalesPriceDetails ?? []).map((item, i) => priceOf(item, () => `${what}, ${labelOf(item, i + 1, 'RecordID', 'price')}`));
}

/** A list answer's length once decoded (null: not a list; validation says so). */
const listSize = (body: unknown): number | null => (Array.isArray(body) ? body.length : null);

/**
 * The long reads' pages, from the answer's text to records: what the client has parsed on a thread of its own
 * (parse-worker.ts), or inline.
 */
export const ERP_PAGE_PARSERS = {
  customers: { decode: parseJsonText, size: listSize, records: (body: unknown, what: string, excerpt: string): ErpCustomer[] => listOf(body, what, customerOf, 'CustomerID', 'customer', excerpt) },
  contacts: { decode: parseJsonText, size: listSize, records: (body: unknown, what: string, excerpt: string): ErpContact[] => listOf(body, what, contactOf, 'ContactID', 'contact', excerpt) },
  locations: { decode: parseJsonText, size: listSize, records: (body: unknown, what: string, excerpt: string): ErpLocation[] => listOf(body, what, locationOf, 'LocationID', 'location', excerpt) },
  prices: {
    decode: parseJsonText,
    size: (body: unknown) => listSize((body as { SalesPriceDetails?: unknown } | null)?.SalesPriceDetails),
    records: (body: unknown, what: string, excerpt: string): ErpPrice[] => pricesOf(body, what, excerpt),
  },
} satisfies PageParsers;

/** What a page of each kind holds. */
export interface ErpPageRecords {
  customers: ErpCustomer;
  contacts: ErpContact;
  locations: ErpLocation;
  prices: ErpPrice;
}

export type ErpPageKind = keyof typeof ERP_PAGE_PARSERS;

export function orderOf(item: unknown, where: Where): ErpOrder {
  const o = parsed(wireOrder, item, where);
  return {
    id: o.id,
    orderType: o.OrderType.value,
    orderNbr: o.OrderNbr.value,
    customerId: o.CustomerID.value,
    customerOrder: clean(o.CustomerOrder),
    status: clean(o.Status),
    total: o.OrderTotal,
    lines: (o.Details ?? []).map((d) => ({ inventoryId: d.InventoryID.value, quantity: d.OrderQty.value, unitPrice: d.UnitPrice })),
    lastModified: o.LastModified,
  };
}

// ---- writing -------------------------------------------------------------------------------------------------------

/** Wraps each defined field as {"value": x}; undefined is left out (the ERP keeps it), null is sent (the ERP clears it). */
export function wrap(fields: Record<string, unknown>): Record<string, { value: unknown }> {
  const out: Record<string, { value: unknown }> = {};
  for (const [k, x] of Object.entries(fields)) if (x !== undefined) out[k] = { value: x };
  return out;
}

export function wrapAddress(a: Partial<ErpAddress> | undefined): Record<string, { value: unknown }> | undefined {
  if (!a) return undefined;
  return wrap({ AddressLine1: a.line1, AddressLine2: a.line2, City: a.city, State: a.state, PostalCode: a.postalCode, Country: a.country });
}

// ---- failures ------------------------------------------------------------------------------------------------------

/**
 * The field-level errors of a refused PUT (422: the entity back with `error` inside each bad wrapped field, detail
 * lines included), as "Entity Path: message", e.g. "SalesOrder Details[0].InventoryID: 'NOPE' cannot be found in the
 * system"; and the top-level error. Null when the text is no such body.
 */
export function fieldErrorsOf(text: string, entity: string): { summary: string | null; fields: string[] } | null {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return null;
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
  const fields: string[] = [];
  const walk = (node: unknown, path: string): void => {
    if (Array.isArray(node)) return node.forEach((x, i) => walk(x, `${path}[${i}]`));
    if (!node || typeof node !== 'object') return;
    for (const [k, x] of Object.entries(node as Record<string, unknown>)) {
      if (k === 'error' && path && typeof x === 'string' && x.trim()) fields.push(`${entity} ${path}: ${x.trim().replace(/\.$/, '')}`);
      else if (k !== 'error') walk(x, path ? `${path}.${k}` : k);
    }
  };
  walk(body, '');
  const top = (body as { error?: unknown }).error;
  return { summary: typeof top === 'string' && top.trim() ? top.trim() : null, fields };
}

/** The HttpError body's words (exceptionMessage says more than message's "An error has occurred."). */
export function httpErrorMessageOf(text: string): string | null {
  try {
    const b = JSON.parse(text) as Record<string, unknown>;
    for (const k of ['exceptionMessage', 'message', 'error']) {
      const x = b?.[k];
      if (typeof x === 'string' && x.trim()) return x.trim().slice(0, 300);
    }
  } catch {
    // a plain-text answer (the 429 of a full request queue)
  }
  const t = text.trim();
  return t && !t.startsWith('{') && !t.startsWith('<') ? t.slice(0, 300) : null;
}
