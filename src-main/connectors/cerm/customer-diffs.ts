// The field diffs of a customer download's updates: the stored rows a page changes are read just before the page is
// applied, in its transaction, so "before" is exactly what the update overwrote.
import type { FieldChange } from '../../../src-preload/contract';
import type { Repositories } from '../../store/repositories';
import { diffFields } from '../../engine/field-diff';
import type { CermCustomerRecord } from './parse';

export const CERM_CUSTOMER_FIELDS = ['number', 'name', 'costCode', 'email', 'phone', 'street', 'postalCode', 'city', 'country', 'vatNumber'] as const;

/** Call in the page's transaction, before it is applied; answers each changed customer's diff by CERM id. */
export async function customerDiffs(repos: Repositories, rows: CermCustomerRecord[]): Promise<Map<string, FieldChange[]>> {
  const before = await repos.cermCustomers.changedBefore(rows);
  const out = new Map<string, FieldChange[]>();
  if (before.length === 0) return out;
  const incoming = new Map(rows.map((r) => [r.cermId, r]));
  for (const b of before) {
    const after = incoming.get(b.cermId);
    if (after) out.set(b.cermId, diffFields({ ...b }, { ...after }, CERM_CUSTOMER_FIELDS));
  }
  return out;
}
