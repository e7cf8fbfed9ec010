import { fieldMessage, type CaseAddress, type CaseFieldDef, type CaseStatus, type CaseView, type ChannelInput, type IssueView } from '../../../../src-preload/contract';

// The case form as plain data: everything typed is a string until it is sent.

export const ADDRESS_KEYS = ['name', 'street', 'number', 'postalCode', 'city', 'country', 'x', 'y', 'siteCode', 'centralAssetId'] as const;
export type AddressKey = (typeof ADDRESS_KEYS)[number];

export const ADDRESS_LABEL: Record<AddressKey, string> = {
  name: 'Name / place',
  street: 'Street',
  number: 'Number',
  postalCode: 'Postal code',
  city: 'City',
  country: 'Country',
  x: 'X (easting)',
  y: 'Y (northing)',
  siteCode: 'Site code',
  centralAssetId: 'Central asset id',
};
export type AddressDraft = Record<AddressKey, string>;

export interface CaseDraft {
  id?: number;
  title: string;
  description: string;
  status: CaseStatus;
  values: Record<string, string>;
  personId: number | null;
  personName: string | null;
  address: AddressDraft;
  /** yyyy-mm-dd, or ''. */
  due: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

export function millisToDateInput(ms: number | null): string {
  if (ms == null) return '';
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** A date input's value as local midnight; '' or nonsense gives null. */
export function dateInputToMillis(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  const ms = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])).getTime();
  return Number.isFinite(ms) ? ms : null;
}

function emptyAddress(): AddressDraft {
  return Object.fromEntries(ADDRESS_KEYS.map((k) => [k, ''])) as AddressDraft;
}

export function draftFromCase(view: CaseView | null): CaseDraft {
  if (!view) return { title: '', description: '', status: 'new', values: {}, personId: null, personName: null, address: emptyAddress(), due: '' };
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(view.values)) values[k] = v == null ? '' : String(v);
  const address = emptyAddress();
  if (view.address) for (const k of ADDRESS_KEYS) address[k] = view.address[k] == null ? '' : String(view.address[k]);
  return {
    id: view.id,
    title: view.title,
    description: view.description ?? '',
    status: view.status,
    values,
    personId: view.personId,
    personName: view.personName,
    address,
    due: millisToDateInput(view.dueAt),
  };
}

const isNumber = (v: string) => v.trim() !== '' && Number.isFinite(Number(v.trim()));

/** What blocks a save before the core is asked, by form key ("title", "values.<key>", "address.x"). */
export function checkCaseDraft(draft: CaseDraft, fields: readonly CaseFieldDef[]): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!draft.title.trim()) errors.title = 'Title is required: fill it in.';
  for (const f of fields) {
    const v = (draft.values[f.key] ?? '').trim();
    if (f.required && !v) errors[`values.${f.key}`] = `${f.label} is required: fill it in.`;
    else if (v && f.kind === 'number' && !isNumber(v)) errors[`values.${f.key}`] = `${f.label} must be a number.`;
    else if (v && f.kind === 'choice' && f.options.length && !f.options.includes(v)) errors[`values.${f.key}`] = `${f.label}: choose one of the offered values.`;
  }
  for (const k of ['x', 'y'] as const) {
    if (draft.address[k].trim() && !isNumber(draft.address[k])) errors[`address.${k}`] = `${ADDRESS_LABEL[k]} must be a number.`;
  }
  return errors;
}

function toAddress(a: AddressDraft): CaseAddress | null {
  if (ADDRESS_KEYS.every((k) => !a[k].trim())) return null;
  const text = (k: AddressKey) => a[k].trim() || null;
  const num = (k: 'x' | 'y') => (a[k].trim() ? Number(a[k].trim()) : null);
  return {
    name: text('name'),
    street: text('street'),
    number: text('number'),
    postalCode: text('postalCode'),
    city: text('city'),
    country: text('country'),
    x: num('x'),
    y: num('y'),
    siteCode: text('siteCode'),
    centralAssetId: text('centralAssetId'),
  };
}

/** Field values typed as their kind says; an emptied field is sent as null so the core clears it. */
export function toCaseInput(draft: CaseDraft, fields: readonly CaseFieldDef[]): ChannelInput<'cases:save'> {
  const values: Record<string, string | number | null> = {};
  for (const f of fields) {
    const raw = (draft.values[f.key] ?? '').trim();
    if (!raw) values[f.key] = null;
    else values[f.key] = f.kind === 'number' ? Number(raw) : raw;
  }
  return {
    ...(draft.id ? { id: draft.id } : {}),
    title: draft.title.trim(),
    description: draft.description.trim() || null,
    status: draft.status,
    values,
    personId: draft.personId,
    address: toAddress(draft.address),
    dueAt: dateInputToMillis(draft.due),
  };
}

const CASE_LABELS: Record<string, string> = { title: 'Title', description: 'Description', status: 'Status', personId: 'Linked person', dueAt: 'Due date' };

/** The core's issues under the form keys of checkCaseDraft, worded with the form's labels; the rest stay general. */
export function caseIssues(
  issues: readonly IssueView[] | undefined,
  fields: readonly CaseFieldDef[] = [],
): { byKey: Record<string, string>; other: IssueView[]; labels: (key: string) => string | undefined } {
  const labelOf = (key: string): string | undefined => {
    const [head, rest] = key.split('.');
    if (head === 'values' && rest) return fields.find((f) => f.key === rest)?.label ?? rest;
    if (head === 'address' && rest) return ADDRESS_LABEL[rest as AddressKey];
    return CASE_LABELS[key];
  };
  const byKey: Record<string, string> = {};
  const other: IssueView[] = [];
  for (const issue of issues ?? []) {
    const parts = issue.path.split(/[./]/).filter(Boolean);
    const key = parts[0] === 'values' || parts[0] === 'address' ? parts.slice(0, 2).join('.') : parts[0];
    if (key && (key.includes('.') || key in CASE_LABELS)) {
      const text = fieldMessage(issue, labelOf(key) ?? key);
      byKey[key] = byKey[key] ? `${byKey[key]} ${text}` : text;
    } else other.push(issue);
  }
  return { byKey, other, labels: (key) => labelOf(key) };
}
