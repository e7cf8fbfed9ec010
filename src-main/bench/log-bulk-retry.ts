// The log bench's day-to-day measures: page times with nothing else going on (set against those during cleanup), and
// Retry all over 5,000 failures through the contract, with the p99 of a contract call every 10 ms meanwhile.
import type { createCore } from '../core/create-core';
import { figuresOf, startProbe, type ProbeFigures } from './contract-probe';
import { seconds } from './measure';

/** A connector id no connector has: its jobs are only ever seeded, failed and requeued here, never performed. */
const BENCH_CONNECTOR = 'bench';
const BENCH_KIND = 'bench-push';
// Long enough for a p99 of a few hundred calls (a 2 s window's p99 was its slowest call).
const QUIET_MS = 5_000;
const SEED_CHUNK = 500;

type Probe = ReturnType<typeof startProbe>;
type Core = Awaited<ReturnType<typeof createCore>>;

/** The probe's calls over a quiet window: the page times "without cleanup". */
export async function quietWindow(probe: Probe): Promise<ProbeFigures> {
  probe.take();
  await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
  return figuresOf(probe.take());
}

/** `n` jobs that gave up, each an open error in the Errors workspace, as a remote that refused them all would leave. */
async function seedFailures(core: Core, n: number): Promise<void> {
  const { repos } = core.services;
  let token = 0;
  for (let i = 0; i < n; i += SEED_CHUNK) {
    const end = Math.min(n, i + SEED_CHUNK);
    await repos.transaction(async (tx) => {
      const now = Date.now();
      for (let k = i; k < end; k++)
        await tx.jobs.enqueue({ connectorId: BENCH_CONNECTOR, kind: BENCH_KIND, entityKey: `B${k}`, idempotencyKey: `bench-${k}`, payload: { n: k } }, now);
      const leased = await tx.jobs.claim({ now, leaseMs: 60_000, limit: end - i, newToken: () => `bench-${++token}`, only: { connectorId: BENCH_CONNECTOR } });
      for (const job of leased) {
        await tx.jobs.finish(job.id, job.leaseToken!, 'dead', 'the remote answered 503 ten times', now);
        await tx.errors.noteFailure({ connectorId: BENCH_CONNECTOR, entityType: 'record', entityId: job.entityKey, source: BENCH_KIND, reason: 'the remote answered 503 ten times', reasonKind: 'gave_up', ts: now, jobId: job.id, attempt: 10 });
      }
    });
  }
}

export interface BulkRetryFigures {
  bulk_retry_failures: number;
  bulk_retry_done: number;
  bulk_retry_s: number;
  bulk_retry_api_p50_ms: number;
  bulk_retry_api_p99_ms: number;
  bulk_retry_api_max_ms: number;
  bulk_retry_api_calls: number;
}

/**
 * Retry all of `n` open errors over a filter, as the Errors screen asks (errors:retry-all), while `call` runs every
 * 10 ms. The job runner stands still first, so the requeued jobs (of no connector) are not performed.
 */
export async function measureBulkRetry(core: Core, n: number, call: () => Promise<unknown>): Promise<BulkRetryFigures> {
  await core.services.jobs.stop();
  await seedFailures(core, n);
  const probe = startProbe(call);
  const t0 = process.hrtime.bigint();
  const r = await core.dispatch('errors:retry-all', { filter: { status: 'open', connectorId: BENCH_CONNECTOR } });
  const retryS = seconds(t0);
  const during = figuresOf(await probe.stop());
  if (!r.ok) throw new Error(`errors:retry-all: ${r.error.message}`);
  const done = (r.data as { done: number }).done;
  if (done !== n) throw new Error(`Retry all retried ${done} of ${n} failures`);
  return {
    bulk_retry_failures: n,
    bulk_retry_done: done,
    bulk_retry_s: Math.round(retryS * 100) / 100,
    bulk_retry_api_p50_ms: during.p50_ms,
    bulk_retry_api_p99_ms: during.p99_ms,
    bulk_retry_api_max_ms: during.max_ms,
    bulk_retry_api_calls: during.calls,
  };
}
