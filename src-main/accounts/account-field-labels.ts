import type { AccountField } from '../store/account-fields';

/** Each account field as the account page, its history and its pending changes name it. */
export const ACCOUNT_FIELD_LABELS: Readonly<Record<AccountField, string>> = {
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
  repCode: 'Sales rep',
  priceLevel: 'Price level',
  shipVia: 'Ship via',
  minOrderCents: 'Minimum order',
  poRequired: 'PO number required',
  erpCustomerId: 'ERP customer id',
};

export function accountFieldLabel(field: string): string {
  return (ACCOUNT_FIELD_LABELS as Record<string, string>)[field] ?? field;
}
