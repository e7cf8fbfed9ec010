// CERM's JSON (PascalCase, answers wrapped in {"Data": ...}) turned into plain records, with errors that say where.
import { RemoteError } from '../../engine/remote-error';
import { messageOfErrorBody } from '../../engine/error-body';
import type { AddressFields } from '../../store/addresses-repo';
import type { CermCustomerView } from '../../../src-preload/contract/customer-models';

/** What CERM says of a customer: what staff see, plus the reference SyncDesk set when it created it. */
export interface CermCustomerRecord extends CermCustomerView {
  externalReference: string | null;
}

/** The customer as staff see it (the mirror row and the live-search result): the record without our reference. */
export function customerView(c: CermCustomerRecord): CermCustomerView {
  const { externalReference: _reference, ...view } = c;
  return view;
}

export interface CermAddressRecord {
  id: string;
  cermCustomerId: string;
  active: boolean;
  /** CERM's change time exactly as sent: the feed's cursor hands it back unchanged. */
  modified: string;
  fields: AddressFields;
}

export interface CermToken {
  accessToken: string;
  refreshToken: string | null;
  expiresInSec: number;
}

export class CermFormatError extends RemoteError {
  constructor(message: string, details?: string) {
    super('validation', message, { details, code: 'BAD_FORMAT' });
  }
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads one record's fields, naming the record and field when something is off. */
class Fields {
  constructor(
    private readonly o: Obj,
    private readonly where: string,
  ) {}

  fail(field: string, problem: string): never {
    throw new CermFormatError(`${this.where}: ${field} ${problem}`);
  }

  /** Identifiers are text: 000123 stays 000123; a number is accepted and written as text. */
  id(field: string): string {
    const v = this.o[field];
    if (typeof v === 'string' && v.trim() !== '') return v;
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
    return this.fail(field, v === undefined || v === null || v === '' ? 'is missing' : `is not an identifier (${JSON.stringify(v).slice(0, 40)})`);
  }

  text(field: string): string | null {
    const v = this.o[field];
    if (v === undefined || v === null) return null;
    if (typeof v === 'string') return v === '' ? null : v;
    if (typeof v === 'number') return String(v);
    return this.fail(field, `is not text (${typeof v})`);
  }

  requiredText(field: string): string {
    return this.text(field) ?? this.fail(field, 'is missing');
  }

  bool(field: string, fallback: boolean): boolean {
    const v = this.o[field];
    if (v === undefined || v === null) return fallback;
    if (typeof v === 'boolean') return v;
    return this.fail(field, `is not true or false (${JSON.stringify(v).slice(0, 20)})`);
  }

  time(field: string): string {
    const v = this.requiredText(field);
    if (!Number.isFinite(Date.parse(v))) this.fail(field, `is not a date-time ("${v.slice(0, 40)}")`);
    return v;
  }
}

export function parseJsonText(text: string, what: string, excerpt?: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new CermFormatError(`${what} is not valid JSON (${(err as Error).message})`, excerpt);
  }
}

/**
 * `{"Data": [...], "TotalCount": n}`; TotalCount is optional. Some servers unwrap a list of one (`{"Data": {...}}`),
 * which is exactly what a one-record page asks for: an object where a list is expected is read as a list of one.
 */
export function listOf(body: unknown, what: string): { items: Obj[]; total: number | null } {
  if (!isObj(body) || !('Data' in body)) throw new CermFormatError(`${what}: the answer has no "Data" field`);
  // An empty object carries no record: it stays an error rather than a record without an Id.
  const data = isObj(body.Data) && Object.keys(body.Data).length > 0 ? [body.Data] : body.Data;
  if (!Array.isArray(data)) throw new CermFormatError(`${what}: "Data" is not a list or one record`);
  data.forEach((item, i) => {
    if (!isObj(item)) throw new CermFormatError(`${what}, record ${i + 1}: not an object`);
  });
  const total = typeof body.TotalCount === 'number' && Number.isFinite(body.TotalCount) ? body.TotalCount : null;
  return { items: data as Obj[], total };
}

/** `{"Data": {...}}` */
export function itemOf(body: unknown, what: string): Obj {
  if (!isObj(body) || !isObj(body.Data)) throw new CermFormatError(`${what}: the answer has no "Data" object`);
  return body.Data;
}

export function customerOf(o: Obj, where: string): CermCustomerRecord {
  const f = new Fields(o, where);
  return {
    cermId: f.id('Id'),
    number: f.text('Number'),
    name: f.requiredText('Name'),
    costCode: f.text('CostCode'),
    email: f.text('Email'),
    phone: f.text('PhoneNumber'),
    street: f.text('Street'),
    postalCode: f.text('PostalCode'),
    city: f.text('City'),
    country: f.text('Country'),
    vatNumber: f.text('VatNumber'),
    externalReference: f.text('ExternalReference'),
  };
}

export function customersOf(body: unknown, what: string): { records: CermCustomerRecord[]; total: number | null } {
  const { items, total } = listOf(body, what);
  return { records: items.map((o, i) => customerOf(o, `${what}, record ${i + 1}`)), total };
}

function kindOf(delivery: boolean, invoice: boolean): AddressFields['kind'] {
  if (delivery && invoice) return 'both';
  if (delivery) return 'delivery';
  if (invoice) return 'invoice';
  return 'other';
}

export function addressOf(o: Obj, where: string): CermAddressRecord {
  const f = new Fields(o, where);
  return {
    id: f.id('Id'),
    cermCustomerId: f.id('CustomerId'),
    active: f.bool('Active', true),
    modified: f.time('LastModified'),
    fields: {
      kind: kindOf(f.bool('IsDeliveryAddress', false), f.bool('IsInvoiceAddress', false)),
      name: f.text('Name'),
      street: f.text('Street'),
      number: f.text('Number'),
      postalCode: f.text('PostalCode'),
      city: f.text('City'),
      country: f.text('Country'),
      email: f.text('Email'),
      phone: f.text('PhoneNumber'),
    },
  };
}

export function addressesOf(body: unknown, what: string): { records: CermAddressRecord[]; total: number | null } {
  const { items, total } = listOf(body, what);
  return { records: items.map((o, i) => addressOf(o, `${what}, record ${i + 1}`)), total };
}

export function tokenOf(body: unknown): CermToken {
  if (!isObj(body)) throw new CermFormatError('the token answer is not a JSON object');
  const f = new Fields(body, 'the token answer');
  const accessToken = f.requiredText('access_token');
  const type = f.text('token_type');
  if (type !== null && type.toLowerCase() !== 'bearer') f.fail('token_type', `is "${type}", not bearer`);
  const expires = body.expires_in;
  const expiresInSec = typeof expires === 'number' && expires > 0 ? expires : typeof expires === 'string' && Number(expires) > 0 ? Number(expires) : 3599;
  return { accessToken, refreshToken: f.text('refresh_token'), expiresInSec };
}

/** CERM's error body `{"status": 500, "message": "..."}` (and OAuth's `{"error", "error_description"}`), when there is one. */
export function errorMessageOf(text: string): string | null {
  return messageOfErrorBody(text, ['message', 'Message', 'error_description', 'error']);
}
