import type { BulkResult, ErrorCounts, ErrorCursor, ErrorFacets, ErrorFilter, ErrorGroup, ErrorGroupDetail, ErrorPage, JobPayloadView } from '../../src-preload/contract';
import { BULK_LIMIT } from '../../src-preload/contract';
import type { Repositories } from '../store/repositories';
import type { ConnectorRegistry } from '../connectors/registry';
import type { JobHandler } from '../connectors/connector';
import type { TaskRunner } from '../engine/task-runner';
import type { EventBus } from '../engine/event-bus';
import { AppErrorException } from '../errors/app-error';
import { inChunks } from './chunks';
import { maskPayload, payloadIssues, schemaForEditor, unmaskPayload } from './payload-editing';
import { plural } from '../engine/count-words';

export interface ErrorWorkspaceDeps {
  repos: Repositories;
  registry: ConnectorRegistry;
  tasks: Pick<TaskRunner, 'start'>;
  /** Wakes the job runner after jobs were queued again. */
  kickJobs: () => void;
  bus: EventBus;
  now: () => number;
  /** Who acts (the signed-in user of this machine): history lines name them. */
  actor: () => string;
  /** Groups per transaction in a bulk action. */
  chunkSize?: number;
}

/**
 * The Errors workspace: failures grouped by record, with Retry, Resolve, their bulk forms over a filter (chunked, so
 * the console keeps answering), and Edit and retry against the job kind's payload schema.
 */
