import type { CermCustomerView } from '../../../src-preload/contract/customer-models';
import { createCermClient } from './client';
import { cermSettingsOf } from './settings';

const LIMIT = 25;

/** CERM's customers matching the text, asked of CERM now (the department picker's "search live"). */
export async function searchCermCustomersLive(settings: Record<string, unknown>, q: string, signal: AbortSignal): Promise<CermCustomerView[]> {
  const text = q.trim();
  if (!text) return [];
  const found = await createCermClient(cermSettingsOf(settings), signal).searchCustomers(text, LIMIT);
  return found.map((c) => ({
    cermId: c.cermId,
    number: c.number,
    name: c.name,
    costCode: c.costCode,
    email: c.email,
    phone: c.phone,
    street: c.street,
    postalCode: c.postalCode,
    city: c.city,
    country: c.country,
    vatNumber: c.vatNumber,
  }));
}
