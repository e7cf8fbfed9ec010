// Attachment links as Confirm's users follow them: over the listener's real socket, with the link the Enquiry
// Document job carries.
import { afterEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseDisposition } from 'content-disposition';
import { openDatabase } from '../../src-main/store/database';
import { attachmentsDirOf } from '../../src-main/cases/attachment-store';
import { peekDb, tempDir } from '../support/harness';
import { setUpPotholes, startConfirmCore, type ConfirmCore } from '../connectors/confirm/confirm-core';

let h: ConfirmCore | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

async function caseWithoutEnquiry(core: ConfirmCore): Promise<number> {
  await setUpPotholes(core, { withRules: false });
  return (await core.call('cases:save', { title: 'Pothole', values: {} })).case.id;
}

/** The link the Enquiry Document job of this attachment carries. */
function linkOf(core: ConfirmCore, attachmentId: number): string {
  const payloads = peekDb(core.services.paths.database).prepare(`SELECT payload FROM jobs WHERE kind = 'add-document'`).pluck().all() as string[];
  const p = payloads.map((s) => JSON.parse(s) as { attachmentId: number; link: string }).find((x) => x.attachmentId === attachmentId);
  if (!p) throw new Error(`no add-document job for attachment ${attachmentId}`);
  return p.link;
}

interface OldAttachment {
  fileName: string;
  contentType: string;
  content: Buffer;
}

/**
 * A data folder as SyncDesk left it at schema version 9 (before attachment capabilities): one case with these
 * attachments, their rows written as that version wrote them (content type and name unchecked), and their files.
 */
function dataFolderAtVersion9(attachments: OldAttachment[]): { dataDir: string; sha256s: string[] } {
  const dataDir = tempDir();
  const db = openDatabase(join(dataDir, 'syncdesk.db'), { targetVersion: 9 });
  db.prepare(`INSERT INTO cases (title, created_at, updated_at) VALUES ('Old case', 1, 1)`).run();
  const dir = attachmentsDirOf(dataDir);
  mkdirSync(dir, { recursive: true });
  const sha256s = attachments.map((a, i) => {
    const sha256 = createHash('sha256').update(a.content).digest('hex');
    writeFileSync(join(dir, `stored-${i}`), a.content);
    db.prepare(`INSERT INTO case_attachments (case_id, file_name, content_type, size, sha256, stored_name, created_at) VALUES (1, ?, ?, ?, ?, ?, 1)`).run(
      a.fileName,
      a.contentType,
      a.content.byteLength,
      sha256,
      `stored-${i}`,
    );
    return sha256;
  });
  db.close();
  return { dataDir, sha256s };
}

describe('attachment file names (RFC 6266)', () => {
  it('serves names outside Latin-1 with filename* in UTF-8 and a Latin-1 fallback', async () => {
    h = await startConfirmCore();
    const caseId = await caseWithoutEnquiry(h);
    const names = ['報告.pdf', 'photo-📷.jpg', 'café.pdf', 'plan "v2".pdf', 'ümlaut and 😀 mixed.txt'];
    for (const fileName of names) {
      const content = Buffer.from(`bytes of ${fileName}`);
      const att = await h.call('cases:add-attachment', { caseId, fileName, contentType: 'application/octet-stream', contentBase64: content.toString('base64') });
      const res = await fetch(linkOf(h, att.id));
      expect(res.status, fileName).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(content)).toBe(true);
      const header = res.headers.get('content-disposition')!;
      const parsed = parseDisposition(header);
      expect(parsed.type).toBe('attachment');
      // A reader of RFC 6266 takes filename*; the plain filename is the Latin-1 fallback for older ones.
      expect(parsed.parameters.filename).toBe(fileName.replace(/["\\]/g, '_'));
      expect(header).toMatch(/^[\x20-\x7e\xa0-\xff]+$/);
    }
    const cjk = await fetch(linkOf(h, 1));
    expect(cjk.headers.get('content-disposition')).toBe(`attachment; filename="__.pdf"; filename*=UTF-8''%E5%A0%B1%E5%91%8A.pdf`);
    const emoji = await fetch(linkOf(h, 2));
    expect(emoji.headers.get('content-disposition')).toBe(`attachment; filename="photo-_.jpg"; filename*=UTF-8''photo-%F0%9F%93%B7.jpg`);
  });
});

describe('attachment content types', () => {
  it('serves a row stored before the contract checked its type and name, never answering 500', async () => {
    const content = Buffer.from('old bytes');
    const { dataDir, sha256s } = dataFolderAtVersion9([{ fileName: 'old\r\nSet-Cookie: x.pdf', contentType: 'text/html\r\nX-Injected: 1', content }]);
    h = await startConfirmCore({}, { dataDir });
    const res = await fetch(`${h.core.listenerUrl}/attachments/1?token=${sha256s[0]}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(res.headers.get('x-injected')).toBeNull();
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(parseDisposition(res.headers.get('content-disposition')!).parameters.filename).toBe('old__Set-Cookie: x.pdf');
    expect(Buffer.from(await res.arrayBuffer()).equals(content)).toBe(true);
  });

  it('refuses a content type that is not a MIME type at the contract, with a clear invalid_input', async () => {
    h = await startConfirmCore();
    const caseId = await caseWithoutEnquiry(h);
    const bad = ['text/plain\r\nX-Injected: 1', 'text/html\n', 'text/plain\u0000', 'text', 'text/', '/plain', 'text/plain/x', 'te xt/plain', 'text/plain; charset="utf-8\r"', 'text/plain;', ''];
    for (const contentType of bad) {
      const r = await h.core.dispatch('cases:add-attachment', { caseId, fileName: 'a.txt', contentType, contentBase64: 'AAAA' });
      expect(r, JSON.stringify(contentType)).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'contentType' }] } });
      if (!r.ok) expect(r.error.issues![0]!.message).toMatch(/MIME type/);
    }
    expect(h.services.repos.attachments.ofCase(caseId)).toEqual([]);
    const good = ['text/plain', 'text/plain; charset=utf-8', 'image/svg+xml', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'multipart/form-data; boundary="a b"'];
    for (const contentType of good) {
      const att = await h.call('cases:add-attachment', { caseId, fileName: 'a.txt', contentType, contentBase64: 'AAAA' });
      expect(att.contentType).toBe(contentType);
      const res = await fetch(linkOf(h, att.id));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(contentType);
    }
    // Leaving it out still means "some bytes".
    const plain = await h.call('cases:add-attachment', { caseId, fileName: 'b.bin', contentBase64: 'AAAA' });
    expect(plain.contentType).toBe('application/octet-stream');
  });
});
