// The field diffs of a customer download's updates: the stored rows a page changes are read as the page is applied,
// in its transaction, so "before" is exactly what the update overwrote.
import type { FieldChange } from '../../../src-preload/contract';
import { diffFields } from '../../engine/field-diff';
import type { CermCustomerRecord } from './parse';
import type { CermCustomerRow } from '../../store/cerm-customers-repo';

export const CERM_CUSTOMER_FIELDS = ['number', 'name', 'costCode', 'email', 'phone', 'street', 'postalCode', 'city', 'country', 'vatNumber'] as const;

/** Each changed customer's diff by CERM id: the stored rows as they were before the page (`before`) against the page. */
export function customerDiffs(before: readonly CermCustomerRow[], rows: readonly CermCustomerRecord[]): Map<string, FieldChange[]> {
  const out = new Map<string, FieldChange[]>();
  if (before.length === 0) return out;
  const incoming = new Map(rows.map((r) => [r.cermId, r]));
  for (const b of before) {
    const after = incoming.get(b.cermId);
    if (after) out.set(b.cermId, diffFields({ ...b }, { ...after }, CERM_CUSTOMER_FIELDS));
  }
  return out;
}
