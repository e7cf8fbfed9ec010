import { fieldMessage, ACCOUNT_FIELD_LABELS, ACCOUNT_REQUIRED_FIELDS, type AccountView, type AppError, type ChannelInput, type IssueView } from '../../../../src-preload/contract';
import { centsToInput, parseCents } from './account-format';

// The account form (+ Add Account and the account page) as plain data: what is typed, what blocks a save, what is
// sent, and where the contract's issues go.

export interface AccountDraft {
  name: string;
  email: string;
  phone: string;
  addressLine1: string;
  addressLine2: string;
  city: string;
  state: string;
  postalCode: string;
  country: string;
  paymentTerms: string;
  repCode: string;
  priceLevel: string;
  shipVia: string;
  minOrder: string;
  poRequired: boolean;
}

export type DraftField = keyof AccountDraft;
export type AccountFieldErrors = Partial<Record<DraftField, string>>;
type Patch = ChannelInput<'accounts:update'>['patch'];

export const EMPTY_ACCOUNT_DRAFT: AccountDraft = {
  name: '',
  email: '',
  phone: '',
  addressLine1: '',
  addressLine2: '',
  city: '',
  state: '',
  postalCode: '',
  country: 'US',
  paymentTerms: '',
  repCode: '',
  priceLevel: '',
  shipVia: '',
  minOrder: '',
  poRequired: false,
};

// The contract's labels; the draft types the minimum order in currency, as minOrder.
export const FIELD_LABELS = Object.fromEntries(
  Object.keys(EMPTY_ACCOUNT_DRAFT).map((f) => [f, ACCOUNT_FIELD_LABELS[(f === 'minOrder' ? 'minOrderCents' : f) as keyof typeof ACCOUNT_FIELD_LABELS]]),
) as Record<DraftField, string>;

/** The draft's field a contract field (or issue path) speaks of: minOrderCents is typed as minOrder. */
function draftField(contractField: string): DraftField | null {
  if (contractField === 'minOrderCents') return 'minOrder';
  return contractField in EMPTY_ACCOUNT_DRAFT ? (contractField as DraftField) : null;
}

const REQUIRED = new Set<DraftField>(ACCOUNT_REQUIRED_FIELDS.map((f) => draftField(f)!));

export function isRequired(field: DraftField): boolean {
  return REQUIRED.has(field);
}

export function draftFrom(a: AccountView): AccountDraft {
  return {
    name: a.name,
    email: a.email ?? '',
    phone: a.phone ?? '',
    addressLine1: a.addressLine1 ?? '',
    addressLine2: a.addressLine2 ?? '',
    city: a.city ?? '',
    state: a.state ?? '',
    postalCode: a.postalCode ?? '',
    country: a.country ?? '',
    paymentTerms: a.paymentTerms ?? '',
    repCode: a.repCode ?? '',
    priceLevel: a.priceLevel ?? '',
    shipVia: a.shipVia ?? '',
    minOrder: centsToInput(a.minOrderCents),
    poRequired: a.poRequired,
  };
}

export function sameDraft(a: AccountDraft, b: AccountDraft): boolean {
  return (Object.keys(a) as DraftField[]).every((k) => a[k] === b[k]);
}

/** What must be right before the core is asked; the core still checks everything (email format, lengths). */
export function checkAccountDraft(draft: AccountDraft): AccountFieldErrors {
  const errors: AccountFieldErrors = {};
  for (const field of REQUIRED) {
    const value = draft[field];
    if (typeof value === 'string' && !value.trim()) errors[field] = `${FIELD_LABELS[field]} is required`;
  }
  if (draft.country.trim() && !/^[A-Za-z]{2}$/.test(draft.country.trim())) errors.country = 'Country: use a two-letter country code, e.g. US.';
  if (draft.minOrder.trim() && parseCents(draft.minOrder) == null) errors.minOrder = 'Minimum order: type an amount such as 250 or 99.50.';
  return errors;
}

const text = (v: string) => (v.trim() ? v.trim() : null);

function fieldsOf(draft: AccountDraft) {
  return {
    name: draft.name.trim(),
    email: text(draft.email),
    phone: text(draft.phone),
    addressLine1: draft.addressLine1.trim(),
    addressLine2: text(draft.addressLine2),
    city: draft.city.trim(),
    state: text(draft.state),
    postalCode: draft.postalCode.trim(),
    country: draft.country.trim().toUpperCase(),
    paymentTerms: text(draft.paymentTerms),
    repCode: text(draft.repCode),
    priceLevel: text(draft.priceLevel),
    shipVia: text(draft.shipVia),
    minOrderCents: draft.minOrder.trim() ? parseCents(draft.minOrder) : null,
    poRequired: draft.poRequired,
  };
}

/** + Add Account's input; checkAccountDraft has passed, so required fields are filled. */
export function toNewAccountInput(draft: AccountDraft): ChannelInput<'accounts:create'> {
  const f = fieldsOf(draft);
  return { ...f, email: f.email ?? '' };
}

/** Only what changed from the account as loaded, so an unchanged field makes no pending change. */
export function toPatch(original: AccountView, draft: AccountDraft): Patch {
  const now = fieldsOf(draft);
  const before = fieldsOf(draftFrom(original));
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(now) as (keyof typeof now)[]) {
    if (now[key] !== before[key]) patch[key] = now[key];
  }
  return patch as Patch;
}

/** Puts the core's issues beside the fields they name ("repCode", "patch.repCode"), worded with their labels; the rest stay general. */
export function accountErrorsFrom(error: AppError): { fields: AccountFieldErrors; other: IssueView[] } {
  const fields: AccountFieldErrors = {};
  const other: IssueView[] = [];
  for (const issue of error.issues ?? []) {
    const key = issue.path.split(/[./]/).filter(Boolean).pop() ?? '';
    const field = draftField(key);
    if (field) {
      const text = fieldMessage(issue, FIELD_LABELS[field] ?? field);
      fields[field] = fields[field] ? `${fields[field]} ${text}` : text;
    }
    else other.push(issue);
  }
  return { fields, other };
}
