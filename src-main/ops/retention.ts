import { rmSync, statSync } from 'node:fs';
import type { CleanupResult, RetentionSettings } from '../../src-preload/contract';
import type { Repositories } from '../store/repositories';
import type { LogKey } from '../store/maintenance-repo';
import type { CleanupSteps } from '../store/maintenance-off-thread';

const DAY = 86_400_000;
const SETTINGS_KEY = 'retention';

export const RETENTION_DEFAULTS: RetentionSettings = { logDays: 90, runDays: 180, downloadsPerKind: 10, downloadsMaxMegabytes: 2_048 };

export interface RetentionDeps {
  repos: Repositories;
  databaseFile: string;
  now: () => number;
  /** Rows a batch deletes: one short transaction, then the writer is free again. */
  batchSize?: number;
  /** Pages one incremental-vacuum step gives back. */
  vacuumPages?: number;
  /** Told of every batch: which step, how long it took (queue wait included), its size (the benchmark's view). */
  onBatch?: (step: string, ms: number, size: number) => void;
}

/**
 * Each batch is sized to take about this long, from what the last one cost a row: how long a delete takes depends on
 * the disk and on the indexes it touches (the log's search index), so the size is found as cleanup goes. A step
 * starts small and at most doubles a batch, so no first guess holds the writer long; a page asked for meanwhile waits
 * at most about one budget.
 */
const BATCH_BUDGET_MS = 5;
/** At most this many pages of the search index merged in one step. */
const INDEX_MERGE_PAGES = 64;
/** During the log's deletes, one merge step after this many batches. */
const MERGE_EVERY_BATCHES = 8;
const MIN_BATCH = 20;

/** Lets everything queued behind the batch (contract calls, the engine's writes) have its turn first. */
const yieldTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
/**
 * Cleanup works half the time: between batches it rests as long as the last one took (at most this long). Run back
 * to back, its deletes, checkpoints and vacuum steps kept the disk and both cores of a small machine busy, and a page
 * asked for meanwhile waited for the machine, not for the writer (the log bench's page p99 was 6-8 ms against 1.6-2
 * quiet). Resting, cleanup takes about twice as long and that p99 about halves; it is still above the quiet one.
 */
const MAX_REST_MS = 50;

function batchSizer(max: number, name: string, onBatch?: RetentionDeps['onBatch']) {
  let size = Math.min(MIN_BATCH, max);
  let lastMs = 0;
  return {
    get size() {
      return size;
    },
    async time<T>(step: (size: number) => Promise<T>): Promise<T> {
      const t0 = performance.now();
      const out = await step(size);
      const ms = performance.now() - t0;
      lastMs = ms;
      onBatch?.(name, ms, size);
      const fit = ms > 0 ? Math.floor((size * BATCH_BUDGET_MS) / ms) : size * 2;
      size = Math.max(Math.min(MIN_BATCH, max), Math.min(max, size * 2, fit));
      return out;
    },
    /** Between batches: everything queued behind the last one has its turn first, then the machine is left alone a while. */
    async rest(): Promise<void> {
      const ms = Math.min(MAX_REST_MS, lastMs);
      await (ms >= 1 ? new Promise<void>((resolve) => setTimeout(resolve, ms)) : yieldTurn());
    },
  };
}

function fileBytes(file: string): number {
  let n = 0;
  for (const f of [file, `${file}-wal`]) {
    try {
      n += statSync(f).size;
    } catch {
      // Not there.
    }
  }
  return n;
}

