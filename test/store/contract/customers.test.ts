import { describe, expect, it } from 'vitest';
import type { NewCustomer } from '../../../src-main/store/customers-repo';
import { NotFound, UniqueViolation } from '../../../src-main/store/store-errors';
import { freshStore, IDENTITY_CONNECTOR, onSqliteWhenRun, type StoreFactory, type StoreOf } from './store-under-test';

/** The aggregates this contract uses. */
type Store = StoreOf<'customers' | 'departments' | 'externalIds'>;

const person = (email: string, more: Partial<NewCustomer> = {}): NewCustomer => ({ email, firstName: 'Ada', lastName: 'Lovelace', origin: 'staff', ...more });

async function ids(r: Store, opts: { q?: string; departmentId?: number }, limit: number): Promise<number[]> {
  const out: number[] = [];
  let after: number | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const page = await r.customers.search({ ...opts, after, limit });
    expect(page.rows.length).toBeLessThanOrEqual(limit);
    out.push(...page.rows.map((c) => c.id));
    after = page.next;
    if (after === null) return out;
  }
  throw new Error('paging did not end');
}

/** Customers: email unique in any case, account number unique where set, department, identity, keyset search. */
export function describeCustomersContract(name: string, factory: StoreFactory<Store>): void {
  describe(`${name} store: customers`, () => {
    const store = freshStore(factory);

    it('gives back an inserted customer, trimmed, active, with no department and no external identity', async () => {
      const { customers } = store();
      const id = await customers.insert({ email: '  ada@example.com ', firstName: ' Ada ', lastName: 'Lovelace  ', company: 'Analytical Engines', phone: '+44 1', accountNumber: 'ACC-1', costCode: '  ', origin: 'registration' }, 1_000);
      expect(await customers.get(id)).toEqual({
        id, email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace', company: 'Analytical Engines', phone: '+44 1', accountNumber: 'ACC-1',
        costCode: null, departmentId: null, departmentName: null, status: 'active', origin: 'registration', cermId: null, departmentCermId: null,
        createdAt: 1_000, updatedAt: 1_000,
      });
      expect(await customers.get(id + 1)).toBeNull();
      expect(await customers.count()).toBe(1);
    });

    it('finds a customer by email in any case, around spaces', async () => {
      const { customers } = store();
      const id = await customers.insert(person('Ada@Example.com', { costCode: ' CC-7 ' }), 0);
      expect(await customers.byEmail(' ada@example.COM ')).toMatchObject({ id, email: 'Ada@Example.com', costCode: 'CC-7' });
      expect(await customers.byEmail('bob@example.com')).toBeNull();
    });

    it('refuses a second customer with the same email, in any case, with UniqueViolation', async () => {
      const { customers } = store();
      await customers.insert(person('ada@example.com'), 0);
      await expect(customers.insert(person('ADA@example.com', { firstName: 'Other' }), 1)).rejects.toThrow(UniqueViolation);
      await expect(customers.insert(person(' ada@example.com'), 1)).rejects.toThrow(UniqueViolation);
      expect(await customers.count()).toBe(1);
    });

    it('keeps account numbers unique where set: many customers may have none', async () => {
      const { customers } = store();
      await customers.insert(person('a@x.com', { accountNumber: 'ACC-1' }), 0);
      await customers.insert(person('b@x.com'), 0);
      await customers.insert(person('c@x.com', { accountNumber: null }), 0);
      await expect(customers.insert(person('d@x.com', { accountNumber: 'ACC-1' }), 0)).rejects.toThrow(UniqueViolation);
      expect(await customers.count()).toBe(3);
    });

    it('belongs to a department, moves between them and leaves them; a department that does not exist is NotFound', async () => {
      const r = store();
      const sales = await r.departments.create('Sales', null, 0);
      const ops = await r.departments.create('Operations', null, 0);
      const id = await r.customers.insert(person('a@x.com', { departmentId: sales }), 0);
      expect(await r.customers.get(id)).toMatchObject({ departmentId: sales, departmentName: 'Sales' });
      await r.customers.setDepartment(id, ops, 50);
      expect(await r.customers.get(id)).toMatchObject({ departmentId: ops, departmentName: 'Operations', updatedAt: 50, createdAt: 0 });
      await r.customers.setDepartment(id, null, 60);
      expect(await r.customers.get(id)).toMatchObject({ departmentId: null, departmentName: null, updatedAt: 60 });
      await expect(r.customers.setDepartment(id, 9_999, 70)).rejects.toThrow(NotFound);
      await expect(r.customers.insert(person('b@x.com', { departmentId: 9_999 }), 0)).rejects.toThrow(NotFound);
      expect((await r.customers.get(id))!.departmentId).toBeNull();
    });

    it("shows the department's linked back-office customer", async () => {
      const r = store();
      const dept = await r.departments.create('Print room', null, 0);
      await r.departments.linkCerm(dept, 'BO-100', 0);
      const id = await r.customers.insert(person('a@x.com', { departmentId: dept }), 0);
      expect(await r.customers.get(id)).toMatchObject({ departmentCermId: 'BO-100', cermId: null });
    });

    it('shows the identity connector\'s external id, and lists every customer linked to it', async () => {
      const r = store();
      const a = await r.customers.insert(person('a@x.com'), 0);
      const b = await r.customers.insert(person('b@x.com'), 0);
      const c = await r.customers.insert(person('c@x.com'), 0);
      await r.externalIds.link('customer', a, IDENTITY_CONNECTOR, 'EXT-A', 0);
      await r.externalIds.link('customer', b, 'another-connector', 'OTHER-B', 0);
      await r.externalIds.link('department', c, IDENTITY_CONNECTOR, 'DEPT-C', 0);
      expect(await Promise.all([a, b, c].map(async (id) => (await r.customers.get(id))!.cermId))).toEqual(['EXT-A', null, null]);
      expect((await r.customers.byEmail('a@x.com'))!.cermId).toBe('EXT-A');
      expect([...await r.customers.cermLinks()]).toEqual([['EXT-A', a]]);
    });

    it('pages the identity connector\'s links by external id in byte order, after a given one', async () => {
      const r = store();
      const ids = ['b-2', 'B-1', 'a-9', 'c-0'];
      const made = new Map<string, number>();
      for (const [i, ext] of ids.entries()) {
        const id = await r.customers.insert(person(`p${i}@x.com`), 0);
        await r.externalIds.link('customer', id, IDENTITY_CONNECTOR, ext, 0);
        made.set(ext, id);
      }
      const other = await r.customers.insert(person('other@x.com'), 0);
      await r.externalIds.link('customer', other, 'another-connector', 'a-0', 0);
      expect(await r.customers.cermLinksAfter('', 2)).toEqual([['B-1', made.get('B-1')], ['a-9', made.get('a-9')]]);
      expect(await r.customers.cermLinksAfter('a-9', 2)).toEqual([['b-2', made.get('b-2')], ['c-0', made.get('c-0')]]);
      expect(await r.customers.cermLinksAfter('c-0', 2)).toEqual([]);
    });

    it('pages every customer newest first by keyset', async () => {
      const r = store();
      const made: number[] = [];
      for (let i = 0; i < 7; i++) made.push(await r.customers.insert(person(`p${i}@x.com`), i));
      expect(await ids(r, {}, 3)).toEqual([...made].reverse());
      expect((await r.customers.search({ limit: 7 })).next).toBeNull();
      expect((await r.customers.search({ limit: 3 })).next).toBe(made[4]);
    });

    it('searches email, full name, company, cost code and account number, in any case', async () => {
      const r = store();
      const email = await r.customers.insert(person('grace.hopper@navy.example', { firstName: 'Grace', lastName: 'Hopper' }), 0);
      const full = await r.customers.insert(person('x1@x.com', { firstName: 'Alan', lastName: 'Turing' }), 0);
      const company = await r.customers.insert(person('x2@x.com', { company: 'Bletchley Works' }), 0);
      const cost = await r.customers.insert(person('x3@x.com', { costCode: 'DEPT-4711' }), 0);
      const account = await r.customers.insert(person('x4@x.com', { accountNumber: 'ACC-9000' }), 0);
      expect(await ids(r, { q: 'NAVY' }, 10)).toEqual([email]);
      expect(await ids(r, { q: 'alan tur' }, 10)).toEqual([full]);
      expect(await ids(r, { q: 'bletchley' }, 10)).toEqual([company]);
      expect(await ids(r, { q: '4711' }, 10)).toEqual([cost]);
      expect(await ids(r, { q: 'acc-9' }, 10)).toEqual([account]);
      expect(await ids(r, { q: 'x.com' }, 2)).toEqual([account, cost, company, full]);
      expect(await ids(r, { q: 'nobody' }, 10)).toEqual([]);
    });

    it('takes % and _ in the search text literally', async () => {
      const r = store();
      const pct = await r.customers.insert(person('a@x.com', { company: '100% Print' }), 0);
      const under = await r.customers.insert(person('b@x.com', { costCode: 'A_1' }), 0);
      await r.customers.insert(person('c@x.com', { company: '1000 Prints', costCode: 'AB1' }), 0);
      expect(await ids(r, { q: '100%' }, 10)).toEqual([pct]);
      expect(await ids(r, { q: 'A_1' }, 10)).toEqual([under]);
      expect(await ids(r, { q: '%' }, 10)).toEqual([pct]);
    });

    it('limits a search to a department, with text and paging together', async () => {
      const r = store();
      const sales = await r.departments.create('Sales', null, 0);
      const ops = await r.departments.create('Ops', null, 0);
      const s1 = await r.customers.insert(person('s1@x.com', { departmentId: sales, company: 'Acme' }), 0);
      await r.customers.insert(person('o1@x.com', { departmentId: ops, company: 'Acme' }), 0);
      const s2 = await r.customers.insert(person('s2@x.com', { departmentId: sales }), 0);
      const s3 = await r.customers.insert(person('s3@x.com', { departmentId: sales, company: 'Acme' }), 0);
      await r.customers.insert(person('n@x.com', { company: 'Acme' }), 0);
      expect(await ids(r, { departmentId: sales }, 2)).toEqual([s3, s2, s1]);
      expect(await ids(r, { departmentId: sales, q: 'acme' }, 1)).toEqual([s3, s1]);
    });

    it('never gives a deleted customer\'s id to the next one, and deletes what is theirs with them', async () => {
      const r = store();
      const a = await r.customers.insert(person('first@x.com'), 0);
      const b = await r.customers.insert(person('newest@x.com'), 0);
      await r.externalIds.link('customer', b, 'crm', 'EXT-B', 0);
      expect(await r.customers.delete(b)).toBe(true);
      expect(await r.customers.delete(b)).toBe(false);
      expect(await r.externalIds.of('customer', b)).toEqual({});
      const c = await r.customers.insert(person('next@x.com'), 0);
      expect(c).toBeGreaterThan(b);
      expect((await r.customers.get(a))!.email).toBe('first@x.com');
      expect(await r.customers.get(b)).toBeNull();
    });
  });
}

onSqliteWhenRun(import.meta.url, describeCustomersContract);
