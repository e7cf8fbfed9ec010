import { describe, expect, it } from 'vitest';
import type { CaseInput } from '../../../src-main/store/cases-repo';
import type { CaseAddress } from '../../../src-preload/contract';
import { NotFound } from '../../../src-main/store/store-errors';
import { freshStore, onSqliteWhenRun, type StoreFactory, type StoreOf } from './store-under-test';

/** The aggregates this contract uses. */
type Store = StoreOf<'customers' | 'cases'>;

const input = (title: string, more: Partial<CaseInput> = {}): CaseInput => ({ title, description: null, status: 'new', values: {}, personId: null, address: null, dueAt: null, ...more });
const ADDRESS: CaseAddress = { name: 'Depot', street: 'Mill Lane', number: '4', postalCode: 'AB1 2CD', city: 'Leeds', country: 'UK', x: 430_000.5, y: 433_000, siteCode: 'S-9', centralAssetId: null };

async function pageIds(r: Store, q: string | undefined, limit: number): Promise<number[]> {
  const out: number[] = [];
  let after: number | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const page = await r.cases.page({ q, after, limit });
    expect(page.rows.length).toBeLessThanOrEqual(limit);
    out.push(...page.rows.map((c) => c.id));
    after = page.next;
    if (after === null) return out;
  }
  throw new Error('paging did not end');
}

