import type { AsyncRepo, SerialWriter } from './serial-writer';
import type { Db } from './database';
import { startOffThreadCleanup, type OffThreadCleanup } from './maintenance-off-thread';
import { AUTO_CHECKPOINT_PAGES, createMaintenanceRepo } from './maintenance-statements';

export { createMaintenanceRepo, type LogKey, type StaleDownload } from './maintenance-statements';

export type MaintenanceRepo = AsyncRepo<ReturnType<typeof createMaintenanceRepo>> & {
  /**
   * Retention's batch steps on a thread of their own (each still one short commit in the writer's turn); where no
   * thread can run, the same steps here. With `checkpoints`, until `end()` the WAL's checkpoints run on that thread
   * too, not inside the main connection's commits (a long run of deletes fills the WAL again and again).
   */
  cleanupOffThread(opts?: { checkpoints?: boolean }): OffThreadCleanup;
  /**
   * Builds the indexes a bulk load set aside (deferred-indexes.ts) on the maintenance thread, in the writer's turn:
   * contract calls that read are answered meanwhile. Answers how many it built.
   */
  buildDeferredIndexesOffThread(): Promise<number>;
  /**
   * A consistent copy of the whole database in `file`, taken while the app goes on (SQLite's online backup API, a few
   * pages a step, the event loop free between steps; the connection's own writes meanwhile are copied too).
   */
  backupTo(file: string): Promise<void>;
};

/** How often the maintenance thread checkpoints while it keeps the WAL (at most; after a step, never during one). */
const CHECKPOINT_EVERY_MS = 100;

export function createMaintenance(db: Db, writer: SerialWriter): MaintenanceRepo {
  const here = writer.wrap(createMaintenanceRepo(db));
  const offThread = (opts: { checkpoints?: boolean } = {}): OffThreadCleanup => {
    const thread = db.memory ? null : startOffThreadCleanup(db.name, writer, opts.checkpoints ? CHECKPOINT_EVERY_MS : null);
    if (!thread) return { steps: here, end: async () => undefined };
    if (!opts.checkpoints) return thread;
    db.pragma('wal_autocheckpoint = 0');
    let ended: Promise<void> | null = null;
    return {
      steps: thread.steps,
      end: () =>
        (ended ??= thread.end().finally(() => {
          if (db.open) db.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`);
        })),
    };
  };
  return {
    ...here,
    cleanupOffThread: offThread,
    async buildDeferredIndexesOffThread() {
      const thread = offThread();
      try {
        return await thread.steps.buildDeferredIndexes();
      } finally {
        await thread.end();
      }
    },
    backupTo: async (file: string) => {
      await db.backup(file);
    },
  };
}
