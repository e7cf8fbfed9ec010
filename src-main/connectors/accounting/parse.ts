// Infusion's JSON (as assumed in README.md) validated with zod and turned into plain records. Every error names the
// call, the record and the field, in words staff can pass on.
import { z } from 'zod';
import { messageOfErrorBody } from '../../engine/error-body';
import { RemoteError } from '../../engine/remote-error';

export type CustomFieldValue = string | number | boolean | null;

export interface AccountingContact {
  uuid: string | null;
  firstName: string | null;
  lastName: string | null;
  /** First and last name joined; empty when Infusion has neither. */
  name: string;
  /** Trimmed; null when missing or empty. */
  email: string | null;
}

export interface AccountingCustomer {
  uuid: string;
  /** Text, as Infusion keeps it: 000123 stays 000123. */
  accountNumber: string;
  name: string;
  /** Values by custom field code, as Infusion typed them (a ticked checkbox is true). */
  customFields: Record<string, CustomFieldValue>;
  /** In Infusion's order: the first is the primary contact. */
  contacts: AccountingContact[];
  createdTimestamp: string | null;
  modifiedTimestamp: string;
  versionNumber: number;
  deletedTimestamp: null;
}

/** A deletion on the sync feed: what Infusion still says of the customer, which may be no more than its UUID. */
export interface AccountingDeletion extends Omit<AccountingCustomer, 'accountNumber' | 'name' | 'deletedTimestamp'> {
  accountNumber: string | null;
  name: string | null;
  deletedTimestamp: string;
}

/** What the sync feed carries: a customer as it is now, or its deletion (tell them apart by deletedTimestamp). */
export type AccountingChange = AccountingCustomer | AccountingDeletion;

export interface CustomFieldDefinition {
  uuid: string | null;
  code: string;
  label: string;
  /** Infusion's type name: text, multiLineText, date, time, integer, decimal, email, phone, boolean, link, customerContact. */
  type: string;
}

export interface SearchPage<T> {
  records: T[];
  totalCount: number | null;
}

export interface SyncPage {
  records: AccountingChange[];
  nextCursor: string;
  moreAvailable: boolean;
  /** Infusion reset the cursor: this page starts again from the beginning (every customer is re-sent). */
  cursorReset: boolean;
}

export class AccountingFormatError extends RemoteError {
  constructor(message: string, details?: string) {
    super('validation', message, { details, code: 'BAD_FORMAT' });
  }
}

// ---- wire schemas --------------------------------------------------------------------------------------------------

const timestamp = z.string().refine((v) => Number.isFinite(Date.parse(v)), { message: 'is not a date-time' });
/** Identifiers are text; a number is accepted and written as text. */
const identifier = z.union([z.string().trim().min(1), z.number().finite().transform(String)]);
const fieldValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const wireContact = z.object({
  uuid: z.string().nullish(),
  firstName: z.string().nullish(),
  lastName: z.string().nullish(),
  email: z.string().nullish(),
});

// Custom field values arrive as a list of {code, value}; a map of code to value is read too.
const wireCustomFields = z.union([z.array(z.object({ code: z.string().trim().min(1), value: fieldValue.optional() })), z.record(z.string(), fieldValue)]);

const customerBase = {
  uuid: identifier,
  customFields: wireCustomFields.nullish(),
  contacts: z.array(wireContact).nullish(),
  createdTimestamp: timestamp.nullish(),
  modifiedTimestamp: timestamp,
  versionNumber: z.number().int().min(0),
};

const wireCustomer = z.object({ ...customerBase, accountNumber: identifier, name: z.string().trim().min(1), deletedTimestamp: z.null().optional() });
const wireDeletion = z.object({ ...customerBase, accountNumber: identifier.nullish(), name: z.string().nullish(), deletedTimestamp: timestamp });

const wireField = z.object({ uuid: z.string().nullish(), code: z.string().trim().min(1), label: z.string(), type: z.string().trim().min(1) });

const searchEnvelope = z.object({ items: z.array(z.unknown()), totalCount: z.number().int().min(0).nullish() });
const syncEnvelope = z.object({
  items: z.array(z.unknown()),
  nextCursor: z.string().min(1),
  moreAvailable: z.boolean(),
  cursorReset: z.boolean().nullish(),
});

// ---- plain-language errors -----------------------------------------------------------------------------------------

const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  null: 'empty (null)',
};

function shown(v: unknown): string {
  if (v === undefined) return 'nothing';
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 40 ? `${text.slice(0, 40)}...` : text;
}

function pathOf(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('') || 'the record';
}

/** One zod issue as "field problem", e.g. `versionNumber should be a whole number, not "one"`. */
export function describeIssue(issue: z.core.$ZodIssue): string {
  const where = pathOf(issue.path);
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'invalid_type':
      if (input === undefined) return `${where} is missing`;
      return `${where} should be ${EXPECTED[issue.expected] ?? issue.expected}, not ${shown(input)}`;
    case 'too_small':
      return issue.origin === 'string' ? `${where} is empty` : `${where} is below ${String(issue.minimum)} (${shown(input)})`;
    case 'invalid_union':
      return input === undefined ? `${where} is missing` : `${where} has a value of the wrong kind (${shown(input)})`;
    case 'custom':
      return `${where} ${issue.message} (${shown(input)})`;
    default:
      return `${where}: ${issue.message}`;
  }
}

