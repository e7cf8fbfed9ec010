import type { AsyncRepo } from './serial-writer';
import type { Db } from './database';

/** Incoming Enquiry updates already applied: the same update twice applies once. */
export function createConfirmUpdatesRepo(db: Db) {
  const insert = db.prepare(`INSERT INTO confirm_updates_seen (dedupe_key, enquiry_number, case_id, received_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (dedupe_key) DO NOTHING`);
  const seen = db.prepare(`SELECT 1 FROM confirm_updates_seen WHERE dedupe_key = ?`).pluck();
  const count = db.prepare(`SELECT COUNT(*) FROM confirm_updates_seen`).pluck();
  return {
    /** Call inside the transaction that applies the update. False when it was applied before. */
    markSeen: (dedupeKey: string, enquiryNumber: string, caseId: number | null, now: number): boolean => insert.run(dedupeKey, enquiryNumber, caseId, now).changes === 1,
    seen: (dedupeKey: string): boolean => seen.get(dedupeKey) !== undefined,
    count: (): number => count.get() as number,
  };
}

/** The repository as the store port gives it (every method answers a promise). */
export type ConfirmUpdatesRepo = AsyncRepo<ReturnType<typeof createConfirmUpdatesRepo>>;
