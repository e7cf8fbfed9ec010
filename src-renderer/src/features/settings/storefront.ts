import type { ChannelOutput } from '../../../../src-preload/contract';
import { formatDuration } from '../../components/format';

export type BurstResult = ChannelOutput<'sandbox:storefront-burst'> | ChannelOutput<'sandbox:storefront-orders'>;
export type OrderKind = 'mixed' | 'b2b' | 'b2c';

export const ORDER_KIND_LABEL: Record<OrderKind, string> = { mixed: 'B2B and B2C', b2b: 'B2B (account contacts)', b2c: 'B2C checkouts' };

export const BURST_MIN = 1;
export const BURST_MAX = 500;
export const BURST_DEFAULT = 25;

/** The count box's text as a burst size, or null when it is not a whole number from 1 to 500. */
export function parseBurstCount(text: string): number | null {
  if (!/^\s*\d+\s*$/.test(text)) return null;
  const n = Number(text);
  return n >= BURST_MIN && n <= BURST_MAX ? n : null;
}

/** "25 sent · 0 failed · 10 linked, 12 created, 3 queued · 1.2 s", outcomes most frequent first. */
export function burstSummary(result: BurstResult): string {
  const outcomes = Object.entries(result.outcomes)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([outcome, n]) => `${n} ${outcome}`);
  return [`${result.sent} sent`, `${result.failed} failed`, outcomes.join(', '), formatDuration(result.durationMs)].filter(Boolean).join(' · ');
}