function parsed<T>(schema: z.ZodType<T>, value: unknown, where: string, details?: string): T {
  const r = schema.safeParse(value, { reportInput: true });
  if (r.success) return r.data;
  const issues = r.error.issues.slice(0, 3).map(describeIssue).join('; ');
  throw new AccountingFormatError(`${where}: ${issues}`, details);
}

// ---- records -------------------------------------------------------------------------------------------------------

export function parseJsonText(text: string, what: string, details?: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new AccountingFormatError(`${what}: the answer is not valid JSON (${(err as Error).message})`, details);
  }
}

function nullIfEmpty(v: string | null | undefined): string | null {
  const t = v?.trim();
  return t ? t : null;
}

function contactOf(c: z.infer<typeof wireContact>): AccountingContact {
  const firstName = nullIfEmpty(c.firstName);
  const lastName = nullIfEmpty(c.lastName);
  return { uuid: nullIfEmpty(c.uuid), firstName, lastName, name: [firstName, lastName].filter(Boolean).join(' '), email: nullIfEmpty(c.email) };
}

function fieldsOf(v: z.infer<typeof wireCustomFields> | null | undefined): Record<string, CustomFieldValue> {
  if (!v) return {};
  if (!Array.isArray(v)) return { ...v };
  const out: Record<string, CustomFieldValue> = {};
  for (const f of v) out[f.code] = f.value ?? null;
  return out;
}

function labelOf(item: unknown, n: number): string {
  const uuid = typeof item === 'object' && item !== null ? (item as { uuid?: unknown }).uuid : undefined;
  return `record ${n}${typeof uuid === 'string' && uuid ? ` (uuid ${uuid.slice(0, 36)})` : ''}`;
}

export function customerOf(item: unknown, where: string): AccountingCustomer {
  const c = parsed(wireCustomer, item, where);
  return {
    uuid: c.uuid,
    accountNumber: c.accountNumber,
    name: c.name,
    customFields: fieldsOf(c.customFields),
    contacts: (c.contacts ?? []).map(contactOf),
    createdTimestamp: c.createdTimestamp ?? null,
    modifiedTimestamp: c.modifiedTimestamp,
    versionNumber: c.versionNumber,
    deletedTimestamp: null,
  };
}

export function changeOf(item: unknown, where: string): AccountingChange {
  const deleted = typeof item === 'object' && item !== null && (item as { deletedTimestamp?: unknown }).deletedTimestamp != null;
  if (!deleted) return customerOf(item, where);
  const d = parsed(wireDeletion, item, where);
  return {
    uuid: d.uuid,
    accountNumber: d.accountNumber ?? null,
    name: nullIfEmpty(d.name),
    customFields: fieldsOf(d.customFields),
    contacts: (d.contacts ?? []).map(contactOf),
    createdTimestamp: d.createdTimestamp ?? null,
    modifiedTimestamp: d.modifiedTimestamp,
    versionNumber: d.versionNumber,
    deletedTimestamp: d.deletedTimestamp,
  };
}

/** A search answer `{items: [...], totalCount?}` (offset and limit are echoed but not needed). */
export function searchPageOf<T>(body: unknown, what: string, record: (item: unknown, where: string) => T, details?: string): SearchPage<T> {
  const env = parsed(searchEnvelope, body, `${what}: the answer`, details);
  return { records: env.items.map((item, i) => record(item, `${what}, ${labelOf(item, i + 1)}`)), totalCount: env.totalCount ?? null };
}

/** A sync answer `{items: [...], nextCursor, moreAvailable, cursorReset?}`. */
export function syncPageOf(body: unknown, what: string, details?: string): SyncPage {
  const env = parsed(syncEnvelope, body, `${what}: the answer`, details);
  return {
    records: env.items.map((item, i) => changeOf(item, `${what}, ${labelOf(item, i + 1)}`)),
    nextCursor: env.nextCursor,
    moreAvailable: env.moreAvailable,
    cursorReset: env.cursorReset ?? false,
  };
}

export function customFieldOf(item: unknown, where: string): CustomFieldDefinition {
  const f = parsed(wireField, item, where);
  return { uuid: nullIfEmpty(f.uuid), code: f.code, label: f.label, type: f.type };
}

/** Infusion's checkbox type (compared loosely: "Boolean", "boolean" and "checkbox" are the same thing). */
export function isBooleanField(f: CustomFieldDefinition): boolean {
  return /^(boolean|bool|checkbox)$/i.test(f.type);
}

/** The message of an error body `{"errorCode", "message"}`, when there is one. */
export function errorMessageOf(text: string): string | null {
  return messageOfErrorBody(text, ['message', 'Message', 'error', 'errorCode']);
}
