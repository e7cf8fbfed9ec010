import type { AccountDetail, AccountEditingView, AccountView, HistoryEntryView, PendingChangeView, PriceLineView, ShipToView } from '../../../../src-preload/contract';

// How the Accounts workspace reads amounts, prices, overrides and history lines: plain functions, tested on their own.

const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

/** 123456 -> "$1,234.56"; null -> "—". */
export function formatCents(cents: number | null | undefined): string {
  if (cents == null) return '—';
  return money.format(cents / 100);
}

/**
 * "12.5", "$1,234.50" or "1234" as whole cents; null when the text is not an amount (empty, negative, more than two
 * decimals, letters).
 */
export function parseCents(text: string): number | null {
  const cleaned = text.trim().replace(/^\$/, '').replace(/,/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return null;
  const [whole, fraction = ''] = cleaned.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

/** Cents as the text an amount box starts with ("12.50"), empty for none. */
export function centsToInput(cents: number | null | undefined): string {
  if (cents == null) return '';
  return (cents / 100).toFixed(2);
}

export const SCOPE_LABEL = { account: 'account', price_level: 'price level' } as const;

/** "$12.00 (account)" or "$10.00 (price level)"; "none imported" without an ERP price. */
export function importedLabel(line: PriceLineView): string {
  if (!line.imported) return 'none imported';
  return `${formatCents(line.imported.priceCents)} (${SCOPE_LABEL[line.imported.scope]})`;
}

/** "$9.00" for a price override, "15% off" for a discount; the scope follows when it is the price level's. */
export function overrideLabel(override: NonNullable<PriceLineView['override']>): string {
  const value = override.kind === 'price' ? formatCents(override.value) : `${trimPercent(override.value)}% off`;
  return override.scope === 'price_level' ? `${value} (price level)` : value;
}

function trimPercent(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2).replace(/0+$/, '').replace(/\.$/, '');
}

/** A history value for the page: empty values read as "(empty)". */
export function historyValue(value: string | null): string {
  return value == null || value === '' ? '(empty)' : value;
}

/** "Rep code: R12 → R07 (your change was lost)" for a line's title and screen readers. */
export function historySummary(entry: HistoryEntryView): string {
  const change = `${entry.label}: ${historyValue(entry.webValue)} → ${historyValue(entry.erpValue)}`;
  if (!entry.lost) return change;
  return entry.canReapply ? `${change} (a web change was lost)` : `${change} (a web change was lost, then re-applied)`;
}

/** The ERP-owned fields' note: "from the ERP; change it there", naming the system when it has a name. */
export function erpOwnedNote(editing: AccountEditingView): string {
  return `from the ${editing.systemName ?? 'ERP'}; change it there`;
}

export function isErpOwned(editing: AccountEditingView, field: string): boolean {
  return editing.erpOwnedFields.includes(field);
}

/** Account information and addresses can be changed on this page (not restricted to the ERP). */
export function canEditAccount(editing: AccountEditingView): boolean {
  return editing.mode !== 'restricted';
}

export function addressText(a: Pick<ShipToView, 'line1' | 'line2' | 'city' | 'state' | 'postalCode' | 'country'>): string {
  const cityLine = [a.city, [a.state, a.postalCode].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  return [a.line1, a.line2, cityLine, a.country].filter(Boolean).join(', ');
}

export function accountTitle(a: Pick<AccountView, 'name' | 'accountNumber'>): string {
  return a.accountNumber ? `${a.name} (${a.accountNumber})` : a.name;
}

/** The web edits still waiting for the next order (the detail also lists those pushed, lost or re-applied). */
export function waitingChanges(detail: Pick<AccountDetail, 'pending'>): PendingChangeView[] {
  return detail.pending.filter((p) => p.status === 'pending');
}

/** The web edits an order carried to the ERP, newest first. */
export function pushedChanges(detail: Pick<AccountDetail, 'pending'>): PendingChangeView[] {
  return detail.pending.filter((p) => p.status === 'pushed').sort((a, b) => (b.pushedAt ?? 0) - (a.pushedAt ?? 0));
}