export function createRetention(deps: RetentionDeps) {
  const batch = deps.batchSize ?? 500;
  const vacuumPages = deps.vacuumPages ?? 256;
  const m = deps.repos.maintenance;
  let running: Promise<CleanupResult> | null = null;

  async function settings(): Promise<RetentionSettings> {
    return { ...RETENTION_DEFAULTS, ...(await deps.repos.settings.get<Partial<RetentionSettings>>(SETTINGS_KEY, {})) };
  }

  /** Calls `step` until it answers 0, one batch (of at most `max`) per turn of the writer. */
  async function inBatches(name: string, step: (size: number) => Promise<number>, counted: { batches: number }, max = batch): Promise<number> {
    let total = 0;
    const sizer = batchSizer(max, name, deps.onBatch);
    for (;;) {
      const n = await sizer.time(step);
      counted.batches++;
      total += n;
      if (n === 0) return total;
      await sizer.rest();
    }
  }

  async function clean(): Promise<CleanupResult> {
    // Deleting fills the WAL again and again: its checkpoints go to a worker, so no batch's commit pays for one.
    const checkpoints = m.checkpointsOffThread();
    // The batches' statements and commits on a thread of their own: the main thread only waits for each answer.
    const offThread = m.cleanupOffThread();
    try {
      // Inside: a pause that fails still ends the thread and gives the main connection its own checkpoints back.
      await m.pauseIndexMerges();
      return await cleanWith(checkpoints, offThread.steps);
    } finally {
      await offThread.end();
      await m.resumeIndexMerges();
      await checkpoints.end();
    }
  }

  async function cleanWith(checkpoints: { end(): Promise<boolean> }, steps: CleanupSteps): Promise<CleanupResult> {
    const s = await settings();
    const startedAt = deps.now();
    const bytesBefore = fileBytes(deps.databaseFile);
    const counted = { batches: 0 };
    let logDeleted = 0;
    const logSizer = batchSizer(batch, 'log', deps.onBatch);
    const mergeSizer = batchSizer(INDEX_MERGE_PAGES, 'index-merge', deps.onBatch);
    for (let after: LogKey | null = null, n = 1; ; n++) {
      const step = await logSizer.time((size) => steps.deleteLogBefore(startedAt - s.logDays * DAY, size, after));
      counted.batches++;
      logDeleted += step.deleted;
      if (!step.next) break;
      after = step.next;
      await logSizer.rest();
      // Each batch leaves the search index a segment: merged a few pages at a time as they come, they never pile up
      // to FTS5's safety net, whose merge of the whole level held one batch (and the disk) ten times as long.
      if (n % MERGE_EVERY_BATCHES === 0) {
        await mergeSizer.time((pages) => steps.mergeIndexStep(pages));
        counted.batches++;
        await mergeSizer.rest();
      }
    }
    // What is left of those segments, merged a few pages a step.
    await inBatches('index-merge', async (pages) => ((await steps.mergeIndexStep(pages)) ? 1 : 0), counted, INDEX_MERGE_PAGES);
    const runsBefore = startedAt - s.runDays * DAY;
    // Taken before the runs go: the changes of every run before it are as old as their run.
    const firstRunKept = await m.firstRunKept(runsBefore);
    const runItemsDeleted = await inBatches('run-items', (size) => steps.deleteRunItemsBefore(runsBefore, size), counted);
    const fieldChangesDeleted =
      (await inBatches('field-changes', (size) => steps.deleteRunChangesBelow(firstRunKept, size), counted)) + (await inBatches('field-changes', (size) => steps.deletePushChangesBefore(runsBefore, size), counted));
    const runsDeleted = await inBatches('runs', (size) => steps.deleteRunsBefore(runsBefore, size), counted);

    let downloadsDeleted = 0;
    let rawFilesRemoved = 0;
    for (;;) {
      const stale = await m.downloadsBeyond(s.downloadsPerKind, batch);
      if (stale.length === 0) break;
      for (const d of stale) {
        // The row goes first: a file without its row is only disk, a row without its file would promise a download.
        if (await m.deleteDownload(d.id)) downloadsDeleted++;
        if (d.rawFile) {
          rmSync(d.rawFile, { force: true });
          rawFilesRemoved++;
        }
      }
      counted.batches++;
      await yieldTurn();
    }
    const cap = s.downloadsMaxMegabytes * 1024 * 1024;
    let kept = await m.rawBytesKept();
    if (kept > cap) {
      for (const d of await m.downloadsWithFiles()) {
        if (kept <= cap) break;
        if (await m.forgetRawFile(d.id)) {
          rmSync(d.rawFile!, { force: true });
          rawFilesRemoved++;
          kept -= d.rawBytes;
        }
        await yieldTurn();
      }
    }

    let vacuumedPages = 0;
    if (await m.incrementalVacuum()) {
      let free = await m.freePages();
      const vacuumSizer = batchSizer(vacuumPages, 'vacuum', deps.onBatch);
      while (free > 0) {
        const left = await vacuumSizer.time((pages) => steps.vacuumStep(pages));
        vacuumedPages += free - left;
        if (left >= free) break;
        free = left;
        counted.batches++;
        await vacuumSizer.rest();
      }
      // The worker copies what is left first; the closing TRUNCATE then only cuts the WAL file back (on the thread:
      // it waits out the readers of the WAL, and the main thread must not wait with it).
      const t0 = performance.now();
      await checkpoints.end();
      await steps.checkpoint();
      deps.onBatch?.('checkpoint', performance.now() - t0, 1);
    }
    return {
      startedAt,
      finishedAt: deps.now(),
      logDeleted,
      runItemsDeleted,
      fieldChangesDeleted,
      runsDeleted,
      downloadsDeleted,
      rawFilesRemoved,
      vacuumedPages,
      bytesBefore,
      bytesAfter: fileBytes(deps.databaseFile),
      batches: counted.batches,
    };
  }

  return {
    settings,
    async save(next: Partial<RetentionSettings>): Promise<RetentionSettings> {
      const merged = { ...(await settings()), ...next };
      await deps.repos.settings.set(SETTINGS_KEY, merged);
      return merged;
    },
    running: () => running !== null,
    /** One cleanup at a time: a second caller gets the one already going. */
    async run(): Promise<CleanupResult> {
      running ??= clean()
        .then(async (r) => {
          await deps.repos.settings.set('retention.lastCleanup', r);
          return r;
        })
        .finally(() => {
          running = null;
        });
      return running;
    },
    async lastCleanup(): Promise<CleanupResult | null> {
      // One recorded before field changes were cleaned up says nothing of them.
      const last = await deps.repos.settings.get<(Omit<CleanupResult, 'fieldChangesDeleted'> & { fieldChangesDeleted?: number }) | null>('retention.lastCleanup', null);
      return last && { ...last, fieldChangesDeleted: last.fieldChangesDeleted ?? 0 };
    },
  };
}

export type Retention = ReturnType<typeof createRetention>;
