import { describe, expect, it } from 'vitest';
import type { NewAttachment } from '../../../src-main/store/attachments-repo';
import { NotFound } from '../../../src-main/store/store-errors';
import { freshStore, onSqliteWhenRun, type StoreFactory, type StoreOf } from './store-under-test';

/** The aggregates this contract uses. */
type Store = StoreOf<'cases' | 'attachments'>;

const file = (caseId: number, fileName: string): NewAttachment => ({
  caseId, fileName, description: null, contentType: 'image/jpeg', size: 2_048, sha256: `sha-${fileName}`, storedName: `${caseId}/${fileName}`,
  linkTokenHash: `${fileName}`.padEnd(64, '0').slice(0, 64), linkExpiresAt: null,
});

const newCase = async (r: Store, title: string) => await r.cases.insert({ title, description: null, status: 'new', values: {}, personId: null, address: null, dueAt: null }, 0);

/** A case's attachments: what was stored, listed in the order added. */
export function describeAttachmentsContract(name: string, factory: StoreFactory<Store>): void {
  describe(`${name} store: attachments`, () => {
    const store = freshStore(factory);

    it('gives back an attachment as stored, with the time it was added', async () => {
      const r = store();
      const c = await newCase(r, 'Pothole');
      const id = await r.attachments.insert({ ...file(c, 'photo.jpg'), description: 'from the street' }, 500);
      expect(await r.attachments.get(id)).toEqual({
        id, caseId: c, fileName: 'photo.jpg', description: 'from the street', contentType: 'image/jpeg', size: 2_048, sha256: 'sha-photo.jpg', storedName: `${c}/photo.jpg`, createdAt: 500,
        linkTokenHash: 'photo.jpg'.padEnd(64, '0'), linkLegacy: false, linkRevokedAt: null, linkExpiresAt: null,
      });
      expect(await r.attachments.get(id + 1)).toBeNull();
    });

    it("lists a case's attachments in the order they were added, and no other case's", async () => {
      const r = store();
      const a = await newCase(r, 'A');
      const b = await newCase(r, 'B');
      await r.attachments.insert(file(a, 'z.jpg'), 0);
      await r.attachments.insert(file(b, 'other.jpg'), 0);
      await r.attachments.insert(file(a, 'a.jpg'), 0);
      expect((await r.attachments.ofCase(a)).map((x) => x.fileName)).toEqual(['z.jpg', 'a.jpg']);
      expect((await r.attachments.ofCase(b)).map((x) => x.fileName)).toEqual(['other.jpg']);
      expect(await r.attachments.ofCase(b + 100)).toEqual([]);
    });

    it('refuses an attachment for a case that does not exist with NotFound', async () => {
      const r = store();
      await expect(r.attachments.insert(file(777, 'x.jpg'), 0)).rejects.toThrow(NotFound);
      expect(await r.attachments.ofCase(777)).toEqual([]);
    });

    it('keeps sizes past 4 GB, when a link expires, and the time of its first revocation: revoking again changes nothing', async () => {
      const r = store();
      const c = await newCase(r, 'Pothole');
      const at = Date.UTC(2026, 11, 1, 9, 0, 0, 1);
      const id = await r.attachments.insert({ ...file(c, 'photo.jpg'), linkExpiresAt: at + 30 * 86_400_000 }, at);
      const other = await r.attachments.insert({ ...file(c, 'plan.pdf'), size: 5_000_000_000 }, at);
      expect(await r.attachments.revokeLink(id, at + 200)).toBe(true);
      expect(await r.attachments.revokeLink(id, at + 300)).toBe(true);
      expect(await r.attachments.get(id)).toMatchObject({ createdAt: at, linkRevokedAt: at + 200, linkExpiresAt: at + 30 * 86_400_000 });
      expect(await r.attachments.get(other)).toMatchObject({ size: 5_000_000_000, linkRevokedAt: null, linkExpiresAt: null });
      expect(await r.attachments.revokeLink(other + 100, at)).toBe(false);
    });
  });
}

onSqliteWhenRun(import.meta.url, describeAttachmentsContract);
