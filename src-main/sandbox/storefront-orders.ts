import { mulberry32 } from './sandbox-server';
import type { BurstResult } from './storefront-simulator';

/** A B2B buyer the storefront may order as: a contact with login enabled, of an enabled account. */
export interface StorefrontBuyer {
  accountNumber: string;
  contactEmail: string;
  shipTo: { name: string; line1: string; city: string; state?: string; postalCode: string; country: string };
}

const NAMES = ['Ava Peeters', 'Ben Maes', 'Chloe Jacobs', 'Daan Mertens', 'Emma Willems', 'Finn Claes', 'Greta Wouters', 'Hugo Dubois'];
const CITIES = [{ city: 'Springfield', state: 'IL', postalCode: '62701' }, { city: 'Portland', state: 'OR', postalCode: '97201' }, { city: 'Austin', state: 'TX', postalCode: '73301' }];

/**
 * The storefront simulator's checkouts: posts orders to POST /platform/orders over real HTTP, as a web shop would.
 * B2B orders come from the buyers given (existing contacts); B2C ones from fresh shoppers. Each order number is new.
 */
export async function postOrderBurst(opts: {
  listenerUrl: string;
  apiKey: string;
  count: number;
  kind: 'b2b' | 'b2c' | 'mixed';
  buyers: StorefrontBuyer[];
  /** What the shop sells: items the ERP prices, at their price-level price. */
  catalogue: readonly { item: string; priceCents: number }[];
  seed?: number;
  concurrency?: number;
}): Promise<BurstResult> {
  if (opts.catalogue.length === 0) throw new Error('the storefront needs a catalogue of at least one item');
  const rand = mulberry32(opts.seed ?? Date.now() % 2 ** 31);
  const pickOf = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const started = Date.now();
  const outcomes: Record<string, number> = {};
  let failed = 0;
  let next = 0;
  const stamp = Date.now().toString(36);

  function body(i: number): object {
    const b2b = opts.buyers.length > 0 && (opts.kind === 'b2b' || (opts.kind === 'mixed' && rand() < 0.6));
    const lines = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => {
      const p = pickOf(opts.catalogue);
      return { item: p.item, qty: 1 + Math.floor(rand() * 10), unitPriceCents: p.priceCents };
    });
    const orderNumber = `SF-${stamp}-${i}`;
    if (b2b) {
      const buyer = pickOf(opts.buyers);
      return { orderNumber, kind: 'b2b', accountNumber: buyer.accountNumber, contactEmail: buyer.contactEmail, lines, shipTo: buyer.shipTo, poNumber: rand() < 0.5 ? `PO-${Math.floor(rand() * 99999)}` : undefined };
    }
    const name = pickOf(NAMES);
    const place = pickOf(CITIES);
    const email = `${name.replace(' ', '.')}.${stamp}.${i}@checkout.example`.toLowerCase();
    return { orderNumber, kind: 'b2c', customer: { name, email }, lines, shipTo: { name, line1: `${1 + Math.floor(rand() * 999)} Main St`, ...place, country: 'US' } };
  }

  async function one(i: number) {
    const b = body(i);
    const kind = (b as { kind: string }).kind;
    try {
      const res = await fetch(`${opts.listenerUrl}/platform/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': opts.apiKey },
        body: JSON.stringify(b),
        signal: AbortSignal.timeout(15_000),
      });
      await res.arrayBuffer();
      const key = res.ok ? `${kind} accepted` : `${kind} http ${res.status}`;
      outcomes[key] = (outcomes[key] ?? 0) + 1;
      if (!res.ok) failed++;
    } catch {
      failed++;
      outcomes.unreachable = (outcomes.unreachable ?? 0) + 1;
    }
  }

  const workers = Array.from({ length: Math.min(opts.concurrency ?? 4, opts.count) }, async () => {
    while (next < opts.count) await one(next++);
  });
  await Promise.all(workers);
  return { sent: opts.count, failed, outcomes, durationMs: Date.now() - started };
}
