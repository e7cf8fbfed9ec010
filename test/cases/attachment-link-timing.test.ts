// Every answer of the attachment route, granted or refused, does the same secret-dependent work: the presented token is
// hashed and compared with timingSafeEqual exactly once, on two 32-byte digests, before any state of the row is
// looked at. So an unknown id, a wrong token, a revoked or an expired link leave no early exit to time. Counted over
// the listener's real socket.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../src-main/store/database';
import { attachmentsDirOf } from '../../src-main/cases/attachment-store';
import { peekDb, tempDir } from '../support/harness';
import { setUpPotholes, startConfirmCore, type ConfirmCore } from '../connectors/confirm/confirm-core';

const compared = vi.hoisted(() => ({ calls: [] as [number, number][] }));
vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:crypto')>();
  const timingSafeEqual = (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
    compared.calls.push([a.byteLength, b.byteLength]);
    return real.timingSafeEqual(a, b);
  };
  return { ...real, default: { ...real, timingSafeEqual }, timingSafeEqual };
});

let h: ConfirmCore;
let offset = 0;
const links: Record<string, string> = {};

beforeAll(async () => {
  // An old data folder with one legacy attachment, then a live, a revoked and an expiring one added after the upgrade.
  const dataDir = tempDir();
  const db = openDatabase(join(dataDir, 'syncdesk.db'), { targetVersion: 9 });
  db.prepare(`INSERT INTO cases (title, created_at, updated_at) VALUES ('Old case', 1, 1)`).run();
  mkdirSync(attachmentsDirOf(dataDir), { recursive: true });
  writeFileSync(join(attachmentsDirOf(dataDir), 'stored-old'), 'old');
  const oldSha = createHash('sha256').update('old').digest('hex');
  db.prepare(`INSERT INTO case_attachments (case_id, file_name, content_type, size, sha256, stored_name, created_at) VALUES (1, 'old.txt', 'text/plain', 3, ?, 'stored-old', 1)`).run(oldSha);
  db.close();
  h = await startConfirmCore({ now: () => Date.now() + offset }, { dataDir });
  await setUpPotholes(h, { withRules: false });
  const add = (linkExpiresAt: number | null) => h.call('cases:add-attachment', { caseId: 1, fileName: 'a.txt', contentType: 'text/plain', contentBase64: 'AAAA', linkExpiresAt });
  const live = await add(null);
  const revoked = await add(null);
  const expired = await add(h.services.now() + 60_000);
  await h.call('cases:revoke-attachment-link', { attachmentId: revoked.id });
  await h.services.jobs.whenSettled();
  const payloads = (peekDb(h.services.paths.database).prepare(`SELECT payload FROM jobs WHERE kind = 'add-document'`).pluck().all() as string[]).map(
    (p) => JSON.parse(p) as { attachmentId: number; link: string },
  );
  const linkOf = (id: number) => payloads.find((p) => p.attachmentId === id)!.link;
  const base = h.core.listenerUrl;
  offset = 120_000;
  Object.assign(links, {
    granted: linkOf(live.id),
    grantedLegacy: `${base}/attachments/1?token=${oldSha}`,
    unknownId: `${base}/attachments/99999?token=${new URL(linkOf(live.id)).searchParams.get('token')}`,
    notAnId: `${base}/attachments/abc?token=x`,
    noToken: `${base}/attachments/${live.id}`,
    wrongToken: `${base}/attachments/${live.id}?token=${'A'.repeat(43)}`,
    wrongLegacyToken: `${base}/attachments/1?token=${'0'.repeat(64)}`,
    otherAttachmentsToken: `${base}/attachments/${revoked.id}?token=${new URL(linkOf(live.id)).searchParams.get('token')}`,
    revoked: linkOf(revoked.id),
    expired: linkOf(expired.id),
  });
});
afterAll(async () => {
  await h?.close();
});

describe('the attachment route', () => {
  it('compares once, in constant time, on 32-byte digests, whatever the answer', async () => {
    const answers: Record<string, { status: number; body: string }> = {};
    for (const [kind, link] of Object.entries(links)) {
      compared.calls.length = 0;
      const res = await fetch(link);
      answers[kind] = { status: res.status, body: res.status === 404 ? await res.text() : '' };
      expect(compared.calls, kind).toEqual([[32, 32]]);
    }
    const { granted, grantedLegacy, ...refused } = answers;
    expect([granted!.status, grantedLegacy!.status]).toEqual([200, 200]);
    // Every refusal is the same answer, so none says which check failed.
    const distinct = new Set(Object.values(refused).map((a) => JSON.stringify(a)));
    expect(distinct.size).toBe(1);
    expect(Object.values(refused)[0]!.status).toBe(404);
  });
});
