import { ACCOUNT_FIELD_LABELS } from '../../src-preload/contract/account-models';

export { ACCOUNT_FIELD_LABELS };

export function accountFieldLabel(field: string): string {
  return (ACCOUNT_FIELD_LABELS as Record<string, string>)[field] ?? field;
}

/** The fields of a contact or ship-to address, as the account's History names them. */
const RELATED_FIELD_LABELS: Record<string, string> = {
  name: 'name', email: 'email', phone: 'phone', accountId: 'account', line1: 'address line 1', line2: 'address line 2', city: 'city', state: 'state', postalCode: 'postal code', country: 'country',
};

export function relatedFieldLabel(field: string): string {
  return RELATED_FIELD_LABELS[field] ?? field;
}
