// Deterministic seed data for the Infusion accounting simulator: custom field definitions and customers with their
// contacts, in the wire shape the simulator serves (see README.md: the shape is assumed, no public sample exists).
import { createHash } from 'node:crypto';
import { mulberry32 } from '../../sandbox/sandbox-server';
import { seedData as cermSeedData } from '../cerm/sandbox-data';

export type CustomFieldType =
  | 'text'
  | 'multiLineText'
  | 'date'
  | 'time'
  | 'integer'
  | 'decimal'
  | 'email'
  | 'phone'
  | 'boolean'
  | 'link'
  | 'customerContact';

export type CustomFieldValue = string | number | boolean | null;

export interface SimCustomFieldDefinition {
  uuid: string;
  code: string;
  label: string;
  type: CustomFieldType;
  createdTimestamp: string;
  modifiedTimestamp: string;
  versionNumber: number;
}

export interface SimContact {
  uuid: string;
  firstName: string;
  lastName: string;
  email: string | null;
}

export interface SimCustomer {
  uuid: string;
  accountNumber: string;
  name: string;
  /** Values by field code (the wire sends them as a list of {code, value}: see wireCustomer). */
  customFields: Record<string, CustomFieldValue>;
  /** In order: the first is the primary contact. */
  contacts: SimContact[];
  createdTimestamp: string;
  modifiedTimestamp: string;
  versionNumber: number;
  /** Set on the tombstone the feed sends for a deleted customer; null on every live one. */
  deletedTimestamp: string | null;
}

/** Seeded records carry times from here on; live changes use the wall clock. */
export const SEED_TIME = Date.UTC(2024, 0, 1);
export const isoAt = (ms: number): string => new Date(ms).toISOString();
export const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** The Boolean field the sandbox flags customers with by default ("Checkbox Field 2"). */
export const FLAG_FIELD = 'CHECKBOX2';
export const BOOLEAN_FIELD_COUNT = 4;
/** Seeded automatic account numbers start after this one. */
export const FIRST_ACCOUNT_NUMBER = 100_000;

const FIELD_DEFS: { code: string; label: string; type: CustomFieldType }[] = [
  ...Array.from({ length: BOOLEAN_FIELD_COUNT }, (_, k) => ({ code: `CHECKBOX${k + 1}`, label: `Checkbox Field ${k + 1}`, type: 'boolean' as const })),
  { code: 'REGION', label: 'Sales region', type: 'text' },
  { code: 'NOTES', label: 'Delivery notes', type: 'multiLineText' },
  { code: 'SINCE', label: 'Customer since', type: 'date' },
  { code: 'CUTOFF', label: 'Order cut-off time', type: 'time' },
  { code: 'STAFF', label: 'Staff count', type: 'integer' },
  { code: 'CREDIT', label: 'Credit limit', type: 'decimal' },
  { code: 'ACCEMAIL', label: 'Accounts email', type: 'email' },
  { code: 'MAINPHONE', label: 'Main phone', type: 'phone' },
  { code: 'WEBSITE', label: 'Website', type: 'link' },
  { code: 'BUYER', label: 'Buyer', type: 'customerContact' },
];

const FIRST = ['Ava', 'Ben', 'Chloe', 'Daan', 'Emma', 'Finn', 'Greta', 'Hugo', 'Iris', 'Jonas', 'Lena', 'Milan', 'Nora', 'Oscar', 'Pia', 'Ruben', 'Zoë', 'Anaïs'];
const LAST = ['Peeters', 'Janssens', 'Maes', 'Jacobs', 'Mertens', 'Willems', 'Claes', 'Goossens', 'Wouters', 'De Smet', 'Dubois', 'Lambert', "O'Neill"];
const WORD1 = ['Northern', 'Harbour', 'Summit', 'Blue Ridge', 'Oak', 'Riverside', 'Crown', 'Atlas', 'Pioneer', 'Kiwi', 'Café', 'Südwerk', 'Greenfield', 'Coastal'];
const WORD2 = ['Print', 'Supplies', 'Trading', 'Engineering', 'Foods', 'Logistics', 'Design', 'Hardware', 'Motors', 'Packaging', 'Books', 'Textiles'];
const FORM = ['Ltd', 'Limited', '& Co', 'Group', 'Partners', 'NZ Ltd', 'Holdings'];
const REGIONS = ['North', 'South', 'East', 'West', 'Central', null];

