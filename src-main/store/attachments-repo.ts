import type { AsyncRepo } from './serial-writer';
import type { Db } from './database';
import type { CaseAttachmentView } from '../../src-preload/contract';

export interface AttachmentRow extends CaseAttachmentView {
  caseId: number;
  /** Of the file's content: integrity, and the token of a legacy link (see migration 0010). */
  sha256: string;
  /** Relative to the data folder's attachments/. */
  storedName: string;
  /** SHA-256 (hex) of the link's random token; null only on legacy rows. The token itself is never stored. */
  linkTokenHash: string | null;
}

export interface Raw {
  id: number;
  case_id: number;
  file_name: string;
  description: string | null;
  content_type: string;
  size: number;
  sha256: string;
  stored_name: string;
  created_at: number;
  link_legacy: number;
  link_token_hash: string | null;
  link_revoked_at: number | null;
  link_expires_at: number | null;
}

export const toRow = (r: Raw): AttachmentRow => ({
  id: r.id,
  caseId: r.case_id,
  fileName: r.file_name,
  description: r.description,
  contentType: r.content_type,
  size: r.size,
  sha256: r.sha256,
  storedName: r.stored_name,
  createdAt: r.created_at,
  linkLegacy: r.link_legacy === 1,
  linkTokenHash: r.link_token_hash,
  linkRevokedAt: r.link_revoked_at,
  linkExpiresAt: r.link_expires_at,
});

export type NewAttachment = Omit<AttachmentRow, 'id' | 'createdAt' | 'linkLegacy' | 'linkRevokedAt' | 'linkTokenHash'> & { linkTokenHash: string };

export function createAttachmentsRepo(db: Db) {
  const ofCase = db.prepare(`SELECT * FROM case_attachments WHERE case_id = ? ORDER BY id`);
  // By id only: the link's token is never a lookup key (an index probe by its hash would time differently per guess).
  const get = db.prepare(`SELECT * FROM case_attachments WHERE id = ?`);
  const insert = db.prepare(`INSERT INTO case_attachments
      (case_id, file_name, description, content_type, size, sha256, stored_name, created_at, link_token_hash, link_expires_at)
    VALUES (@caseId, @fileName, @description, @contentType, @size, @sha256, @storedName, @now, @linkTokenHash, @linkExpiresAt)`);
  // The first revocation's time stands; revoking again changes nothing.
  const revoke = db.prepare(`UPDATE case_attachments SET link_revoked_at = coalesce(link_revoked_at, ?) WHERE id = ?`);
  return {
    ofCase: (caseId: number): AttachmentRow[] => (ofCase.all(caseId) as Raw[]).map(toRow),
    get(id: number): AttachmentRow | null {
      const r = get.get(id) as Raw | undefined;
      return r ? toRow(r) : null;
    },
    insert: (a: NewAttachment, now: number): number => Number(insert.run({ ...a, now }).lastInsertRowid),
    /** False when there is no such attachment. */
    revokeLink: (id: number, now: number): boolean => revoke.run(now, id).changes > 0,
  };
}

/** The repository as the store port gives it (every method answers a promise). */
export type AttachmentsRepo = AsyncRepo<ReturnType<typeof createAttachmentsRepo>>;
