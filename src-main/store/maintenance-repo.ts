import type { AsyncRepo, SerialWriter } from './serial-writer';
import type { Db } from './database';
import { startWalCheckpointer } from './wal-checkpointer';
import { startOffThreadCleanup, type OffThreadCleanup } from './maintenance-off-thread';
import { AUTO_CHECKPOINT_PAGES, createMaintenanceRepo } from './maintenance-statements';

export { createMaintenanceRepo, type LogKey, type StaleDownload } from './maintenance-statements';

export type MaintenanceRepo = AsyncRepo<ReturnType<typeof createMaintenanceRepo>> & {
  /**
   * Until `end()`, WAL checkpoints run on a worker thread, not inside the main connection's commits (a long write job
   * fills the WAL again and again); `end()` answers whether the worker copied the WAL whole. Without a worker, nothing
   * changes and `end()` answers false.
   */
  checkpointsOffThread(): { end(): Promise<boolean> };
  /**
   * Retention's batch steps on a thread of their own (each still one short commit in the writer's turn); where no
   * thread can run, the same steps here.
   */
  cleanupOffThread(): OffThreadCleanup;
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

export function createMaintenance(db: Db, writer: SerialWriter): MaintenanceRepo {
  const here = writer.wrap(createMaintenanceRepo(db));
  const offThread = (): OffThreadCleanup => (db.memory ? null : startOffThreadCleanup(db.name, writer)) ?? { steps: here, end: async () => undefined };
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
    checkpointsOffThread() {
      const worker = db.memory ? null : startWalCheckpointer(db.name);
      if (!worker) return { end: async () => false };
      db.pragma('wal_autocheckpoint = 0');
      let ended: Promise<boolean> | null = null;
      return {
        end: () =>
          (ended ??= worker.stop().finally(() => {
            if (db.open) db.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`);
          })),
      };
    },
  };
}
