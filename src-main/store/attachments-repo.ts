import type { Db } from './database';
import type { CaseAttachmentView } from '../../src-preload/contract';

export interface AttachmentRow extends CaseAttachmentView {
  caseId: number;
  sha256: string;
  /** Relative to the data folder's attachments/. */
  storedName: string;
}

interface Raw {
  id: number;
  case_id: number;
  file_name: string;
  description: string | null;
  content_type: string;
  size: number;
  sha256: string;
  stored_name: string;
  created_at: number;
}

const toRow = (r: Raw): AttachmentRow => ({
  id: r.id,
  caseId: r.case_id,
  fileName: r.file_name,
  description: r.description,
  contentType: r.content_type,
  size: r.size,
  sha256: r.sha256,
  storedName: r.stored_name,
  createdAt: r.created_at,
});

export function createAttachmentsRepo(db: Db) {
  const ofCase = db.prepare(`SELECT * FROM case_attachments WHERE case_id = ? ORDER BY id`);
  const get = db.prepare(`SELECT * FROM case_attachments WHERE id = ?`);
  const insert = db.prepare(`INSERT INTO case_attachments (case_id, file_name, description, content_type, size, sha256, stored_name, created_at)
    VALUES (@caseId, @fileName, @description, @contentType, @size, @sha256, @storedName, @now)`);
  return {
    ofCase: (caseId: number): AttachmentRow[] => (ofCase.all(caseId) as Raw[]).map(toRow),
    get(id: number): AttachmentRow | null {
      const r = get.get(id) as Raw | undefined;
      return r ? toRow(r) : null;
    },
    insert: (a: Omit<AttachmentRow, 'id' | 'createdAt'>, now: number): number => Number(insert.run({ ...a, now }).lastInsertRowid),
  };
}

export type AttachmentsRepo = ReturnType<typeof createAttachmentsRepo>;
