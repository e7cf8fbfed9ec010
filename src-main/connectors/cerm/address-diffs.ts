// The field diffs of the address sync's updates: the stored addresses of a page are read just before the page is
// applied, in its transaction, so "before" is exactly what the update overwrote.
import type { FieldChange } from '../../../src-preload/contract';
import type { Repositories } from '../../store/repositories';
import type { AddressFields } from '../../store/addresses-repo';
import { diffFields } from '../../engine/field-diff';
import { CERM_ID } from './ids';

const ADDRESS_FIELDS = ['customer', 'kind', 'name', 'street', 'number', 'postalCode', 'city', 'country', 'email', 'phone'] as const;

/** Call in the page's transaction, before it is applied: each stored address's diff by external id (written ones only). */
export async function addressDiffs(repos: Repositories, page: { externalId: string; customerId: number | null; fields: AddressFields }[]): Promise<Map<string, FieldChange[]>> {
  const written = page.filter((a) => a.customerId !== null);
  const before = await repos.addresses.externalMany(CERM_ID, written.map((a) => a.externalId));
  const out = new Map<string, FieldChange[]>();
  if (before.length === 0) return out;
  const incoming = new Map(written.map((a) => [a.externalId, a]));
  for (const b of before) {
    const after = incoming.get(b.externalId!);
    if (!after) continue;
    const changes = diffFields({ ...b, customer: b.customerId }, { ...after.fields, customer: after.customerId }, ADDRESS_FIELDS);
    if (changes.length > 0) out.set(b.externalId!, changes);
  }
  return out;
}
