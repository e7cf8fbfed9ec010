// How the storefront simulator posts a burst to the platform API: over real HTTP with the platform key, a few at a
// time, each answer counted under the outcome it names.

export interface BurstResult {
  sent: number;
  failed: number;
  outcomes: Record<string, number>;
  durationMs: number;
}

export async function postBurst(opts: {
  listenerUrl: string;
  apiKey: string;
  path: string;
  count: number;
  concurrency?: number;
  /** The i-th request's JSON body. */
  body(i: number): object;
  /** The outcome an accepted answer is counted under. */
  accepted(body: object, answer: unknown): string;
  /** The outcome a refusal is counted under (default "http <status>"). */
  refused?(body: object, status: number): string;
}): Promise<BurstResult> {
  const started = Date.now();
  const outcomes: Record<string, number> = {};
  let failed = 0;
  let next = 0;
  const count = (key: string) => (outcomes[key] = (outcomes[key] ?? 0) + 1);

  async function one(i: number) {
    const body = opts.body(i);
    try {
      const res = await fetch(`${opts.listenerUrl}${opts.path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': opts.apiKey },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
      const answer: unknown = await res.json().catch(() => ({}));
      if (res.ok) count(opts.accepted(body, answer));
      else {
        failed++;
        count(opts.refused?.(body, res.status) ?? `http ${res.status}`);
      }
    } catch {
      failed++;
      count('unreachable');
    }
  }

  const workers = Array.from({ length: Math.min(opts.concurrency ?? 4, opts.count) }, async () => {
    while (next < opts.count) await one(next++);
  });
  await Promise.all(workers);
  return { sent: opts.count, failed, outcomes, durationMs: Date.now() - started };
}