/** Cases: their fields, linked person and address, when they closed, and keyset pages newest first. */
export function describeCasesContract(name: string, factory: StoreFactory<Store>): void {
  describe(`${name} store: cases`, () => {
    const store = freshStore(factory);

    it('gives back an inserted case with its values, address and linked person by name', async () => {
      const r = store();
      const person = await r.customers.insert({ email: 'a@x.com', firstName: 'Ada', lastName: 'Lovelace', origin: 'staff' }, 0);
      const values = { site: 'S-9', depth: 12.5, note: null };
      const id = await r.cases.insert(input('Pothole', { description: 'Deep one', status: 'open', values, personId: person, address: ADDRESS, dueAt: 9_000 }), 1_000);
      expect(await r.cases.get(id)).toEqual({
        id, title: 'Pothole', description: 'Deep one', status: 'open', values, personId: person, personName: 'Ada Lovelace', address: ADDRESS,
        dueAt: 9_000, closedAt: null, createdAt: 1_000, updatedAt: 1_000,
      });
      expect(await r.cases.get(id + 1)).toBeNull();
    });

    it('keeps times to the millisecond and values as written: key order, numbers and text', async () => {
      const r = store();
      const at = Date.UTC(2026, 11, 1, 23, 30, 15, 123);
      const values = { zeta: 'Ünïcode ✓', alpha: 0.1, big: 9_007_199_254_740_991, neg: -12.75, empty: '' };
      const id = await r.cases.insert(input('x', { values, status: 'closed', dueAt: at + 86_400_001 }), at);
      const got = (await r.cases.get(id))!;
      expect(got).toMatchObject({ createdAt: at, updatedAt: at, closedAt: at, dueAt: at + 86_400_001, values });
      expect(Object.keys(got.values)).toEqual(['zeta', 'alpha', 'big', 'neg', 'empty']);
    });

    it('names a linked person by whatever of their names is set', async () => {
      const r = store();
      const person = await r.customers.insert({ email: 'a@x.com', firstName: 'Ada', lastName: '', origin: 'staff' }, 0);
      expect((await r.cases.get(await r.cases.insert(input('x', { personId: person }), 0)))!.personName).toBe('Ada');
      expect((await r.cases.get(await r.cases.insert(input('y'), 0)))!.personName).toBeNull();
    });

    it('refuses a case linked to a person who does not exist with NotFound', async () => {
      const r = store();
      await expect(r.cases.insert(input('x', { personId: 999 }), 0)).rejects.toThrow(NotFound);
      const id = await r.cases.insert(input('y'), 0);
      await expect(r.cases.update(id, input('y', { personId: 999 }), 1)).rejects.toThrow(NotFound);
      expect((await r.cases.get(id))!.personId).toBeNull();
    });

    it('unlinks the person from their cases when the customer is deleted, keeping the cases', async () => {
      const r = store();
      const person = await r.customers.insert({ email: 'a@x.com', firstName: 'Ada', lastName: 'L', origin: 'staff' }, 0);
      const id = await r.cases.insert(input('x', { personId: person }), 0);
      expect(await r.customers.delete(person)).toBe(true);
      expect(await r.cases.get(id)).toMatchObject({ title: 'x', personId: null, personName: null });
    });

    it('is closed from the moment it is resolved or closed, and open again when reopened', async () => {
      const r = store();
      expect((await r.cases.get(await r.cases.insert(input('a', { status: 'resolved' }), 100)))!.closedAt).toBe(100);
      const id = await r.cases.insert(input('b', { status: 'in_progress' }), 100);
      expect(await r.cases.update(id, input('b', { status: 'closed' }), 200)).toBe(true);
      expect(await r.cases.get(id)).toMatchObject({ status: 'closed', closedAt: 200, updatedAt: 200, createdAt: 100 });
      await r.cases.update(id, input('b2', { status: 'resolved' }), 300);
      expect(await r.cases.get(id)).toMatchObject({ title: 'b2', status: 'resolved', closedAt: 200, updatedAt: 300 });
      await r.cases.update(id, input('b2', { status: 'on_hold' }), 400);
      expect(await r.cases.get(id)).toMatchObject({ status: 'on_hold', closedAt: null });
      expect(await r.cases.update(id + 100, input('ghost'), 500)).toBe(false);
    });

    it('replaces every field on update, clearing what the update leaves out', async () => {
      const r = store();
      const person = await r.customers.insert({ email: 'a@x.com', firstName: 'Ada', lastName: 'L', origin: 'staff' }, 0);
      const id = await r.cases.insert(input('a', { description: 'd', values: { a: 1, b: 'x' }, personId: person, address: ADDRESS, dueAt: 5 }), 0);
      await r.cases.update(id, input('A', { values: { b: 'y' } }), 10);
      expect(await r.cases.get(id)).toEqual({
        id, title: 'A', description: null, status: 'new', values: { b: 'y' }, personId: null, personName: null, address: null, dueAt: null, closedAt: null, createdAt: 0, updatedAt: 10,
      });
    });

    it('takes only the status and values from an incoming update, keeping the rest', async () => {
      const r = store();
      const id = await r.cases.insert(input('Pothole', { description: 'Deep', values: { a: 1 }, address: ADDRESS, dueAt: 5 }), 0);
      expect(await r.cases.applyIncoming(id, 'closed', { a: 2, b: 'done' }, 50)).toBe(true);
      expect(await r.cases.get(id)).toMatchObject({ title: 'Pothole', description: 'Deep', address: ADDRESS, dueAt: 5, status: 'closed', values: { a: 2, b: 'done' }, closedAt: 50, updatedAt: 50 });
      await r.cases.applyIncoming(id, 'closed', { a: 3 }, 60);
      expect(await r.cases.get(id)).toMatchObject({ closedAt: 50, values: { a: 3 } });
      await r.cases.applyIncoming(id, 'open', {}, 70);
      expect(await r.cases.get(id)).toMatchObject({ status: 'open', closedAt: null, values: {} });
      expect(await r.cases.applyIncoming(id + 100, 'open', {}, 80)).toBe(false);
    });

    it('pages every case newest first by keyset', async () => {
      const r = store();
      const ids: number[] = [];
      for (let i = 0; i < 7; i++) ids.push(await r.cases.insert(input(`case ${i}`), i));
      expect(await pageIds(r, undefined, 3)).toEqual([...ids].reverse());
      expect((await r.cases.page({ after: null, limit: 3 })).next).toBe(ids[4]);
      expect((await r.cases.page({ after: null, limit: 7 })).next).toBeNull();
      expect((await r.cases.page({ after: ids[2]!, limit: 10 })).rows.map((c) => c.id)).toEqual([ids[1], ids[0]]);
    });

    it('searches title and description in any case, taking % and _ literally, and pages the results', async () => {
      const r = store();
      const title = await r.cases.insert(input('Pothole on Mill Lane'), 0);
      const desc = await r.cases.insert(input('Streetlight', { description: 'near the MILL' }), 0);
      await r.cases.insert(input('Graffiti', { description: 'bridge' }), 0);
      const pct = await r.cases.insert(input('Budget 100% used'), 0);
      const under = await r.cases.insert(input('Ref A_1'), 0);
      await r.cases.insert(input('Ref AB1 and 1000 things'), 0);
      expect(await pageIds(r, 'mill', 1)).toEqual([desc, title]);
      expect(await pageIds(r, '100%', 10)).toEqual([pct]);
      expect(await pageIds(r, 'A_1', 10)).toEqual([under]);
      expect(await pageIds(r, 'nothing', 10)).toEqual([]);
      expect(await pageIds(r, 'POTHOLE ON mill', 10)).toEqual([title]);
      const slash = await r.cases.insert(input('Photo', { description: 'saved in C:\\cases\\x' }), 0);
      expect(await pageIds(r, 'c:\\CASES\\', 10)).toEqual([slash]);
      expect(await pageIds(r, 'c:\\\\', 10)).toEqual([]);
    });

    it('folds ASCII letters only when searching (as SQLite\'s LIKE): other letters match as written', async () => {
      const r = store();
      const upper = await r.cases.insert(input('École Street'), 0);
      const lower = await r.cases.insert(input('Near the école'), 0);
      expect(await pageIds(r, 'école', 10)).toEqual([lower]);
      expect(await pageIds(r, 'ÉCOLE', 10)).toEqual([upper]);
      expect(await pageIds(r, 'cole', 10)).toEqual([lower, upper]);
    });
  });
}

onSqliteWhenRun(import.meta.url, describeCasesContract);
