import { describe, expect, it } from 'vitest';
import { freshStore, onSqliteWhenRun, type StoreFactory, type StoreOf } from './store-under-test';

type Store = StoreOf<'audit'>;

const line = (i: number, over: Partial<{ actorId: number | null; channel: string }> = {}) => ({
  at: 1000 + i,
  actorId: 1,
  actorEmail: 'ada@team.example',
  channel: 'templates:save',
  entity: `template ${i}`,
  before: i % 2 === 0 ? null : { name: `old ${i}` },
  after: { name: `new ${i}`, nested: [1, { secret: '••••' }] },
  ...over,
});

/** The audit trail: lines kept as written (JSON before and after), read newest first in keyset pages, filtered. */
export function describeAuditContract(name: string, factory: StoreFactory<Store>): void {
  describe(`${name} store: audit trail`, () => {
    const store = freshStore(factory);

    it('gives back a line as written, the JSON values as they were', async () => {
      const { audit } = store();
      const id = await audit.add(line(1));
      const page = await audit.page({ cursor: null, limit: 10 });
      expect(page).toEqual({ items: [{ id, ...line(1) }], nextCursor: null });
      await audit.add({ ...line(2), actorId: null, entity: null, after: null });
      expect((await audit.page({ cursor: null, limit: 10 })).items[0]).toMatchObject({ actorId: null, entity: null, before: null, after: null });
    });

    it('pages newest first by id, the cursor continuing where the last page ended, with nothing lost or repeated', async () => {
      const { audit } = store();
      for (let i = 1; i <= 7; i++) await audit.add(line(i));
      const seen: string[] = [];
      let cursor: number | null = null;
      let pages = 0;
      do {
        const page = await audit.page({ cursor, limit: 3 });
        seen.push(...page.items.map((e) => e.entity!));
        cursor = page.nextCursor;
        pages++;
      } while (cursor !== null);
      expect(pages).toBe(3);
      expect(seen).toEqual([7, 6, 5, 4, 3, 2, 1].map((i) => `template ${i}`));
    });

    it('filters by actor and by channel', async () => {
      const { audit } = store();
      await audit.add(line(1, { actorId: 1 }));
      await audit.add(line(2, { actorId: 2, channel: 'sync:run' }));
      await audit.add(line(3, { actorId: 2 }));
      expect((await audit.page({ cursor: null, limit: 10, actorId: 2 })).items.map((e) => e.at)).toEqual([1003, 1002]);
      expect((await audit.page({ cursor: null, limit: 10, channel: 'templates:save' })).items.map((e) => e.at)).toEqual([1003, 1001]);
      expect((await audit.page({ cursor: null, limit: 10, actorId: 2, channel: 'sync:run' })).items.map((e) => e.at)).toEqual([1002]);
    });

    it('filters by time: at or after from, before to', async () => {
      const { audit } = store();
      for (let i = 1; i <= 5; i++) await audit.add(line(i));
      expect((await audit.page({ cursor: null, limit: 10, from: 1002 })).items.map((e) => e.at)).toEqual([1005, 1004, 1003, 1002]);
      expect((await audit.page({ cursor: null, limit: 10, to: 1003 })).items.map((e) => e.at)).toEqual([1002, 1001]);
      expect((await audit.page({ cursor: null, limit: 10, from: 1002, to: 1004, actorId: 1 })).items.map((e) => e.at)).toEqual([1003, 1002]);
      const first = await audit.page({ cursor: null, limit: 1, from: 1002, to: 1005 });
      expect(first.items.map((e) => e.at)).toEqual([1004]);
      expect((await audit.page({ cursor: first.nextCursor, limit: 10, from: 1002, to: 1005 })).items.map((e) => e.at)).toEqual([1003, 1002]);
    });
  });
}

onSqliteWhenRun(import.meta.url, describeAuditContract);
