// A failed run's log line retried from the log: the task runs again, and the line shows that run's outcome as its own
// next attempt, in its place (as a retried job's line does), so it stays under the filter that found it. The link
// from the line to the run it started is kept through the store port (a position per line), so every store keeps it.
import type { LogEntry } from '../../src-preload/contract';
import type { Repositories } from '../store/repositories';

const RETRIED_BY_RUN = 'log-entry-retried-by-run';
const FAILED = new Set(['failure', 'validation_failure', 'dead']);

const isRunFailure = (e: LogEntry) => e.jobId === null && e.runId !== null && FAILED.has(e.outcome);

export async function noteRunRetry(repos: Repositories, entry: LogEntry, runId: number, now: number): Promise<void> {
  await repos.syncState.setPosition(entry.connectorId, RETRIED_BY_RUN, String(entry.id), String(runId), now);
}

/** The entry as staff see it now: a failed run line that was retried carries the retry run's outcome. */
export async function withRunRetry<E extends LogEntry>(repos: Repositories, entry: E): Promise<E> {
  if (!isRunFailure(entry)) return entry;
  const linked = await repos.syncState.position(entry.connectorId, RETRIED_BY_RUN, String(entry.id));
  if (linked === null) return entry;
  const [line] = await repos.log.forEntity('sync_run', linked, 1);
  if (!line) return { ...entry, retryable: false, retryQueued: true };
  return { ...entry, retryable: false, nextAttempt: { id: line.id, ts: line.ts, outcome: line.outcome, attempt: null, message: line.message } };
}

export async function withRunRetries(repos: Repositories, entries: LogEntry[]): Promise<LogEntry[]> {
  return await Promise.all(entries.map((e) => withRunRetry(repos, e)));
}
