import { mulberry32 } from './sandbox-server';
import { postBurst, type BurstResult } from './storefront-burst';

const FIRST = ['Ava', 'Ben', 'Chloe', 'Daan', 'Emma', 'Finn', 'Greta', 'Hugo', 'Iris', 'Jonas', 'Lena', 'Milan', 'Nora', 'Oscar', 'Pia', 'Ruben'];
const LAST = ['Peeters', 'Janssens', 'Maes', 'Jacobs', 'Mertens', 'Willems', 'Claes', 'Goossens', 'Wouters', 'De Smet', 'Dubois', 'Lambert'];

export type { BurstResult } from './storefront-burst';

/**
 * The storefront simulator: posts a burst of registrations to the platform API over real HTTP, as a web shop would.
 * Cost codes are drawn from the ones departments are linked to, plus some that match nothing.
 */
export async function postRegistrationBurst(opts: {
  listenerUrl: string;
  apiKey: string;
  count: number;
  costCodes: string[];
  seed?: number;
  concurrency?: number;
}): Promise<BurstResult> {
  const rand = mulberry32(opts.seed ?? Date.now() % 2 ** 31);
  const stamp = Date.now().toString(36);
  return postBurst({
    listenerUrl: opts.listenerUrl,
    apiKey: opts.apiKey,
    path: '/platform/registrations',
    count: opts.count,
    concurrency: opts.concurrency,
    body(i) {
      const first = FIRST[Math.floor(rand() * FIRST.length)]!;
      const last = LAST[Math.floor(rand() * LAST.length)]!;
      const roll = rand();
      const costCode = roll < 0.5 && opts.costCodes.length ? opts.costCodes[Math.floor(rand() * opts.costCodes.length)] : roll < 0.8 ? `CC-${Math.floor(rand() * 99999)}` : undefined;
      return { email: `${first}.${last}.${stamp}.${i}@storefront.example`.toLowerCase().replace(/\s/g, ''), firstName: first, lastName: last, costCode };
    },
    accepted: (_body, answer) => (answer as { outcome?: string }).outcome ?? 'ok',
  });
}
