// What a start-up does about the last process's unfinished work. On the desktop the data-folder lock proves no other
// SyncDesk is running on this folder, so whatever is still marked as under way belongs to a process that died. On a
// team server several engines share the database, and another may hold a lease or run a task right now: only what
// has gone quiet for longer than its lease or heartbeat allows is taken back.
import { rmSync } from 'node:fs';
import type { Repositories } from '../store/repositories';
import type { JobQueue, ReclaimedJob } from './job-queue';

/**
 * A run whose engine has not written its heartbeat for this long died with it: a run beats every 2 s while its
 * engine lives, waiting on a remote or not (task-runner.ts), so this is thirty missed beats.
 */
export const STALE_RUN_MS = 60_000;
/** How often engines sharing a database look for a dead engine's work (runs quiet for STALE_RUN_MS, expired leases). */
export const SWEEP_EVERY_MS = 20_000;

export interface Recovered {
  jobs: ReclaimedJob[];
  runs: number;
  downloads: number;
}

/**
 * Alone (`shared` false): leased jobs go back to the queue at once (not after their lease), each attempt counted as
 * interrupted and marked in doubt; runs become "interrupted"; downloads become failed, and their partial raw files
 * are removed (a raw file is kept only as received in full, or from a download that failed with an answer, where it
 * shows what came). Shared: only expired leases, runs without a heartbeat for STALE_RUN_MS, and downloads of a
 * connector with no run under way.
 */
export async function recoverInterruptedWork(deps: { repos: Repositories; queue: JobQueue; now: () => number; logReclaimed: (jobs: ReclaimedJob[]) => void; shared?: boolean }): Promise<Recovered> {
  const { repos, queue, now } = deps;
  const t = now();
  const shared = deps.shared ?? false;
  const { jobs, runs, files } = await repos.transaction(async () => {
    const jobs = shared ? await queue.reclaimExpired() : await queue.reclaimAll();
    deps.logReclaimed(jobs);
    const runs = await repos.runs.interruptStale(shared ? t - STALE_RUN_MS : t + 1);
    return { jobs, runs, files: await repos.downloads.interruptRunning(t, shared) };
  });
  for (const f of files) if (f.rawFile) rmSync(f.rawFile, { force: true });
  return { jobs, runs, downloads: files.length };
}
