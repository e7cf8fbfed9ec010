import { createHash } from 'node:crypto';
import type { AsyncRepo } from './serial-writer';
import type { Db } from './database';

/** Counts the benchmarks read to check and time their rounds: read-only, outside any repository's business. */
export function createStoreProbes(db: Db) {
  const lastDoneAt = db.prepare(`SELECT MAX(updated_at) FROM jobs WHERE kind = ? AND status = 'done' AND id > ?`).pluck();
  const lastJobId = db.prepare(`SELECT COALESCE(MAX(id), 0) FROM jobs`).pluck();
  const accountCount = db.prepare(`SELECT COUNT(*) FROM accounts`).pluck();
  const importedCount = db.prepare(`SELECT COUNT(*) FROM prices`).pluck();
  // Every override's identity and values in one text, so "unchanged" is checked, not just "as many".
  const overrides = db.prepare(`SELECT COUNT(*) AS n, COALESCE(group_concat(id || ':' || COALESCE(price_level, '') || ':' || COALESCE(account_id, '') || ':' || item || ':' || kind || ':'
    || COALESCE(price_cents, '') || ':' || COALESCE(discount_percent, ''), ','), '') AS digest FROM (SELECT * FROM price_overrides ORDER BY id)`);
  const pending = db.prepare(`SELECT COALESCE(SUM(status = 'pending'), 0) AS pending, COALESCE(SUM(status = 'pushed'), 0) AS pushed FROM account_pending_changes`);
  return {
    /** When the last done job of a kind, among those after a job id, finished (null if none has). */
    lastDoneAt: (kind: string, afterJobId: number) => lastDoneAt.get(kind, afterJobId) as number | null,
    lastJobId: () => lastJobId.get() as number,
    accountCount: () => accountCount.get() as number,
    priceCounts(): { imported: number; overrides: number; overridesDigest: string } {
      const o = overrides.get() as { n: number; digest: string };
      return { imported: importedCount.get() as number, overrides: o.n, overridesDigest: createHash('sha256').update(o.digest).digest('hex') };
    },
    pendingCounts: () => pending.get() as { pending: number; pushed: number },
  };
}

export type StoreProbes = AsyncRepo<ReturnType<typeof createStoreProbes>>;
