import { describe, expect, it } from 'vitest';
import type { Repositories } from '../../../src-main/store/repositories';
import type { CaseInput } from '../../../src-main/store/cases-repo';
import type { CaseAddress } from '../../../src-preload/contract';
import { NotFound } from '../../../src-main/store/store-errors';
import { freshStore, sqliteStore, type StoreFactory } from './store-under-test';

const input = (title: string, more: Partial<CaseInput> = {}): CaseInput => ({ title, description: null, status: 'new', values: {}, personId: null, address: null, dueAt: null, ...more });
const ADDRESS: CaseAddress = { name: 'Depot', street: 'Mill Lane', number: '4', postalCode: 'AB1 2CD', city: 'Leeds', country: 'UK', x: 430_000.5, y: 433_000, siteCode: 'S-9', centralAssetId: null };

function pageIds(r: Repositories, q: string | undefined, limit: number): number[] {
  const out: number[] = [];
  let after: number | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const page = r.cases.page({ q, after, limit });
    expect(page.rows.length).toBeLessThanOrEqual(limit);
    out.push(...page.rows.map((c) => c.id));
    after = page.next;
    if (after === null) return out;
  }
  throw new Error('paging did not end');
}

/** Cases: their fields, linked person and address, when they closed, and keyset pages newest first. */
export function describeCasesContract(name: string, factory: StoreFactory): void {
  describe(`${name} store: cases`, () => {
    const store = freshStore(factory);

    it('gives back an inserted case with its values, address and linked person by name', () => {
      const r = store();
      const person = r.customers.insert({ email: 'a@x.com', firstName: 'Ada', lastName: 'Lovelace', origin: 'staff' }, 0);
      const values = { site: 'S-9', depth: 12.5, note: null };
      const id = r.cases.insert(input('Pothole', { description: 'Deep one', status: 'open', values, personId: person, address: ADDRESS, dueAt: 9_000 }), 1_000);
      expect(r.cases.get(id)).toEqual({
        id, title: 'Pothole', description: 'Deep one', status: 'open', values, personId: person, personName: 'Ada Lovelace', address: ADDRESS,
        dueAt: 9_000, closedAt: null, createdAt: 1_000, updatedAt: 1_000,
      });
      expect(r.cases.get(id + 1)).toBeNull();
    });

    it('names a linked person by whatever of their names is set', () => {
      const r = store();
      const person = r.customers.insert({ email: 'a@x.com', firstName: 'Ada', lastName: '', origin: 'staff' }, 0);
      expect(r.cases.get(r.cases.insert(input('x', { personId: person }), 0))!.personName).toBe('Ada');
      expect(r.cases.get(r.cases.insert(input('y'), 0))!.personName).toBeNull();
    });

    it('refuses a case linked to a person who does not exist with NotFound', () => {
      const r = store();
      expect(() => r.cases.insert(input('x', { personId: 999 }), 0)).toThrow(NotFound);
      const id = r.cases.insert(input('y'), 0);
      expect(() => r.cases.update(id, input('y', { personId: 999 }), 1)).toThrow(NotFound);
      expect(r.cases.get(id)!.personId).toBeNull();
    });

    it('is closed from the moment it is resolved or closed, and open again when reopened', () => {
      const r = store();
      expect(r.cases.get(r.cases.insert(input('a', { status: 'resolved' }), 100))!.closedAt).toBe(100);
      const id = r.cases.insert(input('b', { status: 'in_progress' }), 100);
      expect(r.cases.update(id, input('b', { status: 'closed' }), 200)).toBe(true);
      expect(r.cases.get(id)).toMatchObject({ status: 'closed', closedAt: 200, updatedAt: 200, createdAt: 100 });
      r.cases.update(id, input('b2', { status: 'resolved' }), 300);
      expect(r.cases.get(id)).toMatchObject({ title: 'b2', status: 'resolved', closedAt: 200, updatedAt: 300 });
      r.cases.update(id, input('b2', { status: 'on_hold' }), 400);
      expect(r.cases.get(id)).toMatchObject({ status: 'on_hold', closedAt: null });
      expect(r.cases.update(id + 100, input('ghost'), 500)).toBe(false);
    });

    it('replaces every field on update, clearing what the update leaves out', () => {
      const r = store();
      const person = r.customers.insert({ email: 'a@x.com', firstName: 'Ada', lastName: 'L', origin: 'staff' }, 0);
      const id = r.cases.insert(input('a', { description: 'd', values: { a: 1, b: 'x' }, personId: person, address: ADDRESS, dueAt: 5 }), 0);
      r.cases.update(id, input('A', { values: { b: 'y' } }), 10);
      expect(r.cases.get(id)).toEqual({
        id, title: 'A', description: null, status: 'new', values: { b: 'y' }, personId: null, personName: null, address: null, dueAt: null, closedAt: null, createdAt: 0, updatedAt: 10,
      });
    });

    it('takes only the status and values from an incoming update, keeping the rest', () => {
      const r = store();
      const id = r.cases.insert(input('Pothole', { description: 'Deep', values: { a: 1 }, address: ADDRESS, dueAt: 5 }), 0);
      expect(r.cases.applyIncoming(id, 'closed', { a: 2, b: 'done' }, 50)).toBe(true);
      expect(r.cases.get(id)).toMatchObject({ title: 'Pothole', description: 'Deep', address: ADDRESS, dueAt: 5, status: 'closed', values: { a: 2, b: 'done' }, closedAt: 50, updatedAt: 50 });
      r.cases.applyIncoming(id, 'closed', { a: 3 }, 60);
      expect(r.cases.get(id)).toMatchObject({ closedAt: 50, values: { a: 3 } });
      r.cases.applyIncoming(id, 'open', {}, 70);
      expect(r.cases.get(id)).toMatchObject({ status: 'open', closedAt: null, values: {} });
      expect(r.cases.applyIncoming(id + 100, 'open', {}, 80)).toBe(false);
    });

    it('pages every case newest first by keyset', () => {
      const r = store();
      const ids = Array.from({ length: 7 }, (_, i) => r.cases.insert(input(`case ${i}`), i));
      expect(pageIds(r, undefined, 3)).toEqual([...ids].reverse());
      expect(r.cases.page({ after: null, limit: 3 }).next).toBe(ids[4]);
      expect(r.cases.page({ after: null, limit: 7 }).next).toBeNull();
      expect(r.cases.page({ after: ids[2]!, limit: 10 }).rows.map((c) => c.id)).toEqual([ids[1], ids[0]]);
    });

    it('searches title and description in any case, taking % and _ literally, and pages the results', () => {
      const r = store();
      const title = r.cases.insert(input('Pothole on Mill Lane'), 0);
      const desc = r.cases.insert(input('Streetlight', { description: 'near the MILL' }), 0);
      r.cases.insert(input('Graffiti', { description: 'bridge' }), 0);
      const pct = r.cases.insert(input('Budget 100% used'), 0);
      const under = r.cases.insert(input('Ref A_1'), 0);
      r.cases.insert(input('Ref AB1 and 1000 things'), 0);
      expect(pageIds(r, 'mill', 1)).toEqual([desc, title]);
      expect(pageIds(r, '100%', 10)).toEqual([pct]);
      expect(pageIds(r, 'A_1', 10)).toEqual([under]);
      expect(pageIds(r, 'nothing', 10)).toEqual([]);
    });
  });
}

describeCasesContract('SQLite', sqliteStore);
