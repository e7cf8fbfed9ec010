import { fieldMessage, limitsOfShape, RegistrationInput, type AppError, type ChannelInput, type IssueView, type RegistrationForm, type RegistrationResult } from '../../../../src-preload/contract';

// The Register customer form as plain data: what is typed, what blocks a submit, and how the core's answer reads.

export interface RegistrationDraft {
  email: string;
  firstName: string;
  lastName: string;
  company: string;
  phone: string;
  costCode: string;
}

export type DraftField = keyof RegistrationDraft;
export type FieldErrors = Partial<Record<DraftField, string>>;

export const EMPTY_DRAFT: RegistrationDraft = { email: '', firstName: '', lastName: '', company: '', phone: '', costCode: '' };

const FIELDS: readonly DraftField[] = ['email', 'firstName', 'lastName', 'company', 'phone', 'costCode'];

/** What must be filled before the core is asked; the core still checks everything (email format, lengths). */
export function checkDraft(draft: RegistrationDraft, form: RegistrationForm | null): FieldErrors {
  const errors: FieldErrors = {};
  if (!draft.email.trim()) errors.email = 'Email is required: fill it in.';
  if (!draft.firstName.trim()) errors.firstName = 'First name is required: fill it in.';
  if (!draft.lastName.trim()) errors.lastName = 'Last name is required: fill it in.';
  if (form?.costCodeRequired && !draft.costCode.trim()) {
    errors.costCode = `${form.costCodeLabel} is required: automatic department linking needs it to place the customer.`;
  }
  return errors;
}

export function toRegistrationInput(draft: RegistrationDraft): ChannelInput<'customers:register'> {
  const optional = (v: string) => (v.trim() ? v.trim() : undefined);
  const input: ChannelInput<'customers:register'> = {
    email: draft.email.trim(),
    firstName: draft.firstName.trim(),
    lastName: draft.lastName.trim(),
  };
  const company = optional(draft.company);
  const phone = optional(draft.phone);
  const costCode = optional(draft.costCode);
  if (company) input.company = company;
  if (phone) input.phone = phone;
  if (costCode) input.costCode = costCode;
  return input;
}

export const REGISTRATION_LABELS: Record<DraftField, string> = {
  email: 'Email',
  firstName: 'First name',
  lastName: 'Last name',
  company: 'Company',
  phone: 'Phone',
  costCode: 'Cost code',
};

/** The contract's limits of each field, shown on the inputs before anything is sent. */
export const REGISTRATION_LIMITS = limitsOfShape(RegistrationInput, FIELDS);

/**
 * Puts the core's issues under the fields they name ("costCode", "email" or "values.email"), worded with the form's
 * labels (the cost code under the name CERM's settings give it); the rest stay general.
 */
export function fieldErrorsFrom(error: AppError, costCodeLabel = REGISTRATION_LABELS.costCode): { fields: FieldErrors; other: IssueView[] } {
  const labels = { ...REGISTRATION_LABELS, costCode: costCodeLabel };
  const fields: FieldErrors = {};
  const other: IssueView[] = [];
  for (const issue of error.issues ?? []) {
    const key = issue.path.split(/[./]/).filter(Boolean).pop() ?? '';
    const field = FIELDS.find((f) => f === key);
    if (field) {
      const text = fieldMessage(issue, labels[field]);
      fields[field] = fields[field] ? `${fields[field]} ${text}` : text;
    } else other.push(issue);
  }
  return { fields, other };
}

/** One line saying what registering will do under the current CERM settings. */
export function registrationPlan(form: RegistrationForm): string {
  const label = form.costCodeLabel;
  const link = `A ${label} that matches a CERM customer linked to a department places the customer in that department`;
  if (form.autoLinkDepartment && form.autoCreateInCerm) return `${link}; otherwise the customer is created in CERM.`;
  if (form.autoLinkDepartment) return `${link}; auto-create in CERM is off, so nobody is created there.`;
  if (form.autoCreateInCerm) return 'Linking to a department by cost code is off; the customer is created in CERM.';
  return 'Linking to a department by cost code and auto-create in CERM are both off: the customer is registered here only.';
}

export type OutcomeIntent = 'success' | 'primary' | 'none';

export function outcomeHeadline(result: RegistrationResult): { title: string; intent: OutcomeIntent } {
  switch (result.outcome) {
    case 'linked':
      return { title: `Linked to department ${result.departmentName ?? `#${result.departmentId ?? '?'}`}`, intent: 'success' };
    case 'created':
      return { title: `Created in CERM as ${result.cermId ?? '(no id returned)'}`, intent: 'success' };
    case 'queued':
      return { title: 'Queued for creation in CERM', intent: 'primary' };
    case 'registered':
      return { title: result.message, intent: 'none' };
  }
}
