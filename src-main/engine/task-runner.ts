import type { RunCounts, RunSummary, StartRunResult } from '../../src-preload/contract';
import { emptyCounts, type NewRunItem } from '../store/runs-repo';
import type { RecordUpdate } from '../store/record-changes-repo';
import type { Connector, TaskContext, TaskSpec } from '../connectors/connector';
import type { EngineDeps } from './engine-deps';
import { classifyError } from './remote-error';
import { coalesce } from './coalesce';
import { grouped } from './count-words';

export interface TaskRunnerDeps extends EngineDeps {
  /** Wake the job runner after a run enqueued jobs. */
  onJobsEnqueued: () => void;
  onError?: (err: unknown) => void;
}

export class UnknownTaskError extends Error { }

const PROGRESS_EVERY_MS = 100;
/** A running run writes that it is alive this often, progress or not (a task may wait minutes on one answer). */
export const HEARTBEAT_EVERY_MS = 2_000;
const ITEM_BATCH = 500;

/** Runs sync tasks: one at a time per task, recorded with counts, progress streamed, the main thread kept free. */
export function createTaskRunner(deps: TaskRunnerDeps) {
  const { repos, bus, log, now } = deps;
  const active = new Map<number, { done: Promise<RunSummary | null>; controller: AbortController }>();
  const lastProgress = new Map<number, ReturnType<typeof progressPayload>>();
  const errorsChanged = coalesce(() => bus.emit('errors:changed', {}));

  /**
   * The run's records in the Errors workspace: a failed one opens (or adds to) its group, one handled without failing
   * resolves its open group, "resolved by run N".
   */
  async function noteItems(connectorId: string, taskId: string, runId: number, items: NewRunItem[]): Promise<void> {
    const succeeded = items.filter((i) => i.action === 'created' || i.action === 'updated' || i.action === 'unchanged');
    const failed = items.filter((i) => i.action === 'failed');
    if (failed.length === 0 && succeeded.length === 0) return;
    const changed = await repos.transaction(async (tx) => {
      let n = await tx.errors.resolveRecords(connectorId, succeeded.map((i) => ({ entityType: i.entityType, entityId: i.entityId })), `run ${runId}`, now());
      for (const i of failed)
        n += (await tx.errors.noteFailure({ connectorId, entityType: i.entityType, entityId: i.entityId, source: taskId, reason: log.redact(i.message ?? `${i.entityType} ${i.entityId} failed`), reasonKind: 'failed', ts: i.ts, runId })) ? 1 : 0;
      return n;
    });
    if (changed > 0) errorsChanged();
  }

  /** A whole run is a record of its own (the task): a failed run opens it, a later run that completes resolves it. */
  async function noteRun(connectorId: string, taskId: string, runId: number, failure: string | null): Promise<void> {
    const record = { entityType: 'task', entityId: taskId };
    const changed =
      failure === null
        ? await repos.errors.resolveRecords(connectorId, [record], `run ${runId}`, now())
        : await repos.errors.noteFailure({ connectorId, ...record, source: taskId, reason: failure, reasonKind: 'failed', ts: now(), runId });
    if (changed) errorsChanged();
  }

  function progressPayload(run: RunSummary, phase: string, done: number, total: number | null, counts: RunCounts) {
    return { runId: run.id, connectorId: run.connectorId, taskId: run.taskId, phase, done, total, counts: { ...counts } };
  }

  function find(connectorId: string, taskId: string): { connector: Connector; task: TaskSpec } {
    const connector = deps.registry.get(connectorId);
    const task = connector?.tasks.find((t) => t.id === taskId);
    if (!connector || !task) throw new UnknownTaskError(`no task "${taskId}" on connector "${connectorId}"`);
    return { connector, task };
  }

  async function execute(connector: Connector, task: TaskSpec, run: RunSummary, controller: AbortController): Promise<RunSummary | null> {
    const counts = emptyCounts();
    let items: NewRunItem[] = [];
    let updates: RecordUpdate[] = [];
    let lastEmit = 0;
    let lastBeat = now();
    let progress = progressPayload(run, 'starting', 0, null, counts);
    const flushItems = async () => {
      if (items.length === 0) return;
      const batch = items;
      const changed = updates;
      items = [];
      updates = [];
      await repos.runs.addItems(run.id, batch);
      if (changed.length > 0) await repos.recordChanges.add(changed);
      await noteItems(connector.id, task.id, run.id, batch);
    };
    const emitProgress = async (force = false) => {
      const t = now();
      lastProgress.set(run.id, progress);
      if (force || t - lastEmit >= PROGRESS_EVERY_MS) {
        lastEmit = t;
        bus.emit('sync:progress', progress);
      }
      if (force || t - lastBeat >= HEARTBEAT_EVERY_MS) {
        lastBeat = t;
        await flushItems();
        await repos.runs.progress(run.id, counts, t);
      }
    };
    // The beat goes on while the task waits on a remote (no progress for minutes): on a team server another engine
    // takes a run over only once its engine has stopped beating (recovery.ts), so a slow answer is never taken for a dead engine.
    const beat = setInterval(() => {
      const t = now();
      if (t - lastBeat < HEARTBEAT_EVERY_MS) return;
      lastBeat = t;
      void repos.runs.progress(run.id, counts, t).catch((err: unknown) => deps.onError?.(err));
    }, HEARTBEAT_EVERY_MS / 4);
    beat.unref();
    try {
      const settings = await deps.connections.load(connector);
      let enqueued = 0;
      const ctx: TaskContext = {
        connectorId: connector.id,
        settings,
        repos,
        own: deps.registry.own(connector.id),
        queue: deps.queue,
        log,
        now,
        files: deps.files,
        signal: controller.signal,
        runId: run.id,
        counts,
        async progress(done, total, phase) {
          progress = progressPayload(run, phase ?? progress.phase, done, total, counts);
          await emitProgress();
        },
        async item(entityType, entityId, action, message, changes) {
          if (action !== 'queued') counts[action]++;
          const ts = now();
          items.push({ ts, entityType, entityId, action, message: message ?? null });
          if (changes && changes.length > 0) updates.push({ connectorId: connector.id, entityType, entityId, runId: run.id, source: task.id, changes, at: ts });
          if (items.length >= ITEM_BATCH) await flushItems();
        },
        async enqueue(job) {
          enqueued++;
          return await deps.queue.enqueue(repos, { ...job, connectorId: connector.id });
        },
        yieldNow: () => new Promise<void>((resolve) => setImmediate(resolve)),
      };
      await emitProgress(true);
      const result = await task.run(ctx);
      await flushItems();
      if (enqueued > 0) deps.onJobsEnqueued();
      const status = counts.failed > 0 ? 'partial' : 'success';
      const summary = `${task.name}: ${grouped(counts.fetched)} fetched, ${grouped(counts.created)} created, ${grouped(counts.updated)} updated, ${grouped(counts.unchanged)} unchanged, ${grouped(counts.skipped)} skipped, ${grouped(counts.failed)} failed`;
      const message = result && result.message ? result.message : summary;
      // The run's end and its log line commit together: a crash between them leaves neither half.
      const finished = await repos.transaction(async () => {
        const done = await repos.runs.finish(run.id, status, counts, message, now());
        await log.write({ connectorId: connector.id, action: `run:${task.id}`, entityType: 'sync_run', entityId: String(run.id), runId: run.id, outcome: counts.failed > 0 ? 'failure' : 'success', message });
        return done;
      });
      await noteRun(connector.id, task.id, run.id, null);
      return finished;
    } catch (thrown) {
      await flushItems();
      const err = classifyError(thrown);
      if (err.kind === 'auth' || err.kind === 'credentials_unavailable') {
        await repos.connections.setState(connector.id, err.kind === 'auth' ? 'auth_required' : 'credentials_unavailable', log.redact(err.message));
        bus.emit('connections:changed', { connectorId: connector.id });
      }
      const message = log.redact(`${task.name} failed: ${err.message}`);
      const finished = await repos.transaction(async () => {
        const done = await repos.runs.finish(run.id, 'failed', counts, message, now());
        await log.write({ connectorId: connector.id, action: `run:${task.id}`, entityType: 'sync_run', entityId: String(run.id), runId: run.id, outcome: 'failure', message, details: err.extra.details ?? null });
        return done;
      });
      await noteRun(connector.id, task.id, run.id, message);
      return finished;
    } finally {
      clearInterval(beat);
      if (!controller.signal.aborted) controller.abort();
      lastProgress.delete(run.id);
      log.flush();
    }
  }

  return {
    /** Returns at once with the run id; the run goes on in the background. */
    async start(connectorId: string, taskId: string, trigger: 'manual' | 'schedule'): Promise<StartRunResult> {
      const { connector, task } = find(connectorId, taskId);
      const { run, alreadyRunning } = await repos.runs.start(connectorId, taskId, trigger, now());
      if (alreadyRunning) return { runId: run.id, alreadyRunning: true };
      bus.emit('sync:run-updated', run);
      const controller = new AbortController();
      const p = execute(connector, task, run, controller)
        .catch(async (err: unknown) => {
          // Recording the outcome itself failed (disk full, database busy): try once more to close the run, so it
          // does not stay "running" and block its task until a restart.
          deps.onError?.(err);
          try {
            return await repos.runs.finish(run.id, 'failed', emptyCounts(), `the run could not be recorded: ${(err as Error)?.message ?? String(err)}`, now());
          } catch {
            return null;
          }
        })
        .then((finished) => {
          if (finished) bus.emit('sync:run-updated', finished);
          return finished;
        });
      active.set(run.id, { done: p, controller });
      void p.finally(() => active.delete(run.id));
      return { runId: run.id, alreadyRunning: false };
    },
    /** The run's outcome once it ends (tests, benchmarks). */
    async wait(runId: number): Promise<RunSummary | null> {
      return active.get(runId)?.done ?? Promise.resolve(await repos.runs.get(runId));
    },
    progressOf(runId: number) {
      return lastProgress.get(runId) ?? null;
    },
    /** Aborts runs in progress (their signal fires) and waits for them to record how they ended. */
    async stop(): Promise<void> {
      for (const a of active.values()) a.controller.abort(new Error('the app is closing'));
      await Promise.allSettled([...active.values()].map((a) => a.done));
    },
  };
}

export type TaskRunner = ReturnType<typeof createTaskRunner>;