const slugOf = (text: string, keep = /[^a-z]+/g, joiner = '-'): string =>
  text.toLowerCase().normalize('NFD').replace(keep, joiner).replace(/^-|-$/g, '');
// Worked out once per word, not per customer: a 100,000-customer bench builds fast.
const WORD1_SLUG = WORD1.map((w) => slugOf(w));
const WORD2_SLUG = WORD2.map((w) => slugOf(w));
const FORM_SLUG = FORM.map((w) => slugOf(w));
const FIRST_LOCAL = FIRST.map((w) => slugOf(w, /[^a-z]+/g, ''));
const LAST_LOCAL = LAST.map((w) => slugOf(w, /[^a-z]+/g, ''));

/** A UUID (version 4 layout) from 128 bits of text: deterministic, so a seed always gives the same identifiers. */
export function uuidOf(...parts: (string | number)[]): string {
  const h = createHash('sha256').update(parts.join('|')).digest('hex');
  const variant = (8 + (parseInt(h[16]!, 16) & 3)).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** Faster than hashing for 100,000 records: 128 bits from the seeded stream. */
function uuidFrom(rand: () => number): string {
  const w = () => {
    const n = Math.floor(rand() * 2 ** 32);
    return HEX[n >>> 24]! + HEX[(n >>> 16) & 255]! + HEX[(n >>> 8) & 255]! + HEX[n & 255]!;
  };
  const a = w();
  const b = w();
  const c = w();
  const variant = '89ab'[parseInt(c[0]!, 16) & 3]!;
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${variant}${c.slice(1, 4)}-${c.slice(4)}${w()}`;
}

export function seedCustomFields(seed: number): SimCustomFieldDefinition[] {
  return FIELD_DEFS.map((f, k) => {
    const at = isoAt(SEED_TIME - (FIELD_DEFS.length - k) * 86_400_000);
    return { uuid: uuidOf('accounting-field', seed, f.code), ...f, createdTimestamp: at, modifiedTimestamp: at, versionNumber: 0 };
  });
}

/**
 * Emails the CERM simulator seeds with the same seed (`info@<company>-<n>.example`): in sandbox mode they are what the
 * platform holds as CERM's customers, so a few accounting customers carry them to collide on import.
 */
export function cermSandboxEmails(seed: number, count = 40): string[] {
  return cermSeedData(seed, count)
    .customers.map((c) => c.Email)
    .filter((e): e is string => e !== null);
}

export interface SeedOptions {
  seed: number;
  count: number;
  /** Share of customers whose Checkbox Field 2 is ticked (Show on Web). */
  flaggedShare: number;
}

/**
 * What the seeded customers hold, by index i (1-based), so tests can find each case:
 * - i % 50 == 0: no contact at all; i % 37 == 0: a primary contact without an email;
 * - i % 41 == 0: the primary email is the previous customer's primary email (emails repeat in the accounting system);
 * - i % 83 == 0: a second contact whose email is another customer's primary email;
 * - i % 97 == 0: the primary email is one the CERM simulator seeds (a collision with a CERM customer);
 * - i % 53 == 0: a hand-typed account number (letters); the rest are automatic numbers, all unique;
 * - i % 7 == 0: edited since creation (versionNumber 1 to 3, modified later);
 * - i % 4 == 0: two or three contacts.
 */
export function seedCustomers(opts: SeedOptions): SimCustomer[] {
  const rand = mulberry32(opts.seed ^ 0x5eed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const index = (list: readonly unknown[]): number => Math.floor(rand() * list.length);
  const cermEmails = cermSandboxEmails(opts.seed);
  const customers: SimCustomer[] = [];
  const numbers = new Set<string>();
  const createdSpan = opts.count * 60_000;
  for (let i = 1; i <= opts.count; i++) {
    const [w1, w2, w3] = [index(WORD1), index(WORD2), index(FORM)];
    const name = `${WORD1[w1]} ${WORD2[w2]} ${FORM[w3]}`;
    const slug = [WORD1_SLUG[w1], WORD2_SLUG[w2], FORM_SLUG[w3]].filter(Boolean).join('-');
    let accountNumber = String(FIRST_ACCOUNT_NUMBER + i);
    if (i % 53 === 0) {
      const base = slug.replace(/-/g, '').slice(0, 6).toUpperCase();
      accountNumber = `${base}${pad(i % 100, 2)}`;
      for (let n = 2; numbers.has(accountNumber); n++) accountNumber = `${base}${pad(i % 100, 2)}-${n}`;
    }
    numbers.add(accountNumber);

    const contacts: SimContact[] = [];
    const contactCount = i % 50 === 0 ? 0 : i % 4 === 0 ? 2 + (i % 8 === 0 ? 1 : 0) : 1;
    for (let k = 0; k < contactCount; k++) {
      const [f, l] = [index(FIRST), index(LAST)];
      contacts.push({ uuid: uuidFrom(rand), firstName: FIRST[f]!, lastName: LAST[l]!, email: `${FIRST_LOCAL[f]}.${LAST_LOCAL[l]}@${slug}-${i}.example` });
    }
    const primary = contacts[0];
    if (primary) {
      if (i % 37 === 0) primary.email = null;
      else if (i % 97 === 0 && cermEmails.length) primary.email = cermEmails[(i / 97) % cermEmails.length]!;
      else if (i % 41 === 0) primary.email = customers[customers.length - 1]?.contacts[0]?.email ?? primary.email;
    }
    if (i % 83 === 0 && contacts[1]) contacts[1].email = customers[Math.floor(rand() * customers.length)]?.contacts[0]?.email ?? contacts[1].email;

    // One object per customer, not one per field: 100,000 customers build in well under a second.
    const customFields: Record<string, CustomFieldValue> = {
      CHECKBOX1: rand() < 0.1,
      CHECKBOX2: rand() < opts.flaggedShare,
      CHECKBOX3: rand() < 0.05,
      CHECKBOX4: false,
      REGION: pick(REGIONS),
      NOTES: null,
      SINCE: i % 3 === 0 ? `20${pad(10 + (i % 14), 2)}-0${1 + (i % 9)}-15` : null,
      CUTOFF: null,
      STAFF: i % 5 === 0 ? 1 + Math.floor(rand() * 400) : null,
      CREDIT: i % 6 === 0 ? Math.round(rand() * 5_000_000) / 100 : null,
      ACCEMAIL: i % 9 === 0 ? `accounts@${slug}-${i}.example` : null,
      MAINPHONE: `+64 ${1 + (i % 9)} ${pad(Math.floor(rand() * 10_000_000), 7)}`,
      WEBSITE: i % 11 === 0 ? `https://${slug}-${i}.example/` : null,
      BUYER: contacts[1]?.uuid ?? null,
    };

    const created = SEED_TIME + i * 60_000;
    const edited = i % 7 === 0;
    const createdText = isoAt(created);
    customers.push({
      uuid: uuidFrom(rand),
      accountNumber,
      name,
      customFields,
      contacts,
      createdTimestamp: createdText,
      modifiedTimestamp: edited ? isoAt(SEED_TIME + createdSpan + i * 1_000) : createdText,
      versionNumber: edited ? 1 + (i % 3) : 0,
      deletedTimestamp: null,
    });
  }
  return customers;
}

/** A customer as the wire carries it: custom field values as a list of {code, value}, in the definitions' order. */
export function wireCustomer(c: SimCustomer): object {
  return { ...c, customFields: Object.entries(c.customFields).map(([code, value]) => ({ code, value })) };
}

/**
 * Infusion's rule for text fields, applied where text is written: no tabs, newlines or other control characters, no
 * leading space and no double spaces. Returns the problem, or null when the text is acceptable.
 */
export function textProblem(value: string): string | null {
  if (/[\u0000-\u001f\u007f]/.test(value)) return 'contains a tab, a newline or another control character';
  if (/^\s/.test(value)) return 'starts with a space';
  if (/ {2}/.test(value)) return 'contains two spaces in a row';
  return null;
}
