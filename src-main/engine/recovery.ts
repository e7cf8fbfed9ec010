// What a start-up does about the last process's unfinished work. The data-folder lock proves no other SyncDesk is
// running on this folder, so whatever is still marked as under way belongs to a process that died.
import { rmSync } from 'node:fs';
import type { Repositories } from '../store/repositories';
import type { JobQueue, ReclaimedJob } from './job-queue';

export interface Recovered {
  jobs: ReclaimedJob[];
  runs: number;
  downloads: number;
}

/**
 * Leased jobs go back to the queue at once (not after their lease), each attempt counted as interrupted and marked in
 * doubt; runs become "interrupted"; downloads become failed, and their partial raw files are removed (a raw file is
 * kept only as received in full, or from a download that failed with an answer, where it shows what came).
 */
export async function recoverInterruptedWork(deps: { repos: Repositories; queue: JobQueue; now: () => number; logReclaimed: (jobs: ReclaimedJob[]) => void }): Promise<Recovered> {
  const { repos, queue, now } = deps;
  const t = now();
  const { jobs, runs, files } = await repos.transaction(async () => {
    const jobs = await queue.reclaimAll();
    deps.logReclaimed(jobs);
    return { jobs, runs: await repos.runs.interruptStale(t + 1), files: await repos.downloads.interruptRunning(t) };
  });
  for (const f of files) if (f.rawFile) rmSync(f.rawFile, { force: true });
  return { jobs, runs, downloads: files.length };
}
