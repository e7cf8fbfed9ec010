import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { JobRow } from '../store/jobs-repo';
import type { NewLogEntry } from '../store/log-repo';
import type { BatchResult, Connector, JobHandler, JobOutcome } from '../connectors/connector';
import type { EngineDeps } from './engine-deps';
import type { Repositories } from '../store/repositories';
import type { ReclaimedJob } from './job-queue';
import { RemoteError, classifyError } from './remote-error';
import { detailOf, withoutCodes } from '../errors/plain-remote';
import { DEFAULT_RETRY_POLICY, nextDelay, type RetryPolicy } from './retry-policy';
import { coalesce } from './coalesce';

export interface JobRunnerOptions {
  /** Jobs in flight per connector (its bulkhead), unless the connector sets its own. */
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

/** A finished attempt waiting for the next commit: its outcome or error, then whoever waits for it to be durable. */
interface Settlement {
  job: JobRow;
  token: string;
  base: LogBase;
  result: JobOutcome | RemoteError;
  done: () => void;
}

/** What one slot performs: a job, or several of a batchable kind sharing one remote call. */
interface Unit {
  connectorId: string;
  jobs: JobRow[];
  connector: Connector | undefined;
  handler: JobHandler | undefined;
}

function secondsText(ms: number): string {
  return ms < 1000 ? `${ms} ms` : ms < 120_000 ? `${Math.round(ms / 100) / 10} s` : `${Math.round(ms / 60_000)} min`;
}

/**
 * Leases due jobs, performs each outside any transaction, then completes it with a compare-and-set on the lease.
 * Every attempt lands in the integration log, in the same transaction as the job's new state.
 *
 * Group commit: attempts that finish close together are settled in one transaction, which also leases the next
 * jobs, so a busy queue pays one durable commit (fsync) per turn of the event loop rather than two per job. A job
 * counts as finished only once that commit is done; a crash before it leaves the lease to expire and the attempt to
 * be retried with the same idempotency key, exactly as a crash just after the remote answered always did.
 */
export function createJobRunner(deps: JobRunnerDeps, options: JobRunnerOptions = {}) {
  // Eight in flight: enough for group commit to settle several answers per commit, modest for a remote service.
  const concurrency = options.concurrency ?? 8;
  const leaseMs = options.leaseMs ?? 120_000;
  const pollMs = options.pollMs ?? 1_000;
  const policy = options.retry ?? DEFAULT_RETRY_POLICY;
  const random = options.random ?? Math.random;
  const { repos, queue, log, now } = deps;
  const inFlight = new Set<Promise<void>>();
  const settlements: Settlement[] = [];
  /**
   * Slots taken by units still talking to the remote, per connector (a unit waiting for its commit no longer holds
   * one). Each connector has its own slots (a bulkhead): a hung or slow remote delays only its own jobs.
   */
  const busy = new Map<string, number>();
  const busyOf = (connectorId: string) => busy.get(connectorId) ?? 0;
  const limitOf = (connector: Connector) => connector.concurrency ?? concurrency;
  const freeOf = (connector: Connector) => (stopping ? 0 : limitOf(connector) - busyOf(connector.id));
  let timer: NodeJS.Timeout | null = null;
  let running = false;
  let ticking = false;
  let tickAgain = false;
  let kicked = false;
  let stopping = false;
  let lastReclaimAt = -Infinity;
  /** Leases held by attempts under way (job id → token), renewed by one timer. */
  const leased = new Map<number, string>();
  let renewTimer: NodeJS.Timeout | null = null;
  const settledWaiters: (() => void)[] = [];
  const errorsChanged = coalesce(() => deps.bus.emit('errors:changed', {}));

  /** A job that failed for good opens (or adds to) its record's group in the Errors workspace. */
  async function noteFailure(tx: Repositories, job: JobRow, base: LogBase, reason: string, reasonKind: 'rejected' | 'gave_up') {
    await tx.errors.noteFailure({ connectorId: job.connectorId, entityType: base.entityType ?? null, entityId: base.entityId ?? job.entityKey, source: job.kind, reason, reasonKind, ts: now(), jobId: job.id, attempt: job.attempts });
    errorsChanged();
  }

  async function pauseConnection(job: JobRow, err: RemoteError) {
    const state = err.kind === 'auth' ? 'auth_required' : 'credentials_unavailable';
    const message =
      err.kind === 'auth'
        ? `The remote rejected the credentials: ${err.message}. Jobs wait until new credentials are saved.`
        : `Credentials unavailable: ${err.message}. Jobs wait until the keychain answers.`;
    await repos.connections.setState(job.connectorId, state, message);
    deps.bus.emit('connections:changed', { connectorId: job.connectorId });
  }

  function logBase(job: JobRow, handler: JobHandler | undefined): LogBase {
    return { connectorId: job.connectorId, action: job.kind, entityType: handler?.entityType ?? null, entityId: handler?.entityIdOf?.(job) ?? job.entityKey, attempt: job.attempts, jobId: job.id };
  }

  /** Runs one unit against the remote, then hands each job's result to the next commit and waits for it. */
  async function perform(unit: Unit): Promise<void> {
    const { jobs, handler } = unit;
    for (const job of jobs) leased.set(job.id, job.leaseToken!);
    let results: (JobOutcome | RemoteError)[];
    try {
      results = await attempt(unit);
    } catch (thrown) {
      const err = classifyError(thrown);
      results = jobs.map(() => err);
    } finally {
      busy.set(unit.connectorId, busyOf(unit.connectorId) - 1);
    }
    try {
      const committed = jobs.map(
        (job, i) =>
          new Promise<void>((done) => settlements.push({ job, token: job.leaseToken!, base: logBase(job, handler), result: results[i]!, done })),
      );
      kick();
      await Promise.all(committed);
    } finally {
      for (const job of jobs) leased.delete(job.id);
    }
  }

  /** One timer renews every lease held, three times per lease period: a long remote call keeps its job. */
  async function renewLeases(): Promise<void> {
    const expires = now() + leaseMs;
    for (const [id, token] of leased) {
      try {
        await queue.extendLease(id, token, expires);
      } catch (err) {
        options.onError?.(err);
      }
    }
  }

  async function attempt({ jobs, connector, handler }: Unit): Promise<(JobOutcome | RemoteError)[]> {
    if (!connector || !handler) {
      const job = jobs[0]!;
      return jobs.map(() => new RemoteError('validation', `No handler for job kind "${job.kind}" of connector "${job.connectorId}".`));
    }
    const settings = await deps.connections.load(connector);
    const ctx = { connectorId: connector.id, settings, repos, own: deps.registry.own(connector.id), queue, log, now, files: deps.files, signal: AbortSignal.timeout(leaseMs) };
    if (!handler.batch) return [await handler.perform(jobs[0]!, ctx)];
    const results: BatchResult[] = await handler.batch.perform(jobs, ctx);
    if (results.length !== jobs.length) throw new Error(`batch of ${jobs.length} ${handler.entityType} jobs answered ${results.length} results`);
    return results.map((r) => ('error' in r ? classifyError(r.error) : r));
  }

  /** One job's new state and its log line; in a savepoint of the tick's transaction, so a failure stays its own. */
  async function settleOne(s: Settlement): Promise<void> {
    const outcome = s.result;
    if (outcome instanceof RemoteError) {
      await repos.transaction(async (tx) => await settleFailure(tx, s.job, s.token, outcome, s.base));
      return;
    }
    try {
      await repos.transaction(async (tx) => {
        const recorded = await outcome.record?.(tx);
        const message = typeof recorded === 'string' ? recorded : outcome.message;
        if (await queue.complete(tx, s.job.id, s.token, outcome.result ?? null)) {
          await log.write({ ...s.base, outcome: 'success', message, details: outcome.details ?? null });
          // A later attempt that succeeds for the record resolves its open errors.
          if (await tx.errors.resolveRecords(s.job.connectorId, [{ entityType: s.base.entityType ?? null, entityId: s.base.entityId ?? s.job.entityKey }], `job ${s.job.id}`, now()) > 0) errorsChanged();
        }
        // The reclaim already logged this attempt as unfinished; a second line would count it twice.
        else options.onError?.(new Error(`job ${s.job.id} finished after its lease expired; the result was discarded (the remote saw the same idempotency key)`));
      });
    } catch (err) {
      // The remote did what it was asked, but recording its answer failed and rolled back. Trying again would do it
      // twice at the remote, so the job stops as "recorded failed", the remote's answer kept for staff.
      const reason = log.redact(classifyError(err).message);
      await repos.transaction(async (tx) => {
        const kept = { remote: outcome.result ?? null, message: outcome.message };
        if (await queue.recordFailed(tx, s.job.id, s.token, kept, reason))
          await log.write({ ...s.base, outcome: 'failure', message: `${outcome.message} But recording it failed: ${reason}. Not repeated at the remote; the answer is kept on the job for staff.`, details: outcome.details ?? null });
      });
    }
  }

  async function settleFailure(tx: Repositories, job: JobRow, token: string, err: RemoteError, base: LogBase) {
    const t = now();
    const details = detailOf(err);
    // Remote answers can echo what they were sent; job rows keep only the masked text. Staff read the reason in words:
    // the errno goes to the log line's details, not into the stored sentence.
    err = new RemoteError(err.kind, log.redact(withoutCodes(err.message)), err.extra);
    if (err.kind === 'auth' || err.kind === 'credentials_unavailable') {
      // Pausing is not a failed attempt: the job waits for credentials instead of burning retries.
      if (await queue.reschedule(tx, job.id, token, t, err.message, true)) {
        await pauseConnection(job, err);
        await log.write({ ...base, outcome: 'failure', message: `${err.message}; connection paused until credentials are available`, details });
      }
      return;
    }
    if (err.kind === 'validation' || err.kind === 'local') {
      if (await queue.fail(tx, job.id, token, 'failed', err.message)) {
        await log.write({ ...base, outcome: 'validation_failure', message: `${err.message} (not retried)`, details });
        await noteFailure(tx, job, base, err.message, 'rejected');
      }
      return;
    }
    if (err.kind === 'in_doubt') {
      if (await queue.inDoubt(tx, job.id, token, err.message))
        await log.write({ ...base, outcome: 'failure', message: `In doubt: ${err.message}. Waiting for staff: act again, or enter the existing record.`, details });
      return;
    }
    if (job.attempts >= job.maxAttempts) {
      if (await queue.fail(tx, job.id, token, 'dead', err.message)) {
        await log.write({ ...base, outcome: 'dead', message: `${err.message}; gave up after ${job.attempts} attempts`, details });
        await noteFailure(tx, job, base, `Gave up after ${job.attempts} attempts: ${err.message}`, 'gave_up');
      }
      return;
    }
    const delay = nextDelay(err, job.attempts, policy, random);
    if (await queue.reschedule(tx, job.id, token, t + delay, err.message, false, err.extra.maybeApplied === true))
      await log.write({ ...base, outcome: 'retrying', message: `${err.message}; attempt ${job.attempts} of ${job.maxAttempts}, next in ${secondsText(delay)}`, details });
  }

  /** Attempts whose worker died get their log line now: every attempt is in the log. */
  async function logReclaimed(list: ReclaimedJob[]): Promise<void> {
    for (const r of list) {
      const job = await repos.jobs.get(r.id);
      const handler = deps.registry.get(r.connectorId)?.jobs[r.kind];
      const dead = r.status === 'dead';
      await log.write({
        connectorId: r.connectorId,
        action: r.kind,
        entityType: handler?.entityType ?? null,
        entityId: (job && handler?.entityIdOf?.(job)) ?? r.entityKey,
        attempt: r.attempts,
        jobId: r.id,
        outcome: dead ? 'dead' : 'retrying',
        message: `attempt ${r.attempts} did not finish: the app stopped during it${dead ? `; gave up after ${r.interrupted} interrupted attempts` : '; trying again'}`,
      });
    }
  }

  /**
   * Leases up to each connector's free slots. Due jobs of a batchable kind are grouped into batches first (ten
   * read-backs are one call, not ten), and each batch is topped up with more of its kind, up to its size.
   */
  async function claimUnits(tx: Repositories): Promise<Unit[]> {
    const units: Unit[] = [];
    for (const connector of deps.registry.all()) {
      let free = freeOf(connector);
      while (free > 0) {
        const limit = free;
        const jobs = await queue.claim(tx, { leaseMs, limit, newToken: randomUUID, only: { connectorId: connector.id } });
        const batches = new Map<string, Unit>();
        for (const job of jobs) {
          const handler = connector.jobs[job.kind];
          const batch = handler?.batch && handler.batch.max > 1 ? batches.get(job.kind) : undefined;
          if (batch && batch.jobs.length < handler!.batch!.max) {
            batch.jobs.push(job);
            continue;
          }
          const unit: Unit = { connectorId: connector.id, jobs: [job], connector, handler };
          if (handler?.batch && handler.batch.max > 1) batches.set(job.kind, unit);
          units.push(unit);
          free--;
        }
        for (const [kind, unit] of batches) {
          const room = unit.handler!.batch!.max - unit.jobs.length;
          if (room > 0) unit.jobs.push(...await queue.claim(tx, { leaseMs, limit: room, newToken: randomUUID, only: { connectorId: connector.id, kind } }));
        }
        // Fewer than asked: nothing more is due. Otherwise batching left slots free, so look again.
        if (jobs.length < limit) break;
      }
    }
    return units;
  }

  async function tick(): Promise<void> {
    kicked = false;
    if (!running) return;
    if (ticking) {
      // A kick while a tick waits for the store: the next tick follows it at once.
      tickAgain = true;
      return;
    }
    ticking = true;
    tickAgain = false;
    let claimed: Unit[] = [];
    const batch = settlements.splice(0);
    try {
      const t = now();
      // One transaction (one commit) settles every attempt that finished since the last tick and leases the next jobs.
      await repos.transaction(async (tx) => {
        for (const s of batch) await settleOne(s);
        // Leases last minutes: looking for expired ones once a second is plenty.
        if (t - lastReclaimAt >= 1_000) {
          lastReclaimAt = t;
          await logReclaimed(await queue.reclaimExpired());
        }
        claimed = await claimUnits(tx);
      });
      for (const s of batch) s.done();
    } catch (err) {
      // A busy or full database must not end the process: the attempts wait for the next tick, their leases kept.
      settlements.unshift(...batch);
      claimed = [];
      options.onError?.(err);
    } finally {
      ticking = false;
    }
    for (const unit of claimed) {
      busy.set(unit.connectorId, busyOf(unit.connectorId) + 1);
      const p = perform(unit)
        .catch((err: unknown) => options.onError?.(err))
        .finally(() => {
          inFlight.delete(p);
          kick();
        });
      inFlight.add(p);
    }
    if (inFlight.size === 0 && settlements.length === 0 && settledWaiters.length > 0) {
      try {
        const c = await repos.jobs.counts();
        if (c.pending === 0 && c.running === 0) for (const w of settledWaiters.splice(0)) w();
      } catch (err) {
        options.onError?.(err);
      }
    }
    await schedule(claimed.length > 0);
    if (tickAgain) {
      tickAgain = false;
      kick();
    }
  }

  function tickSafely(): void {
    tick().catch((err: unknown) => options.onError?.(err));
  }

  /** Sleeps until the next runnable job is due; never spins on jobs it cannot claim (a finished job kicks it awake). */
  async function schedule(claimedAny: boolean): Promise<void> {
    if (!running) return;
    let wait = pollMs;
    if (settlements.length > 0) wait = Math.min(pollMs, 50);
    else if (deps.registry.all().some((c) => freeOf(c) > 0)) {
      const next = await safeNextDue();
      if (next !== null) {
        const until = next - now();
        wait = until > 0 ? Math.min(pollMs, until) : claimedAny ? 5 : pollMs;
      }
    }
    if (!running) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => outsideAnyTransaction(tickSafely), Math.max(5, wait));
    timer.unref?.();
  }

