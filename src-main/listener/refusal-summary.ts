// Refusals of requests without a valid key, counted instead of logged one by one. Anyone who can reach the listener
// (a cross-site simple POST from a browser included) can send them, and a log row per request is a row and an fsync
// per request: 5,000 requests wrote 5,000 rows. So the first refusal after a quiet minute writes one line at once,
// the rest are counted and summed up in one line a minute later, and so on: at most one line a minute per route.
import type { IntegrationLog } from '../engine/integration-log';
import { plural } from '../engine/count-words';

export const REFUSAL_SUMMARY_MS = 60_000;

export interface RefusalSummaryOptions {
  log: Pick<IntegrationLog, 'write'>;
  connectorId: string;
  action: string;
  /** Who is refused, as the line starts: "CRM Agent". */
  label: string;
  /** Why: "a missing or wrong key". */
  reason: string;
  now: () => number;
  intervalMs?: number;
}

export interface RefusalSummary {
  /** One more refusal: counted, and written when the minute allows. */
  count(): void;
  /** Writes what is counted and not yet written (at close, so no refusal goes unmentioned). */
  flush(): void;
  /** Refusals since start, written or not. */
  total(): number;
}

const clock = (t: number) => new Date(t).toTimeString().slice(0, 5);

export function createRefusalSummary(o: RefusalSummaryOptions): RefusalSummary {
  const interval = o.intervalMs ?? REFUSAL_SUMMARY_MS;
  let pending = 0;
  let since = 0;
  let total = 0;
  let lastWrite = Number.NEGATIVE_INFINITY;
  let timer: NodeJS.Timeout | null = null;

  async function write(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = null;
    if (pending === 0) return;
    const n = pending;
    pending = 0;
    lastWrite = o.now();
    const what = `${plural(n, 'request')} refused`;
    await o.log.write({
      connectorId: o.connectorId,
      action: o.action,
      outcome: 'validation_failure',
      message: `${o.label}: ${what} for ${o.reason} since ${clock(since)} (counted, one line a minute at most)`,
    });
  }

  return {
    async count() {
      total++;
      if (pending++ === 0) since = o.now();
      if (timer) return;
      const wait = lastWrite + interval - o.now();
      if (wait <= 0) return await write();
      timer = setTimeout(write, wait);
      timer.unref?.();
    },
    flush: write,
    total: () => total,
  };
}
