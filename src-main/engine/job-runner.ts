import { randomUUID } from 'node:crypto';
import type { JobRow } from '../store/jobs-repo';
import type { NewLogEntry } from '../store/log-repo';
import type { IntegrationLog } from './integration-log';
import type { EngineDeps } from './engine-deps';
import { RemoteError, classifyError } from './remote-error';
import { DEFAULT_RETRY_POLICY, nextDelay, type RetryPolicy } from './retry-policy';

export interface JobRunnerOptions {
  concurrency?: number;
  leaseMs?: number;
  pollMs?: number;
  retry?: RetryPolicy;
  random?: () => number;
  /** Where unexpected errors go (the diagnostic log); the runner keeps going. */
  onError?: (err: unknown) => void;
}

export type JobRunnerDeps = EngineDeps;

type LogBase = Omit<NewLogEntry, 'ts' | 'outcome' | 'message'>;

function secondsText(ms: number): string {
  return ms < 1000 ? `${ms} ms` : ms < 120_000 ? `${Math.round(ms / 100) / 10} s` : `${Math.round(ms / 60_000)} min`;
}

/**
 * Leases due jobs in a short transaction, performs each outside any transaction, then completes it with a
 * compare-and-set on the lease. Every attempt lands in the integration log.
 */
export function createJobRunner(deps: JobRunnerDeps, options: JobRunnerOptions = {}) {
  const concurrency = options.concurrency ?? 4;
  const leaseMs = options.leaseMs ?? 120_000;
  const pollMs = options.pollMs ?? 1_000;
  const policy = options.retry ?? DEFAULT_RETRY_POLICY;
  const random = options.random ?? Math.random;
  const { repos, log, now } = deps;
  const inFlight = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | null = null;
  let running = false;
  let ticking = false;
  const settledWaiters: (() => void)[] = [];

  function pauseConnection(job: JobRow, err: RemoteError) {
    const state = err.kind === 'auth' ? 'auth_required' : 'credentials_unavailable';
    const message =
      err.kind === 'auth'
        ? `The remote rejected the credentials: ${err.message}. Jobs wait until new credentials are saved.`
        : `Credentials unavailable: ${err.message}. Jobs wait until the keychain answers.`;
    repos.connections.setState(job.connectorId, state, message);
    deps.bus.emit('connections:changed', { connectorId: job.connectorId });
  }

  async function perform(job: JobRow): Promise<void> {
    const connector = deps.registry.get(job.connectorId);
    const handler = connector?.jobs[job.kind];
    const base: LogBase = { connectorId: job.connectorId, action: job.kind, entityType: handler?.entityType ?? null, entityId: handler?.entityIdOf?.(job) ?? job.entityKey, attempt: job.attempts, jobId: job.id };
    const token = job.leaseToken!;
    const keepLease = setInterval(() => repos.jobs.extendLease(job.id, token, now() + leaseMs), Math.max(50, leaseMs / 3));
    keepLease.unref?.();
    try {
      if (!connector || !handler) {
        repos.transaction(() => {
          if (repos.jobs.finish(job.id, token, 'failed', `no handler for ${job.connectorId}/${job.kind}`, now()))
            log.write({ ...base, outcome: 'validation_failure', message: `No handler for job kind "${job.kind}" of connector "${job.connectorId}".` });
        });
        return;
      }
      try {
        const settings = await deps.connections.load(connector);
        const outcome = await handler.perform(job, { connectorId: job.connectorId, settings, repos, log, now, files: deps.files, signal: AbortSignal.timeout(leaseMs) });
        // The state change and its log line commit together: a kill between them must not leave an attempt unlogged.
        const completed = repos.transaction(() => {
          const ok = repos.jobs.complete(job.id, token, outcome.result ?? null, now());
          if (ok) log.write({ ...base, outcome: 'success', message: outcome.message, details: outcome.details ?? null });
          return ok;
        });
        if (!completed) {
          // The reclaim already logged this attempt as unfinished; a second line would count it twice.
          options.onError?.(new Error(`job ${job.id} finished after its lease expired; the result was discarded (the remote saw the same idempotency key)`));
        }
      } catch (thrown) {
        settle(job, token, classifyError(thrown), base);
      }
    } finally {
      clearInterval(keepLease);
    }
  }

  function settle(job: JobRow, token: string, err: RemoteError, base: LogBase) {
    repos.transaction(() => settleNow(job, token, err, base));
  }

  function settleNow(job: JobRow, token: string, err: RemoteError, base: LogBase) {
    const t = now();
    const details = err.extra.details ?? null;
    // Remote answers can echo what they were sent; job rows keep only the masked text.
    err = new RemoteError(err.kind, log.redact(err.message), err.extra);
    if (err.kind === 'auth' || err.kind === 'credentials_unavailable') {
      // Pausing is not a failed attempt: the job waits for credentials instead of burning retries.
      if (repos.jobs.reschedule(job.id, token, t, err.message, t, true)) {
        pauseConnection(job, err);
        log.write({ ...base, outcome: 'failure', message: `${err.message}; connection paused until credentials are available`, details });
      }
      return;
    }
    if (err.kind === 'validation') {
      if (repos.jobs.finish(job.id, token, 'failed', err.message, t))
        log.write({ ...base, outcome: 'validation_failure', message: `${err.message} (not retried)`, details });
      return;
    }
    if (job.attempts >= job.maxAttempts) {
      if (repos.jobs.finish(job.id, token, 'dead', err.message, t))
        log.write({ ...base, outcome: 'dead', message: `${err.message}; gave up after ${job.attempts} attempts`, details });
      return;
    }
    const delay = nextDelay(err, job.attempts, policy, random);
    if (repos.jobs.reschedule(job.id, token, t + delay, err.message, t))
      log.write({ ...base, outcome: 'retrying', message: `${err.message}; attempt ${job.attempts} of ${job.maxAttempts}, next in ${secondsText(delay)}`, details });
  }

  /** Attempts whose worker died get their log line now: every attempt is in the log. */
  function logReclaimed(list: ReturnType<typeof repos.jobs.reclaimExpired>): void {
    for (const r of list) {
      const job = repos.jobs.get(r.id);
      const handler = deps.registry.get(r.connectorId)?.jobs[r.kind];
      const dead = r.status === 'dead';
      log.write({
        connectorId: r.connectorId,
        action: r.kind,
        entityType: handler?.entityType ?? null,
        entityId: (job && handler?.entityIdOf?.(job)) ?? r.entityKey,
        attempt: r.attempts,
        jobId: r.id,
        outcome: dead ? 'dead' : 'retrying',
        message: `attempt ${r.attempts} did not finish: the app stopped during it${dead ? `; gave up after ${r.attempts} attempts` : '; trying again'}`,
      });
    }
  }

  function tick(): void {
    if (!running || ticking) return;
    ticking = true;
    let claimedAny = false;
    try {
      const t = now();
      repos.transaction(() => logReclaimed(repos.jobs.reclaimExpired(t)));
      const free = concurrency - inFlight.size;
      if (free > 0) {
        for (const job of repos.jobs.claim({ now: t, leaseMs, limit: free, newToken: randomUUID })) {
          claimedAny = true;
          const p = perform(job).catch((err: unknown) => options.onError?.(err)).finally(() => {
            inFlight.delete(p);
            kick();
          });
          inFlight.add(p);
        }
      }
      if (inFlight.size === 0 && settledWaiters.length > 0) {
        const c = repos.jobs.counts();
        if (c.pending === 0 && c.running === 0) for (const w of settledWaiters.splice(0)) w();
      }
    } catch (err) {
      // A busy or full database must not end the process; the next tick tries again.
      options.onError?.(err);
    } finally {
      ticking = false;
      schedule(claimedAny);
    }
  }

  /** Sleeps until the next runnable job is due; never spins on jobs it cannot claim (a finished job kicks it awake). */
  function schedule(claimedAny: boolean): void {
    if (!running) return;
    if (timer) clearTimeout(timer);
    let wait = pollMs;
    if (inFlight.size < concurrency) {
      const next = safeNextDue();
      if (next !== null) {
        const until = next - now();
        wait = until > 0 ? Math.min(pollMs, until) : claimedAny ? 5 : pollMs;
      }
    }
    timer = setTimeout(tick, Math.max(5, wait));
    timer.unref?.();
  }

  function safeNextDue(): number | null {
    try {
      return repos.jobs.nextDueAt();
    } catch {
      return null;
    }
  }

  function kick(): void {
    if (!running) return;
    setImmediate(tick);
  }

  return {
    start(): void {
      if (running) return;
      running = true;
      kick();
    },
    async stop(): Promise<void> {
      running = false;
      if (timer) clearTimeout(timer);
      await Promise.allSettled([...inFlight]);
    },
    /** Wakes the runner now (a job was enqueued or credentials were saved). */
    kick,
    /** Resolves when no job is pending or running any more: every job done, failed, dead or dismissed. */
    whenSettled(): Promise<void> {
      return new Promise((resolve) => {
        settledWaiters.push(resolve);
        kick();
      });
    },
    get inFlight(): number {
      return inFlight.size;
    },
  };
}

export type JobRunner = ReturnType<typeof createJobRunner>;
