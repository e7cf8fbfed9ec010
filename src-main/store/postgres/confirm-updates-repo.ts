import type { ConfirmUpdatesRepo } from '../confirm-updates-repo';
import type { PgSession } from './pg-session';

/**
 * Incoming Enquiry updates already applied, on PostgreSQL. Two engines marking one update at once: the second insert
 * waits on the first's transaction, and finds the key taken once it commits (or takes it, if that one rolled back).
 */
export function createPgConfirmUpdatesRepo(db: PgSession): ConfirmUpdatesRepo {
  return {
    markSeen: async (dedupeKey, enquiryNumber, caseId, now) =>
      (await db.changes(
        `INSERT INTO confirm_updates_seen (dedupe_key, enquiry_number, case_id, received_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (dedupe_key) DO NOTHING`, [dedupeKey, enquiryNumber, caseId, now])) === 1,
    seen: async (dedupeKey) => (await db.one(`SELECT 1 FROM confirm_updates_seen WHERE dedupe_key = $1`, [dedupeKey])) !== undefined,
    count: async () => (await db.one<{ n: number }>(`SELECT count(*) AS n FROM confirm_updates_seen`))!.n,
  };
}
