// After a bulk load that set a table's indexes aside (store/deferred-indexes.ts): build them on the maintenance
// thread, saying so in the run's progress; where that fails, the next start builds them.
import type { TaskContext } from '../connector';

export async function buildDeferredIndexes(ctx: TaskContext, done: number, total: number | null, words: { stored: string; indexes: string }): Promise<void> {
  await ctx.progress(done, total, `building ${words.indexes}`).catch(() => undefined);
  try {
    await ctx.repos.maintenance.buildDeferredIndexesOffThread();
  } catch (err) {
    throw new Error(`${words.stored} are stored, but ${words.indexes} could not be built (${(err as Error).message}); SyncDesk builds them at its next start`);
  }
}

/**
 * Before a load: indexes still waiting from an earlier one whose build failed (a load under way in another task builds
 * its own at its end; building them now costs it speed only) are built first, so they are not missing until the next
 * start. Answers how many were built.
 */
export async function buildLeftoverIndexes(ctx: TaskContext): Promise<number> {
  if ((await ctx.repos.maintenance.deferredIndexesWaiting()) === 0) return 0;
  await ctx.progress(0, null, 'building indexes an earlier load left unbuilt').catch(() => undefined);
  return await ctx.repos.maintenance.buildDeferredIndexesOffThread();
}
