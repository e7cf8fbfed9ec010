// Preview run: a task reads from its remote exactly as a run would, and applies what it read to a scratch store taken
// for the purpose (preview-scratch.ts: a copy of the desktop's SQLite file, or a team server's rolled-back PostgreSQL
// transaction); what the scratch store then holds (the run's records, the jobs it queued) is the answer, and it is
// dropped. Nothing a connector does in a task can change the live store, whatever the connector: no task needs a
// preview mode of its own, and the preview is the real code path, not a model of it. Jobs queued there never run (no
// job runner is given them), and the preview's progress and log lines go to a bus of its own, which no console and
// no other engine hears.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { PreviewComparison, PreviewResult, RunItem } from '../../src-preload/contract';
import type { Connector } from '../connectors/connector';
import type { ConnectionService } from '../connectors/connection-service';
import type { Repositories } from '../store/repositories';
import { createEventBus } from './event-bus';
import { logRowOf, type IntegrationLog } from './integration-log';
import { eachDifference, keyOf, outcomeOf, type Outcome } from './preview-outcomes';
import type { OpenPreviewScratch } from './preview-scratch';
import type { Redactor } from './redactor';
import { createTaskRunner, UnknownTaskError } from './task-runner';
import { withChanges } from './run-item-changes';

/** Records a preview lists; the counts cover every one. */
const ITEMS_SHOWN = 2_000;
/** Previews kept to set a real run against (the newest, per the whole app). */
const PREVIEWS_KEPT = 20;
const COMPARED_EXAMPLES = 5;

export interface PreviewDeps {
  /** The live store: only read (a real run is set against a preview from it). */
  repos: Repositories;
  connectors: () => Connector[];
  /** The store a preview's task runs on. */
  scratch: OpenPreviewScratch;
  connections: ConnectionService;
  redactor: Redactor;
  now: () => number;
  /** A folder of the data folder's disk for the previews' files (they hold customer data). */
  scratchRoot: string;
}

