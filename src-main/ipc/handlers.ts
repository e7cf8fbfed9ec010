import type { ParsedInput, TaskStatus, UiPreferences } from '../../src-preload/contract';
import type { Connector } from '../connectors/connector';
import type { CoreServices } from '../core/services';
import { AppErrorException } from '../errors/app-error';
import type { Handlers } from './router';
import { classifyError } from '../engine/remote-error';
import { plainRemote } from '../errors/plain-remote';
import { UnknownTaskError } from '../engine/task-runner';
import { exportLogCsv } from '../export/log-export';
import { noteRunRetry, withRunRetries, withRunRetry } from '../engine/run-retries';
import { createCustomerHandlers } from './customer-handlers';
import { createCaseHandlers } from './case-handlers';
import { createMailHandlers } from './mail-handlers';
import { createAccountHandlers } from './account-handlers';
import { createOpsHandlers } from './ops-handlers';
import { createPreviewHandlers } from './preview-handlers';
import { createErrorsHandlers } from './errors-handlers';
import { createChangesHandlers } from './changes-handlers';
import { createStaffHandlers } from './staff-handlers';
import { createDesktopHandlers } from './desktop-handlers';
import { withChanges } from '../engine/run-item-changes';
import { exportFileName, runExport, showExportInFolder } from '../export/run-export';

function connectorOf(s: CoreServices, id: string): Connector {
  const c = s.registry.get(id);
  if (!c) throw new AppErrorException('not_found', `There is no connector "${id}".`);
  return c;
}

const UI_PREFERENCES_KEY = 'ui.preferences';

/** Stored per data folder, so the choice survives a restart (and headless mode's new port each start). */
async function uiPreferences(s: CoreServices): Promise<UiPreferences> {
  const stored = await s.repos.settings.get<Partial<UiPreferences>>(UI_PREFERENCES_KEY, {});
  return { theme: stored.theme ?? 'system', firstRunDismissed: stored.firstRunDismissed ?? false };
}

async function taskStatus(s: CoreServices, c: Connector, taskId: string): Promise<TaskStatus> {
  const task = c.tasks.find((t) => t.id === taskId);
  if (!task) throw new AppErrorException('not_found', `There is no task "${taskId}" on ${c.displayName}.`);
  const schedule = await s.repos.schedules.get(c.id, task.id);
  const recent = await s.repos.runs.recent(c.id, task.id, 20);
  const running = recent.find((r) => r.status === 'running') ?? null;
  const lastRun = recent.find((r) => r.status !== 'running') ?? null;
  return {
    connectorId: c.id,
    connectorName: c.displayName,
    taskId: task.id,
    name: task.name,
    description: task.description,
    intervalMinutes: schedule.intervalMinutes,
    nextRunAt: schedule.intervalMinutes === null ? null : schedule.nextRunAt,
    connectionState: (await s.connections.view(c)).state,
    running: running
      ? (s.tasks.progressOf(running.id) ?? { runId: running.id, connectorId: c.id, taskId: task.id, phase: 'running', done: 0, total: null, counts: running.counts })
      : null,
    lastRun,
    recent,
    position: (await task.position?.(s.repos)) ?? null,
    cursor: task.cursor ? { ...((await task.cursor.read(s.repos)) ?? { position: null, savedAt: null }), rereads: task.cursor.rereads } : null,
  };
}

async function settingsView(s: CoreServices) {
  return {
    version: s.version,
    mode: s.mode,
    dataDir: s.paths.root,
    databasePath: s.paths.database,
    sandboxMode: s.sandboxMode.get(),
    listenerUrl: s.listenerUrl(),
    keychain: await s.credentials.status(),
  };
}

/** Staff's answer to a job in doubt, with its log line; the job's entity may then go on. */
async function resolveInDoubt(s: CoreServices, input: ParsedInput<'jobs:resolve-in-doubt'>): Promise<{ resolved: boolean; message: string }> {
  const job = await s.repos.jobs.get(input.jobId);
  if (!job) throw new AppErrorException('not_found', `There is no job ${input.jobId}.`);
  if (job.status !== 'in_doubt') return { resolved: false, message: `Job ${job.id} is not in doubt (it is ${job.status}).` };
  const handler = s.registry.get(job.connectorId)?.jobs[job.kind];
  const base = { connectorId: job.connectorId, action: job.kind, entityType: handler?.entityType ?? null, entityId: handler?.entityIdOf?.(job) ?? job.entityKey, jobId: job.id };
  const message = await s.repos.transaction(async (tx) => {
    if (input.action === 'raise-again') {
      if (!await s.queue.raiseAgain(tx, job.id)) return null;
      const words = `Staff chose to act again at the remote for job ${job.id} (in doubt since ${new Date(job.inDoubtSince ?? job.updatedAt).toISOString()}).`;
      await s.log.write({ ...base, outcome: 'success', message: words });
      return words;
    }
    if (!handler?.adopt) throw new AppErrorException('invalid_input', `A ${job.kind} job cannot take an existing record's id; it can only be raised again.`, [{ path: 'action', message: 'choose raise-again' }]);
    const recorded = await handler.adopt(tx, job, input.remoteId, { now: s.now(), queue: s.queue });
    if (!await s.queue.adopt(tx, job.id, { remoteId: input.remoteId, outcome: 'adopted' })) return null;
    const words = `Staff entered ${input.remoteId} as the record an earlier attempt made: ${recorded}`;
    await s.log.write({ ...base, outcome: 'success', message: words });
    return words;
  });
  if (message === null) return { resolved: false, message: `Job ${job.id} changed meanwhile; nothing was done.` };
  s.jobs.kick();
  return { resolved: true, message };
}

