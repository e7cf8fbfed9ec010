import type { AddressView, CustomerDetail, CustomerView } from '../../../../src-preload/contract';
import { registry } from '../../connectors';

export function customerName(c: Pick<CustomerView, 'firstName' | 'lastName'>): string {
  return `${c.firstName} ${c.lastName}`.trim();
}

/** "Street 12, 1000 City, BE" from whichever parts are present. */
export function addressLine(a: Pick<AddressView, 'street' | 'number' | 'postalCode' | 'city' | 'country'>): string {
  const street = [a.street, a.number].filter(Boolean).join(' ');
  const place = [a.postalCode, a.city].filter(Boolean).join(' ');
  return [street, place, a.country].filter(Boolean).join(', ');
}

/** Origin tag text: an address a connector's sync owns reads as that system's name ("CERM"); the rest were entered here. */
export function addressOrigin(origin: string): string {
  if (origin === 'local') return 'local';
  return registry.nameOf(origin) ?? origin;
}

/** The customer's CERM id: the column on the customer, or the external-id link when only that is set. */
export function cermLink(detail: Pick<CustomerDetail, 'customer' | 'externalIds'>): string | null {
  return detail.customer.cermId ?? detail.externalIds.cerm ?? null;
}

/** The external ids besides CERM's, which the contract gives a row of its own (cermId, via the department). */
export function otherExternalIds(detail: Pick<CustomerDetail, 'externalIds'>): [system: string, id: string][] {
  const { cerm: _inItsOwnRow, ...others } = detail.externalIds;
  return Object.entries(others);
}