  async function safeNextDue(): Promise<number | null> {
    try {
      return await repos.jobs.nextDueAt();
    } catch {
      return null;
    }
  }

  // A kick often comes from inside a transaction (an enqueue wakes the runner while its change is still open), and a
  // timer runs in the async context it was set in, where the store finds that transaction: the tick would become a
  // savepoint of it, its claims committed or undone with someone else's change, its statements interleaved with that
  // change's on one PostgreSQL connection. Ticks start from the context the runner was made in, outside any.
  const outsideAnyTransaction = AsyncLocalStorage.snapshot();

  /** Many kicks in one turn of the event loop make one tick. */
  function kick(): void {
    if (!running || kicked) return;
    kicked = true;
    setImmediate(() => outsideAnyTransaction(tickSafely));
  }

  return {
    start(): void {
      if (running) return;
      running = true;
      stopping = false;
      renewTimer ??= setInterval(() => void renewLeases(), Math.max(50, leaseMs / 3));
      renewTimer.unref?.();
      kick();
    },
    /** Claims nothing more; the attempts under way finish and get their commit. */
    async stop(): Promise<void> {
      stopping = true;
      while (running && inFlight.size > 0) {
        kick();
        await Promise.race([Promise.allSettled([...inFlight]), new Promise((r) => setTimeout(r, 20))]);
      }
      running = false;
      if (timer) clearTimeout(timer);
      if (renewTimer) clearInterval(renewTimer);
      renewTimer = null;
    },
    /** Wakes the runner now (a job was enqueued or credentials were saved). */
    kick,
    /** Logs attempts the app stopped during (one line each, so every attempt is in the log). */
    logInterrupted: logReclaimed,
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
