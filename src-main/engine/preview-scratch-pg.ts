// A team server's preview store: the engine's repositories over one PostgreSQL transaction that is always rolled
// back (store/postgres/preview-session.ts says what it holds and how it gives way to real work). Jobs go through the
// jobs table as the desktop's queue writes them, inside that transaction, never to pg-boss.
import type pg from 'pg';
import { pgRegistryOver } from '../connectors/registry';
import { createPgRepositories } from '../store/postgres/repositories';
import { PreviewSession } from '../store/postgres/preview-session';
import { createSqliteJobQueue, type JobQueue } from './job-queue';
import type { OpenPreviewScratch, ScratchDeps } from './preview-scratch';

/** How often the preview looks whether other work waits on it. */
const WAITERS_EVERY_MS = 200;

export function pgScratch(pool: pg.Pool, d: ScratchDeps & { waitersEveryMs?: number }): OpenPreviewScratch {
  return async ({ slot }) => {
    const session = await PreviewSession.begin(pool);
    try {
      if (!(await session.holdSlot(slot))) {
        await session.end();
        return null;
      }
      const repos = createPgRepositories(pool, { customerIdentity: d.customerIdentity }, session);
      const registry = pgRegistryOver(d.connectors(), session);
      const jobsBefore = await session.lastJobId();
      // The ids it was given: another engine's jobs committed meanwhile are visible too (READ COMMITTED).
      const queued = new Set<number>();
      const table = createSqliteJobQueue(repos, { now: d.now });
      const queue: JobQueue = {
        ...table,
        async enqueue(tx, job) {
          const id = await table.enqueue(tx, job);
          queued.add(id);
          return id;
        },
      };
      const gave = new AbortController();
      session.watchForWaiters(d.waitersEveryMs ?? WAITERS_EVERY_MS, (err) => gave.abort(err));
      return {
        repos,
        registry,
        queue,
        jobsQueued: async () => await session.jobKinds([...queued], jobsBefore),
        gaveWay: gave.signal,
        close: async () => await session.end(),
      };
    } catch (err) {
      await session.end();
      throw err;
    }
  };
}
