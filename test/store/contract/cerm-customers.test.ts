import { describe, expect, it } from 'vitest';
import type { CermCustomerView } from '../../../src-preload/contract';
import { freshStore, onSqliteWhenRun, type StoreFactory, type StoreOf } from './store-under-test';

/** The aggregates this contract uses. */
type Store = StoreOf<'cermCustomers' | 'departments'>;

const cust = (cermId: string, name: string, more: Partial<CermCustomerView> = {}): CermCustomerView => ({
  cermId, number: null, name, costCode: null, email: null, phone: null, street: null, postalCode: null, city: null, country: null, vatNumber: null, ...more,
});

async function names(r: Store, q: string | undefined, limit: number): Promise<string[]> {
  const out: string[] = [];
  let after: { name: string; cermId: string } | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const page = await r.cermCustomers.search({ q, after, limit });
    expect(page.rows.length).toBeLessThanOrEqual(limit);
    out.push(...page.rows.map((c) => c.name));
    after = page.next;
    if (!after) return out;
  }
  throw new Error('paging did not end');
}

/** The mirror of a back-office customer list: downloaded pages judged and stored, pruned, searched by keyset. */
export function describeCermCustomersContract(name: string, factory: StoreFactory<Store>): void {
  describe(`${name} store: back-office customer mirror`, () => {
    const store = freshStore(factory);

    it('says of each downloaded customer whether it is new, changed or the same, in order, and stores the page', async () => {
      const r = store();
      expect(await r.cermCustomers.applyPage([cust('A', 'Acme'), cust('B', 'Bolt', { email: 'b@x.com' })], 1, 10)).toEqual(['created', 'created']);
      expect(await r.cermCustomers.applyPage([cust('B', 'Bolt', { email: 'b@x.com' }), cust('A', 'Acme', { costCode: 'CC-1' }), cust('C', 'Cog')], 2, 20))
        .toEqual(['unchanged', 'updated', 'created']);
      expect(await r.cermCustomers.get('A')).toMatchObject({ name: 'Acme', costCode: 'CC-1', downloadId: 2, updatedAt: 20 });
      // The same customer is not rewritten: it keeps the time of its last change, and still counts as listed.
      expect(await r.cermCustomers.get('B')).toMatchObject({ email: 'b@x.com', updatedAt: 10 });
      expect(await r.cermCustomers.pruneExcept(2)).toBe(0);
      expect(await r.cermCustomers.get('nope')).toBeNull();
      expect(await r.cermCustomers.count()).toBe(3);
      expect(await r.cermCustomers.applyPage([], 3, 30)).toEqual([]);
    });

    it('gives back, as it applies a page, the stored customers it changed as they were before', async () => {
      const r = store();
      await r.cermCustomers.applyPage([cust('A', 'Acme', { email: 'a@x.com' }), cust('B', 'Bolt'), cust('C', 'Cog', { city: 'Ghent' })], 1, 10);
      const page = [cust('A', 'Acme', { email: 'a@x.com' }), cust('B', 'Bolt', { vatNumber: 'BE1' }), cust('C', 'Cog'), cust('N', 'New')];
      const applied = await r.cermCustomers.applyPageWithBefore(page, 2, 20);
      expect(applied.changes).toEqual(['unchanged', 'updated', 'updated', 'created']);
      expect(applied.before.map((c) => [c.cermId, c.vatNumber, c.city]).sort()).toEqual([['B', null, null], ['C', null, 'Ghent']]);
      expect((await r.cermCustomers.get('C'))!.city).toBeNull();
      // An unchanged page reads no stored row back.
      expect(await r.cermCustomers.applyPageWithBefore(page, 3, 30)).toEqual({ changes: ['unchanged', 'unchanged', 'unchanged', 'unchanged'], before: [] });
      expect(await r.cermCustomers.applyPageWithBefore([], 4, 40)).toEqual({ changes: [], before: [] });
    });

    it('judges a customer listed twice in one page against its first listing, and keeps the last', async () => {
      const r = store();
      await r.cermCustomers.applyPage([cust('A', 'Acme')], 1, 10);
      expect(await r.cermCustomers.applyPage([cust('A', 'Acme'), cust('A', 'Acme'), cust('A', 'Acme Ltd'), cust('N', 'New'), cust('N', 'New')], 2, 20))
        .toEqual(['unchanged', 'unchanged', 'updated', 'created', 'unchanged']);
      expect(await r.cermCustomers.get('A')).toMatchObject({ name: 'Acme Ltd', downloadId: 2 });
      expect(await r.cermCustomers.count()).toBe(2);
    });

    it('prunes the customers a complete download no longer lists, keeping those a department links to', async () => {
      const r = store();
      await r.cermCustomers.applyPage([cust('A', 'Acme'), cust('B', 'Bolt'), cust('C', 'Cog')], 1, 10);
      const dept = await r.departments.create('Bolts', null, 0);
      await r.departments.linkCerm(dept, 'B', 0);
      await r.cermCustomers.applyPage([cust('C', 'Cog')], 2, 20);
      expect(await r.cermCustomers.pruneExcept(2)).toBe(1);
      expect(await Promise.all(['A', 'B', 'C'].map(async (id) => (await r.cermCustomers.get(id)) !== null))).toEqual([false, true, true]);
    });

    it('searches name, number, cost code, email and id in any case, taking % and _ literally', async () => {
      const r = store();
      await r.cermCustomers.upsertMany([
        { ...cust('ID-1', 'Northwind'), downloadId: null, updatedAt: 0 },
        { ...cust('ID-2', 'Contoso', { number: 'N-4711' }), downloadId: null, updatedAt: 0 },
        { ...cust('ID-3', 'Fabrikam', { costCode: 'cc_9', email: 'ops@fabrikam.example' }), downloadId: null, updatedAt: 0 },
        { ...cust('ID-4', '100% Print', { costCode: 'cc19' }), downloadId: null, updatedAt: 0 },
      ]);
      expect(await names(r, 'NORTH', 10)).toEqual(['Northwind']);
      expect(await names(r, '4711', 10)).toEqual(['Contoso']);
      expect(await names(r, 'CC_9', 10)).toEqual(['Fabrikam']);
      expect(await names(r, 'fabrikam.EXAMPLE', 10)).toEqual(['Fabrikam']);
      expect(await names(r, 'id-4', 10)).toEqual(['100% Print']);
      expect(await names(r, '%', 10)).toEqual(['100% Print']);
      expect(await names(r, 'nobody', 10)).toEqual([]);
    });

    it('pages by name in any case, then id, every customer once; iterates the same order in chunks', async () => {
      const r = store();
      const list = ['delta', 'Alpha', 'charlie', 'Bravo', 'alpha', 'echo', 'Charlie'].map((n, i) => cust(`K${i}`, n));
      await r.cermCustomers.applyPage(list, 1, 10);
      const expected = ['Alpha', 'alpha', 'Bravo', 'charlie', 'Charlie', 'delta', 'echo'];
      expect(await names(r, undefined, 2)).toEqual(expected);
      expect(await names(r, undefined, 1)).toEqual(expected);
      const seen: string[] = [];
      for await (const c of r.cermCustomers.iterate(3)) seen.push(c.name);
      expect(seen).toEqual(expected);
      const found: string[] = [];
      for await (const c of r.cermCustomers.iterate(1, 'ALPHA')) found.push(c.cermId);
      expect(found).toEqual(['K1', 'K4']);
    });
  });
}

onSqliteWhenRun(import.meta.url, describeCermCustomersContract);