export function createHandlers(s: CoreServices): Handlers {
  return {
    ...createCustomerHandlers(s),
    ...createCaseHandlers(s),
    ...createMailHandlers(s),
    ...createAccountHandlers(s),
    ...createOpsHandlers(s),
    ...createPreviewHandlers(s),
    ...createErrorsHandlers(s),
    ...createChangesHandlers(s),
    ...createStaffHandlers(s),
    ...createDesktopHandlers(s),
    'settings:get': () => settingsView(s),
    'settings:save': async (input) => {
      await s.sandboxMode.set(input.sandboxMode);
      return settingsView(s);
    },

    'ui:preferences': () => uiPreferences(s),
    'ui:save-preferences': async (input) => {
      const next = { ...(await uiPreferences(s)), ...input };
      await s.repos.settings.set(UI_PREFERENCES_KEY, next);
      return next;
    },

    'connections:list': () => Promise.all(s.registry.all().map((c) => s.connections.view(c))),
    'connections:save': async (input) => {
      const c = connectorOf(s, input.connectorId);
      await s.connections.save(c, input.values, input.secrets, async (settings) => {
        // Saving verifies the connection: nothing is stored when the remote refuses.
        try {
          await c.testConnection({ connectorId: c.id, settings, repos: s.repos, own: s.registry.own(c.id), queue: s.queue, log: s.log, now: s.now, files: { downloads: s.paths.downloads, exports: s.paths.exports }, signal: AbortSignal.timeout(30_000) });
        } catch (err) {
          const e = classifyError(err);
          const { headline, detail } = plainRemote(e);
          throw new AppErrorException(e.kind === 'auth' ? 'credentials_rejected' : 'connection_failed', `The connection test failed, so nothing was saved. ${headline}`, undefined, detail);
        }
      }, input.sandboxTarget);
      s.bus.emit('connections:changed', { connectorId: c.id });
      s.jobs.kick();
      return await s.connections.view(c);
    },
    'connections:test': async (input) => {
      const c = connectorOf(s, input.connectorId);
      const started = Date.now();
      try {
        const settings = await s.connections.load(c);
        const message = await c.testConnection({ connectorId: c.id, settings, repos: s.repos, own: s.registry.own(c.id), queue: s.queue, log: s.log, now: s.now, files: { downloads: s.paths.downloads, exports: s.paths.exports }, signal: AbortSignal.timeout(30_000) });
        return { ok: true, message, durationMs: Date.now() - started };
      } catch (err) {
        return { ok: false, message: s.log.redact(classifyError(err).message), durationMs: Date.now() - started };
      }
    },

    'sync:tasks': () => Promise.all(s.registry.all().flatMap((c) => c.tasks.map((t) => taskStatus(s, c, t.id)))),
    'sync:run': async (input) => {
      try {
        return await s.tasks.start(input.connectorId, input.taskId, 'manual');
      } catch (err) {
        if (err instanceof UnknownTaskError) throw new AppErrorException('not_found', err.message);
        throw err;
      }
    },
    'sync:reset-cursor': async (input) => {
      const c = connectorOf(s, input.connectorId);
      const task = c.tasks.find((t) => t.id === input.taskId);
      if (!task?.cursor) throw new AppErrorException('not_found', `${task ? task.name : `The task "${input.taskId}"`} keeps no cursor to reset.`);
      const cursor = task.cursor;
      if (await s.repos.runs.running(c.id, task.id)) throw new AppErrorException('conflict', `${task.name} is running: reset its cursor once the run has finished.`);
      await s.repos.transaction(async (tx) => await cursor.reset(tx));
      await s.log.write({ connectorId: c.id, action: 'reset-cursor', entityType: 'task', entityId: task.id, outcome: 'success', message: `${task.name}: cursor reset by staff; the next run reads ${cursor.rereads}` });
      return await taskStatus(s, c, task.id);
    },
    'sync:schedule': async (input) => {
      const c = connectorOf(s, input.connectorId);
      await taskStatus(s, c, input.taskId);
      await s.repos.schedules.set(c.id, input.taskId, input.intervalMinutes, s.now());
      return await taskStatus(s, c, input.taskId);
    },
    'sync:runs': async (input) => await s.repos.runs.recent(input.connectorId, input.taskId, input.limit),
    'sync:run-detail': async (input) => {
      const run = await s.repos.runs.get(input.runId);
      if (!run) throw new AppErrorException('not_found', `There is no run ${input.runId}.`);
      const page = await s.repos.runs.items(run.id, input.cursor ?? 0, input.limit);
      return { run, items: await withChanges(s.repos, run.id, page.items), nextCursor: page.nextCursor };
    },
    'jobs:counts': async () => {
      const c = await s.repos.jobs.counts();
      const paused = await s.repos.jobs.pausedCount();
      return { pending: c.pending - paused, running: c.running, paused, dead: c.dead + c.failed, done: c.done, inDoubt: c.in_doubt, recordFailed: c.record_failed };
    },
    'jobs:in-doubt': async () =>
      (await s.repos.jobs.listInDoubt()).map((j) => ({
        id: j.id,
        connectorId: j.connectorId,
        kind: j.kind,
        entityKey: j.entityKey,
        since: j.inDoubtSince,
        reason: j.lastError,
        canUseExisting: typeof s.registry.get(j.connectorId)?.jobs[j.kind]?.adopt === 'function',
      })),
    'jobs:resolve-in-doubt': async (input) => await resolveInDoubt(s, input),

    'log:page': async (input) => {
      const { cursor, limit, ...filter } = input;
      const page = await s.repos.log.page(filter, cursor, limit);
      return { ...page, entries: await withRunRetries(s.repos, page.entries) };
    },
    'log:entry': async (input) => {
      const e = await s.repos.log.get(input.id);
      if (!e) throw new AppErrorException('not_found', `There is no log entry ${input.id}.`);
      return await withRunRetry(s.repos, e);
    },
    'log:retry': async (input) => {
      const found = await s.repos.log.get(input.id);
      const e = found && (await withRunRetry(s.repos, found));
      if (!e) throw new AppErrorException('not_found', `There is no log entry ${input.id}.`);
      if (!e.retryable) return { retried: false, message: 'This entry has nothing to retry (it succeeded, is still retrying, or was dismissed).' };
      if (e.jobId !== null) {
        // The failed line stays as it is: it shows the job's next attempt in its place (log-repo's nextAttempt).
        const requeued = await s.repos.jobs.requeue(e.jobId, s.now());
        if (requeued) s.jobs.kick();
        return { retried: requeued, message: requeued ? 'Queued for another attempt; this entry shows how it goes.' : 'This has already been retried or resolved.' };
      }
      const run = e.runId !== null ? await s.repos.runs.get(e.runId) : null;
      if (!run) return { retried: false, message: 'The run of this entry is gone.' };
      const started = await s.tasks.start(run.connectorId, run.taskId, 'manual');
      // The failed line stays: it shows the new run's outcome in its place.
      await noteRunRetry(s.repos, e, started.runId, s.now());
      return {
        retried: true,
        message: started.alreadyRunning ? `Run ${started.runId} is already going; this entry shows how it ends.` : `Started run ${started.runId}; this entry shows how it goes.`,
      };
    },
    'log:dismiss': async (input) => {
      const e = await s.repos.log.get(input.id);
      if (!e) throw new AppErrorException('not_found', `There is no log entry ${input.id}.`);
      const dismissed = await s.repos.log.dismiss(e.id);
      if (e.jobId !== null) await s.repos.jobs.dismiss(e.jobId, s.now());
      return { dismissed };
    },
    'export:show-in-folder': (input) => ({ shown: showExportInFolder(s.hooks, input.path) }),
    'log:export': (filter) => runExport({ hooks: s.hooks, exportsDir: s.paths.exports }, exportFileName('integration-log', 'csv', new Date(s.now())), (path) => exportLogCsv(s.repos.log, filter, path)),

    'sandbox:list': () => s.sandboxes.list(),
    'sandbox:set-faults': async (input) => {
      const v = await s.sandboxes.setFaults(input.connectorId, input.faults);
      if (!v) throw new AppErrorException('not_found', `No simulator runs for "${input.connectorId}" (is sandbox mode on?).`);
      return v;
    },
  };
}
