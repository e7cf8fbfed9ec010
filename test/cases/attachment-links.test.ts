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
    expect(await h.services.repos.attachments.ofCase(caseId)).toEqual([]);
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

describe('attachment links are capabilities (random, hashed, revocable, may expire)', () => {
  const tokenOf = (link: string) => new URL(link).searchParams.get('token')!;
  const sha256Hex = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

  it('gives identical files unrelated links, stores only their hash, and the file sha256 opens nothing', async () => {
    h = await startConfirmCore();
    const caseId = await caseWithoutEnquiry(h);
    const otherCase = (await h.call('cases:save', { title: 'Another', values: {} })).case.id;
    const content = Buffer.from('%PDF-1.7 the standard form everyone has');
    const a = await h.call('cases:add-attachment', { caseId, fileName: 'form.pdf', contentType: 'application/pdf', contentBase64: content.toString('base64') });
    const b = await h.call('cases:add-attachment', { caseId, fileName: 'form.pdf', contentType: 'application/pdf', contentBase64: content.toString('base64') });
    const c = await h.call('cases:add-attachment', { caseId: otherCase, fileName: 'form.pdf', contentType: 'application/pdf', contentBase64: content.toString('base64') });
    expect([a, b, c].map((x) => x.linkLegacy)).toEqual([false, false, false]);
    const links = [a, b, c].map((x) => linkOf(h!, x.id));
    const tokens = links.map(tokenOf);
    expect(new Set(tokens).size).toBe(3);
    for (const t of tokens) {
      expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(t, 'base64url')).toHaveLength(32);
    }
    for (const link of links) {
      const res = await fetch(link);
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(content)).toBe(true);
    }
    // The old, guessable link (the content's sha256) no longer opens a new attachment.
    const guessed = await fetch(`${h.core.listenerUrl}/attachments/${a.id}?token=${sha256Hex(content)}`);
    expect(guessed.status).toBe(404);
    // One attachment's token opens no other attachment.
    expect((await fetch(`${h.core.listenerUrl}/attachments/${b.id}?token=${tokens[0]}`)).status).toBe(404);
    // The store keeps the token's hash; the token itself is in no attachment row and no log line.
    const db = peekDb(h.services.paths.database);
    const rows = db.prepare(`SELECT * FROM case_attachments ORDER BY id`).all() as Record<string, unknown>[];
    expect(rows.map((r) => r.link_token_hash)).toEqual(tokens.map(sha256Hex));
    await h.services.jobs.whenSettled();
    const logText = (db.prepare(`SELECT message || ' ' || coalesce(details, '') FROM integration_log`).pluck().all() as string[]).join('\n');
    for (const t of tokens) {
      expect(JSON.stringify(rows)).not.toContain(t);
      expect(logText).not.toContain(t);
    }
  });

  it('answers 404 for a revoked link, as for an unknown one, and says when it was revoked', async () => {
    h = await startConfirmCore();
    const caseId = await caseWithoutEnquiry(h);
    const a = await h.call('cases:add-attachment', { caseId, fileName: 'a.txt', contentType: 'text/plain', contentBase64: Buffer.from('a').toString('base64') });
    const b = await h.call('cases:add-attachment', { caseId, fileName: 'b.txt', contentType: 'text/plain', contentBase64: Buffer.from('b').toString('base64') });
    const [linkA, linkB] = [linkOf(h, a.id), linkOf(h, b.id)];
    expect((await fetch(linkA)).status).toBe(200);
    const revoked = await h.call('cases:revoke-attachment-link', { attachmentId: a.id });
    expect(revoked.linkRevokedAt).toEqual(expect.any(Number));
    const res = await fetch(linkA);
    const unknown = await fetch(`${h.core.listenerUrl}/attachments/99999?token=${tokenOf(linkA)}`);
    expect([res.status, unknown.status]).toEqual([404, 404]);
    expect(await res.text()).toBe(await unknown.text());
    // The other attachment's link is untouched; revoking again changes nothing; the case shows the state.
    expect((await fetch(linkB)).status).toBe(200);
    expect((await h.call('cases:revoke-attachment-link', { attachmentId: a.id })).linkRevokedAt).toBe(revoked.linkRevokedAt);
    const shown = (await h.call('cases:get', { id: caseId })).attachments;
    expect(shown.map((x) => [x.id, x.linkRevokedAt])).toEqual([
      [a.id, revoked.linkRevokedAt],
      [b.id, null],
    ]);
    expect((await h.logOf(caseId)).filter((l) => l.action === 'revoke-attachment-link')).toHaveLength(1);
    expect(await h.core.dispatch('cases:revoke-attachment-link', { attachmentId: 99999 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('answers 404 once a link has expired (clock injected), and refuses an expiry in the past', async () => {
    let offset = 0;
    h = await startConfirmCore({ now: () => Date.now() + offset });
    const caseId = await caseWithoutEnquiry(h);
    const t0 = h.services.now();
    const expiring = await h.call('cases:add-attachment', { caseId, fileName: 'a.txt', contentType: 'text/plain', contentBase64: 'AAAA', linkExpiresAt: t0 + 3_600_000 });
    const forever = await h.call('cases:add-attachment', { caseId, fileName: 'b.txt', contentType: 'text/plain', contentBase64: 'AAAA' });
    expect([expiring.linkExpiresAt, forever.linkExpiresAt]).toEqual([t0 + 3_600_000, null]);
    expect((await h.call('cases:get', { id: caseId })).attachments.map((x) => x.linkExpiresAt)).toEqual([t0 + 3_600_000, null]);
    await h.services.jobs.whenSettled();
    const [link, foreverLink] = [linkOf(h, expiring.id), linkOf(h, forever.id)];
    offset = 3_000_000;
    expect((await fetch(link)).status).toBe(200);
    offset = 3_600_000;
    expect((await fetch(link)).status).toBe(404);
    offset = 10 * 365 * 86_400_000;
    expect((await fetch(link)).status).toBe(404);
    expect((await fetch(foreverLink)).status).toBe(200);
    const past = await h.core.dispatch('cases:add-attachment', { caseId, fileName: 'c.txt', contentBase64: 'AAAA', linkExpiresAt: t0 });
    expect(past).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'linkExpiresAt' }] } });
  });

  it('keeps the sha256 link of an attachment from before migration 0010 working until revoked (legacy), and gives new ones capabilities', async () => {
    const content = Buffer.from('%PDF an attachment Confirm already links to');
    const { dataDir, sha256s } = dataFolderAtVersion9([{ fileName: 'old.pdf', contentType: 'application/pdf', content }]);
    h = await startConfirmCore({}, { dataDir });
    const old = (await h.call('cases:get', { id: 1 })).attachments[0]!;
    expect(old).toMatchObject({ id: 1, fileName: 'old.pdf', linkLegacy: true, linkRevokedAt: null, linkExpiresAt: null });
    const legacyLink = `${h.core.listenerUrl}/attachments/1?token=${sha256s[0]}`;
    const res = await fetch(legacyLink);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(content)).toBe(true);
    expect((await fetch(`${h.core.listenerUrl}/attachments/1?token=${'0'.repeat(64)}`)).status).toBe(404);
    // The same file added now gets a capability of its own; its content's sha256 does not open it.
    const added = await h.call('cases:add-attachment', { caseId: 1, fileName: 'old.pdf', contentType: 'application/pdf', contentBase64: content.toString('base64') });
    expect(added.linkLegacy).toBe(false);
    expect((await fetch(`${h.core.listenerUrl}/attachments/${added.id}?token=${sha256s[0]}`)).status).toBe(404);
    expect((await fetch(linkOf(h, added.id))).status).toBe(200);
    // Revoking ends the legacy link too.
    await h.call('cases:revoke-attachment-link', { attachmentId: 1 });
    expect((await fetch(legacyLink)).status).toBe(404);
  });
});
