import { createHash } from 'node:crypto';
import type { StoreProbes } from '../store-probes';
import type { PgSession } from './pg-session';

/** The benchmarks' read-only counts on PostgreSQL. */
export function createPgStoreProbes(db: PgSession): StoreProbes {
  const count = async (sql: string, params: unknown[] = []) => (await db.one<{ n: number | null }>(sql, params))!.n;
  return {
    lastDoneAt: async (kind, afterJobId) => await count(`SELECT max(updated_at) AS n FROM jobs WHERE kind = $1 AND status = 'done' AND id > $2`, [kind, afterJobId]),
    lastJobId: async () => (await count(`SELECT COALESCE(max(id), 0) AS n FROM jobs`))!,
    accountCount: async () => (await count(`SELECT count(*) AS n FROM accounts`))!,
    async priceCounts() {
      // Every override's identity and values in one text, so "unchanged" is checked, not just "as many".
      const o = (await db.one<{ n: number; digest: string }>(
        `SELECT count(*) AS n, COALESCE(string_agg(id || ':' || COALESCE(price_level, '') || ':' || COALESCE(account_id::text, '') || ':' || item || ':' || kind
           || ':' || COALESCE(price_cents::text, '') || ':' || COALESCE(discount_percent::text, ''), ',' ORDER BY id), '') AS digest FROM price_overrides`))!;
      return { imported: (await count(`SELECT count(*) AS n FROM prices`))!, overrides: o.n, overridesDigest: createHash('sha256').update(o.digest).digest('hex') };
    },
    pendingCounts: async () =>
      (await db.one<{ pending: number; pushed: number }>(
        `SELECT count(*) FILTER (WHERE status = 'pending') AS pending, count(*) FILTER (WHERE status = 'pushed') AS pushed FROM account_pending_changes`))!,
  };
}
