import type { AsyncRepo } from './serial-writer';
import type { Db } from './database';

/** Counts the benchmarks read to check and time their rounds: read-only, outside any repository's business. */
export function createStoreProbes(db: Db) {
  const lastDoneAt = db.prepare(`SELECT MAX(updated_at) FROM jobs WHERE kind = ? AND status = 'done' AND id > ?`).pluck();
  const lastJobId = db.prepare(`SELECT COALESCE(MAX(id), 0) FROM jobs`).pluck();
  return {
    /** When the last done job of a kind, among those after a job id, finished (null if none has). */
    lastDoneAt: (kind: string, afterJobId: number) => lastDoneAt.get(kind, afterJobId) as number | null,
    lastJobId: () => lastJobId.get() as number,
  };
}

export type StoreProbes = AsyncRepo<ReturnType<typeof createStoreProbes>>;