export function createPreviewRunner(d: PreviewDeps) {
  let nextId = 1;
  const kept = new Map<number, { connectorId: string; taskId: string; outcomes: Map<string, Outcome> }>();
  const running = new Set<string>();

  async function readItems(repos: Repositories, runId: number): Promise<{ shown: RunItem[]; outcomes: Map<string, Outcome>; total: number }> {
    const shown: RunItem[] = [];
    const outcomes = new Map<string, Outcome>();
    let total = 0;
    for (let after = 0; ; ) {
      const page = await repos.runs.items(runId, after, 1_000);
      for (const it of page.items) {
        total++;
        if (shown.length < ITEMS_SHOWN) shown.push(it);
        outcomes.set(keyOf(it), outcomeOf(it));
      }
      if (page.nextCursor === null) break;
      after = page.nextCursor;
    }
    // Each update's new values: a record updated in both, but to other values, is a difference too.
    for (let after = 0; ; ) {
      const page = await repos.recordChanges.ofRun(runId, after, 1_000);
      for (const c of page.changes) {
        const o = outcomes.get(keyOf(c));
        if (!o) continue;
        const field = `${c.field} → ${c.to === null ? 'empty' : JSON.stringify(c.to)}`;
        o.fields = o.fields ? `${o.fields}, ${field}` : field;
      }
      if (page.nextCursor === null) break;
      after = page.nextCursor;
    }
    return { shown, outcomes, total };
  }

  return {
    /** Runs the task against a throw-away copy of the store and answers what it did there. */
    async preview(connectorId: string, taskId: string): Promise<PreviewResult> {
      const connector = d.connectors().find((c) => c.id === connectorId);
      const task = connector?.tasks.find((t) => t.id === taskId);
      if (!connector || !task) throw new UnknownTaskError(`no task "${taskId}" on connector "${connectorId}"`);
      const slot = `${connectorId}/${taskId}`;
      const busy = () => new PreviewBusyError(`A preview of ${task.name} is already running.`);
      if (running.has(slot)) throw busy();
      running.add(slot);
      const startedAt = d.now();
      const previewId = nextId++;
      const dir = join(d.scratchRoot, `preview-${process.pid}-${previewId}`);
      try {
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        const scratch = await d.scratch({ slot, dir });
        if (!scratch) throw busy();
        try {
          const { repos, registry, queue } = scratch;
          const bus = createEventBus();
          const log = copyLog(repos, d.redactor, d.now);
          const files = { downloads: join(dir, 'downloads'), exports: join(dir, 'exports') };
          mkdirSync(files.downloads, { recursive: true });
          const tasks = createTaskRunner({ repos, queue, registry, connections: d.connections, log, bus, now: d.now, files, onJobsEnqueued: () => undefined });
          // A store that gives the preview up (other work needed what it held) stops the task too.
          scratch.gaveWay.addEventListener('abort', () => void tasks.stop());
          const started = await tasks.start(connectorId, taskId, 'manual');
          if (started.alreadyRunning) throw new PreviewBusyError(`${task.name} is running now; preview it once that run is done.`);
          const run = await tasks.wait(started.runId);
          if (scratch.gaveWay.aborted) throw new PreviewGaveWayError(GAVE_WAY_WORDS, { cause: scratch.gaveWay.reason });
          const { shown: listed, outcomes, total } = await readItems(repos, started.runId);
          // An update shows field by field what it would change.
          const shown = await withChanges(repos, started.runId, listed);
          const jobs = await scratch.jobsQueued();
          kept.set(previewId, { connectorId, taskId, outcomes });
          for (const id of kept.keys()) if (kept.size > PREVIEWS_KEPT) kept.delete(id);
          return {
            previewId,
            connectorId,
            taskId,
            taskName: task.name,
            status: run?.status ?? 'failed',
            message: run?.message ?? null,
            counts: run?.counts ?? { fetched: 0, created: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0 },
            items: shown,
            itemsTotal: total,
            jobs,
            previewedAt: startedAt,
            durationMs: d.now() - startedAt,
          };
        } catch (err) {
          // What failed because the store gave the preview up says so, whatever the call it broke.
          if (scratch.gaveWay.aborted && !(err instanceof PreviewGaveWayError)) throw new PreviewGaveWayError(GAVE_WAY_WORDS, { cause: err });
          throw err;
        } finally {
          await scratch.close();
        }
      } finally {
        running.delete(slot);
        rmSync(dir, { recursive: true, force: true });
      }
    },

    /** The real run started from a preview, set against it record by record. */
    async compare(previewId: number, runId: number): Promise<PreviewComparison> {
      const p = kept.get(previewId);
      if (!p) throw new PreviewGoneError(`Preview ${previewId} is no longer kept (only the newest ${PREVIEWS_KEPT} are); preview again to compare.`);
      const run = await d.repos.runs.get(runId);
      if (!run || run.connectorId !== p.connectorId || run.taskId !== p.taskId) throw new PreviewGoneError(`Run ${runId} is not a run of the previewed task.`);
      if (run.status === 'running') return { runId, finished: false, same: false, differences: 0, examples: [], summary: 'The run is still going.' };
      const { outcomes } = await readItems(d.repos, runId);
      const examples: string[] = [];
      let differences = 0;
      const differ = (text: string) => {
        differences++;
        if (examples.length < COMPARED_EXAMPLES) examples.push(text);
      };
      eachDifference(p.outcomes, outcomes, differ);
      const same = differences === 0;
      return {
        runId,
        finished: true,
        same,
        differences,
        examples,
        summary: same
          ? 'The run did what the preview showed: the remote did not change in between.'
          : `The remote changed between the preview and the run: ${differences} record${differences === 1 ? '' : 's'} went otherwise than previewed.`,
      };
    },
  };
}

/** The copy's log: lines written as a run writes them, masked the same, with no search indexing (the copy goes soon). */
function copyLog(repos: Repositories, redactor: Redactor, now: () => number): IntegrationLog {
  return {
    write: (e) => repos.log.append(logRowOf(e, redactor, now)),
    flush: () => undefined,
    settled: () => Promise.resolve(),
    redact: (text) => redactor.redact(text),
  };
}

const GAVE_WAY_WORDS = 'The preview stopped so as not to hold up other work: a run or a job needed records the preview had touched. Nothing was changed. Preview again once that work is done.';

export class PreviewBusyError extends Error {}
/** The scratch store gave the preview up before its task ended (a team server: other work waited on it). */
export class PreviewGaveWayError extends Error {}
export class PreviewGoneError extends Error {}

export type PreviewRunner = ReturnType<typeof createPreviewRunner>;
