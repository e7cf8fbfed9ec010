import { toRow, type AttachmentsRepo, type Raw } from '../attachments-repo';
import type { PgSession } from './pg-session';

/** A case's attachments on PostgreSQL. */
export function createPgAttachmentsRepo(db: PgSession): AttachmentsRepo {
  return {
    ofCase: async (caseId) => (await db.rows<Raw>(`SELECT * FROM case_attachments WHERE case_id = $1 ORDER BY id`, [caseId])).map(toRow),
    // By id only: the link's token is never a lookup key (an index probe by its hash would time differently per guess).
    async get(id) {
      const r = await db.one<Raw>(`SELECT * FROM case_attachments WHERE id = $1`, [id]);
      return r ? toRow(r) : null;
    },
    insert: async (a, now) =>
      (await db.one<{ id: number }>(
        `INSERT INTO case_attachments
           (case_id, file_name, description, content_type, size, sha256, stored_name, created_at, link_token_hash, link_expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
        [a.caseId, a.fileName, a.description, a.contentType, a.size, a.sha256, a.storedName, now, a.linkTokenHash, a.linkExpiresAt]))!.id,
    // The first revocation's time stands; revoking again changes nothing.
    revokeLink: async (id, now) => (await db.changes(`UPDATE case_attachments SET link_revoked_at = coalesce(link_revoked_at, $2) WHERE id = $1`, [id, now])) > 0,
  };
}
