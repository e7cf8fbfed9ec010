import type { CermCustomerView } from '../../../src-preload/contract/customer-models';
import { createCermClient } from './client';
import { cermSettingsOf } from './settings';
import { customerView } from './parse';

const LIMIT = 25;

/** CERM's customers matching the text, asked of CERM now (the department picker's "search live"). */
export async function searchCermCustomersLive(settings: Record<string, unknown>, q: string, signal: AbortSignal): Promise<CermCustomerView[]> {
  const text = q.trim();
  if (!text) return [];
  const found = await createCermClient(cermSettingsOf(settings), signal).searchCustomers(text, LIMIT);
  return found.map(customerView);
}
