import type { ChannelInput } from '../../../../src-preload/contract';
import { parseCents } from './account-format';

// The add-override form as plain data: a price in dollars and cents, or a discount in percent.

export interface OverrideDraft {
  scope: 'account' | 'price_level';
  item: string;
  kind: 'price' | 'discount';
  value: string;
}

export function checkOverrideDraft(d: OverrideDraft): Partial<Record<'item' | 'value', string>> {
  const errors: Partial<Record<'item' | 'value', string>> = {};
  if (!d.item.trim()) errors.item = 'Item is required';
  if (!d.value.trim()) errors.value = d.kind === 'price' ? 'Price is required' : 'Discount is required';
  else if (d.kind === 'price' && !parseCents(d.value)) errors.value = 'A price such as 12.50';
  else if (d.kind === 'discount') {
    const pct = Number(d.value.trim().replace(/%$/, ''));
    if (!Number.isFinite(pct) || pct <= 0 || pct > 100) errors.value = 'A percent above 0, up to 100';
  }
  return errors;
}

/** The contract's input; checkOverrideDraft has passed. A price level scope needs the account's level. */
export function toOverrideInput(d: OverrideDraft, accountId: number, priceLevel: string | null): ChannelInput<'accounts:add-override'> {
  const scope = d.scope === 'price_level' && priceLevel ? { priceLevel } : { accountId };
  const value = d.kind === 'price' ? parseCents(d.value)! : Number(d.value.trim().replace(/%$/, ''));
  return { scope, item: d.item.trim(), kind: d.kind, value };
}
