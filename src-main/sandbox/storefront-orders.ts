import { mulberry32 } from './sandbox-server';
import { postBurst, type BurstResult } from './storefront-burst';

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

  const kindOf = (b: object) => (b as { kind: string }).kind;
  return postBurst({
    listenerUrl: opts.listenerUrl,
    apiKey: opts.apiKey,
    path: '/platform/orders',
    count: opts.count,
    concurrency: opts.concurrency,
    body,
    accepted: (b) => `${kindOf(b)} accepted`,
    refused: (b, status) => `${kindOf(b)} http ${status}`,
  });
}