export function createErrorWorkspace(deps: ErrorWorkspaceDeps) {
  const { repos, registry, now } = deps;
  const chunkSize = deps.chunkSize ?? 250;
  const changed = () => deps.bus.emit('errors:changed', {});

  const handlerOf = (connectorId: string, kind: string): JobHandler | undefined => registry.get(connectorId)?.jobs[kind];
  const isTask = (g: ErrorGroup) => registry.get(g.connectorId)?.tasks.some((t) => t.id === g.source) ?? false;

  async function groupOrThrow(id: number): Promise<ErrorGroup> {
    const g = await repos.errors.get(id);
    if (!g) throw new AppErrorException('not_found', `There is no error ${id}.`);
    return g;
  }

  /**
   * Retries groups in chunks: a failed job goes again with fresh attempts; a failed run's task runs again (once per
   * task, however many of its records failed). The groups stay open until an attempt or run succeeds for them.
   */
  async function retry(ids: readonly number[]): Promise<BulkResult> {
    const tasksToRun = new Map<string, { connectorId: string; taskId: string }>();
    let done = 0;
    let skipped = 0;
    const actor = deps.actor();
    await inChunks(ids, chunkSize, async (chunk) => {
      await repos.transaction(async (tx) => {
        for (const id of chunk) {
          const g = await tx.errors.get(id);
          if (!g || g.status !== 'open') {
            skipped++;
            continue;
          }
          const t = now();
          if (g.lastJobId !== null && (await tx.jobs.requeue(g.lastJobId, t))) {
            await tx.log.dismissForJob(g.lastJobId);
            await tx.errors.addAction({ groupId: g.id, ts: t, action: 'retry', actor, jobId: g.lastJobId });
            done++;
          } else if (g.lastRunId !== null && isTask(g)) {
            tasksToRun.set(`${g.connectorId}/${g.source}`, { connectorId: g.connectorId, taskId: g.source });
            await tx.errors.addAction({ groupId: g.id, ts: t, action: 'retry', actor, note: `${g.source} runs again` });
            done++;
          } else skipped++;
        }
      });
      deps.kickJobs();
    });
    const started: number[] = [];
    for (const t of tasksToRun.values()) started.push((await deps.tasks.start(t.connectorId, t.taskId, 'manual')).runId);
    if (done > 0) changed();
    const parts = [`${plural(done, 'error')} retried`];
    if (started.length) parts.push(`${plural(started.length, 'run')} started (${started.map((r) => `#${r}`).join(', ')})`);
    if (skipped) parts.push(`${plural(skipped, 'error')} had nothing to retry (resolved meanwhile, or the job is gone)`);
    return { matched: ids.length, done, skipped, message: `${parts.join('; ')}.` };
  }

  /** Resolves open groups with who, when and the note; their failed jobs are dismissed (they will not go again). */
  async function resolve(ids: readonly number[], note: string | null): Promise<BulkResult> {
    let done = 0;
    const actor = deps.actor();
    await inChunks(ids, chunkSize, async (chunk) => {
      await repos.transaction(async (tx) => {
        for (const id of chunk) {
          const g = await tx.errors.get(id);
          if (!g || !(await tx.errors.resolve(id, actor, note, now()))) continue;
          if (g.lastJobId !== null) await tx.jobs.dismiss(g.lastJobId, now());
          done++;
        }
      });
    });
    if (done > 0) changed();
    const skipped = ids.length - done;
    return { matched: ids.length, done, skipped, message: `${plural(done, 'error')} resolved${skipped ? `; ${plural(skipped, 'was', 'were')} resolved already` : ''}.` };
  }

  async function matching(filter: ErrorFilter): Promise<number[]> {
    if (filter.status !== 'open') throw new AppErrorException('invalid_input', 'Retry all and Resolve all act on open errors only.', [{ path: 'filter.status', message: 'choose open' }]);
    return await repos.errors.idsMatching(filter, BULK_LIMIT);
  }

  /** The latest failed job of a group, with its handler, for Edit and retry. */
  async function failedJob(groupId: number) {
    const g = await groupOrThrow(groupId);
    if (g.lastJobId === null) throw new AppErrorException('not_found', `Error ${g.id} comes from a run, not a job: there is no payload to edit. Retry runs the task again.`);
    const job = await repos.jobs.get(g.lastJobId);
    if (!job) throw new AppErrorException('not_found', `Job ${g.lastJobId} is gone.`);
    const handler = handlerOf(job.connectorId, job.kind);
    if (!handler?.payload) throw new AppErrorException('invalid_input', `A ${job.kind} job has no payload schema; it can be retried only as it is.`);
    return { g, job, spec: handler.payload };
  }

  return {
    async counts(): Promise<ErrorCounts> {
      const c = await repos.errors.counts();
      return { ...c, inDoubt: (await repos.jobs.counts()).in_doubt };
    },

    facets(): ErrorFacets {
      return registry.all().map((c) => ({
        connectorId: c.id,
        name: c.displayName,
        sources: [
          ...c.tasks.map((t) => ({ id: t.id, name: t.name, kind: 'task' as const })),
          ...Object.entries(c.jobs).map(([k, h]) => ({ id: k, name: h.title, kind: 'job' as const })),
        ],
      }));
    },

    async page(filter: ErrorFilter, cursor: ErrorCursor | null, limit: number): Promise<ErrorPage> {
      return await repos.errors.page(filter, cursor, limit, BULK_LIMIT + 1);
    },

    async group(id: number): Promise<ErrorGroupDetail> {
      const group = await groupOrThrow(id);
      const job = group.lastJobId !== null ? await repos.jobs.get(group.lastJobId) : null;
      const editable = Boolean(job && ['failed', 'dead', 'dismissed'].includes(job.status) && handlerOf(job.connectorId, job.kind)?.payload);
      return { group, attempts: await repos.errors.attempts(id), actions: await repos.errors.actions(id), editable };
    },

    retry,
    resolve,
    retryAll: async (filter: ErrorFilter) => await retry(await matching(filter)),
    resolveAll: async (filter: ErrorFilter, note: string | null) => await resolve(await matching(filter), note),

    async jobPayload(groupId: number): Promise<JobPayloadView> {
      const { g, job, spec } = await failedJob(groupId);
      return { groupId: g.id, jobId: job.id, kind: job.kind, title: handlerOf(job.connectorId, job.kind)?.title ?? job.kind, status: job.status, payload: maskPayload(job.payload, spec), schema: schemaForEditor(spec), secretFields: spec.secretFields ?? [] };
    },

    /**
     * Checks the corrected payload against the kind's schema (a refusal names each wrong field and changes nothing),
     * then stores it and queues the job again, the original kept in the error's history.
     */
    async editRetry(groupId: number, jobId: number, edited: unknown): Promise<{ retried: boolean; message: string }> {
      const { g, job, spec } = await failedJob(groupId);
      if (job.id !== jobId) throw new AppErrorException('conflict', `Error ${g.id} failed again meanwhile (now job ${job.id}); open it again to edit the latest payload.`);
      if (!['failed', 'dead', 'dismissed'].includes(job.status)) return { retried: false, message: `Job ${job.id} is ${job.status}, not failed: nothing was changed.` };
      const payload = unmaskPayload(edited, job.payload, spec);
      const parsed = spec.schema.safeParse(payload);
      if (!parsed.success) {
        const issues = payloadIssues(parsed.error);
        throw new AppErrorException('invalid_input', `The payload does not fit a ${job.kind} job: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}. Nothing was changed.`, issues);
      }
      const retried = await repos.transaction(async (tx) => {
        const t = now();
        if (!(await tx.jobs.requeueWithPayload(job.id, parsed.data, t))) return false;
        await tx.log.dismissForJob(job.id);
        await tx.errors.addAction({
          groupId: g.id,
          ts: t,
          action: 'edit_retry',
          actor: deps.actor(),
          jobId: job.id,
          originalPayload: JSON.stringify(maskPayload(job.payload, spec)),
          newPayload: JSON.stringify(maskPayload(parsed.data, spec)),
        });
        return true;
      });
      if (!retried) return { retried: false, message: `Job ${job.id} changed meanwhile; nothing was done.` };
      deps.kickJobs();
      changed();
      return { retried: true, message: `Job ${job.id} goes again with the corrected payload; the original is kept in the history.` };
    },
  };
}

export type ErrorWorkspace = ReturnType<typeof createErrorWorkspace>;
