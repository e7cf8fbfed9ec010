import { mulberry32 } from './sandbox-server';

const FIRST = ['Ava', 'Ben', 'Chloe', 'Daan', 'Emma', 'Finn', 'Greta', 'Hugo', 'Iris', 'Jonas', 'Lena', 'Milan', 'Nora', 'Oscar', 'Pia', 'Ruben'];
const LAST = ['Peeters', 'Janssens', 'Maes', 'Jacobs', 'Mertens', 'Willems', 'Claes', 'Goossens', 'Wouters', 'De Smet', 'Dubois', 'Lambert'];

export interface BurstResult {
  sent: number;
  failed: number;
  outcomes: Record<string, number>;
  durationMs: number;
}

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
  const started = Date.now();
  const outcomes: Record<string, number> = {};
  let failed = 0;
  let next = 0;
  const stamp = Date.now().toString(36);

  async function one(i: number) {
    const first = FIRST[Math.floor(rand() * FIRST.length)]!;
    const last = LAST[Math.floor(rand() * LAST.length)]!;
    const roll = rand();
    const costCode = roll < 0.5 && opts.costCodes.length ? opts.costCodes[Math.floor(rand() * opts.costCodes.length)] : roll < 0.8 ? `CC-${Math.floor(rand() * 99999)}` : undefined;
    const body = { email: `${first}.${last}.${stamp}.${i}@storefront.example`.toLowerCase().replace(/\s/g, ''), firstName: first, lastName: last, costCode };
    try {
      const res = await fetch(`${opts.listenerUrl}/platform/registrations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': opts.apiKey },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
      const answer = (await res.json().catch(() => ({}))) as { outcome?: string };
      const key = res.ok ? (answer.outcome ?? 'ok') : `http ${res.status}`;
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
