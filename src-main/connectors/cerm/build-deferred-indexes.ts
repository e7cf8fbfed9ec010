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
