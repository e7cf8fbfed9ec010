import { describe, expect, it } from 'vitest';
import type { Repositories } from '../../../src-main/store/repositories';
import type { NewCustomer } from '../../../src-main/store/customers-repo';
import { NotFound, UniqueViolation } from '../../../src-main/store/store-errors';
import { freshStore, IDENTITY_CONNECTOR, sqliteStore, type StoreFactory } from './store-under-test';

const person = (email: string, more: Partial<NewCustomer> = {}): NewCustomer => ({ email, firstName: 'Ada', lastName: 'Lovelace', origin: 'staff', ...more });

function ids(r: Repositories, opts: { q?: string; departmentId?: number }, limit: number): number[] {
  const out: number[] = [];
  let after: number | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const page = r.customers.search({ ...opts, after, limit });
    expect(page.rows.length).toBeLessThanOrEqual(limit);
    out.push(...page.rows.map((c) => c.id));
    after = page.next;
    if (after === null) return out;
  }
  throw new Error('paging did not end');
}

/** Customers: email unique in any case, account number unique where set, department, identity, keyset search. */
export function describeCustomersContract(name: string, factory: StoreFactory): void {
  describe(`${name} store: customers`, () => {
    const store = freshStore(factory);

    it('gives back an inserted customer, trimmed, active, with no department and no external identity', () => {
      const { customers } = store();
      const id = customers.insert({ email: '  ada@example.com ', firstName: ' Ada ', lastName: 'Lovelace  ', company: 'Analytical Engines', phone: '+44 1', accountNumber: 'ACC-1', costCode: '  ', origin: 'registration' }, 1_000);
      expect(customers.get(id)).toEqual({
        id, email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace', company: 'Analytical Engines', phone: '+44 1', accountNumber: 'ACC-1',
        costCode: null, departmentId: null, departmentName: null, status: 'active', origin: 'registration', cermId: null, departmentCermId: null,
        createdAt: 1_000, updatedAt: 1_000,
      });
      expect(customers.get(id + 1)).toBeNull();
      expect(customers.count()).toBe(1);
    });

    it('finds a customer by email in any case, around spaces', () => {
      const { customers } = store();
      const id = customers.insert(person('Ada@Example.com', { costCode: ' CC-7 ' }), 0);
      expect(customers.byEmail(' ada@example.COM ')).toMatchObject({ id, email: 'Ada@Example.com', costCode: 'CC-7' });
      expect(customers.byEmail('bob@example.com')).toBeNull();
    });

    it('refuses a second customer with the same email, in any case, with UniqueViolation', () => {
      const { customers } = store();
      customers.insert(person('ada@example.com'), 0);
      expect(() => customers.insert(person('ADA@example.com', { firstName: 'Other' }), 1)).toThrow(UniqueViolation);
      expect(() => customers.insert(person(' ada@example.com'), 1)).toThrow(UniqueViolation);
      expect(customers.count()).toBe(1);
    });

    it('keeps account numbers unique where set: many customers may have none', () => {
      const { customers } = store();
      customers.insert(person('a@x.com', { accountNumber: 'ACC-1' }), 0);
      customers.insert(person('b@x.com'), 0);
      customers.insert(person('c@x.com', { accountNumber: null }), 0);
      expect(() => customers.insert(person('d@x.com', { accountNumber: 'ACC-1' }), 0)).toThrow(UniqueViolation);
      expect(customers.count()).toBe(3);
    });

    it('belongs to a department, moves between them and leaves them; a department that does not exist is NotFound', () => {
      const r = store();
      const sales = r.departments.create('Sales', null, 0);
      const ops = r.departments.create('Operations', null, 0);
      const id = r.customers.insert(person('a@x.com', { departmentId: sales }), 0);
      expect(r.customers.get(id)).toMatchObject({ departmentId: sales, departmentName: 'Sales' });
      r.customers.setDepartment(id, ops, 50);
      expect(r.customers.get(id)).toMatchObject({ departmentId: ops, departmentName: 'Operations', updatedAt: 50, createdAt: 0 });
      r.customers.setDepartment(id, null, 60);
      expect(r.customers.get(id)).toMatchObject({ departmentId: null, departmentName: null, updatedAt: 60 });
      expect(() => r.customers.setDepartment(id, 9_999, 70)).toThrow(NotFound);
      expect(() => r.customers.insert(person('b@x.com', { departmentId: 9_999 }), 0)).toThrow(NotFound);
      expect(r.customers.get(id)!.departmentId).toBeNull();
    });

    it("shows the department's linked back-office customer", () => {
      const r = store();
      const dept = r.departments.create('Print room', null, 0);
      r.departments.linkCerm(dept, 'BO-100', 0);
      const id = r.customers.insert(person('a@x.com', { departmentId: dept }), 0);
      expect(r.customers.get(id)).toMatchObject({ departmentCermId: 'BO-100', cermId: null });
    });

    it('shows the identity connector\'s external id, and lists every customer linked to it', () => {
      const r = store();
      const a = r.customers.insert(person('a@x.com'), 0);
      const b = r.customers.insert(person('b@x.com'), 0);
      const c = r.customers.insert(person('c@x.com'), 0);
      r.externalIds.link('customer', a, IDENTITY_CONNECTOR, 'EXT-A', 0);
      r.externalIds.link('customer', b, 'another-connector', 'OTHER-B', 0);
      r.externalIds.link('department', c, IDENTITY_CONNECTOR, 'DEPT-C', 0);
      expect([a, b, c].map((id) => r.customers.get(id)!.cermId)).toEqual(['EXT-A', null, null]);
      expect(r.customers.byEmail('a@x.com')!.cermId).toBe('EXT-A');
      expect([...r.customers.cermLinks()]).toEqual([['EXT-A', a]]);
    });

    it('pages every customer newest first by keyset', () => {
      const r = store();
      const made = Array.from({ length: 7 }, (_, i) => r.customers.insert(person(`p${i}@x.com`), i));
      expect(ids(r, {}, 3)).toEqual([...made].reverse());
      expect(r.customers.search({ limit: 7 }).next).toBeNull();
      expect(r.customers.search({ limit: 3 }).next).toBe(made[4]);
    });

    it('searches email, full name, company, cost code and account number, in any case', () => {
      const r = store();
      const email = r.customers.insert(person('grace.hopper@navy.example', { firstName: 'Grace', lastName: 'Hopper' }), 0);
      const full = r.customers.insert(person('x1@x.com', { firstName: 'Alan', lastName: 'Turing' }), 0);
      const company = r.customers.insert(person('x2@x.com', { company: 'Bletchley Works' }), 0);
      const cost = r.customers.insert(person('x3@x.com', { costCode: 'DEPT-4711' }), 0);
      const account = r.customers.insert(person('x4@x.com', { accountNumber: 'ACC-9000' }), 0);
      expect(ids(r, { q: 'NAVY' }, 10)).toEqual([email]);
      expect(ids(r, { q: 'alan tur' }, 10)).toEqual([full]);
      expect(ids(r, { q: 'bletchley' }, 10)).toEqual([company]);
      expect(ids(r, { q: '4711' }, 10)).toEqual([cost]);
      expect(ids(r, { q: 'acc-9' }, 10)).toEqual([account]);
      expect(ids(r, { q: 'x.com' }, 2)).toEqual([account, cost, company, full]);
      expect(ids(r, { q: 'nobody' }, 10)).toEqual([]);
    });

    it('takes % and _ in the search text literally', () => {
      const r = store();
      const pct = r.customers.insert(person('a@x.com', { company: '100% Print' }), 0);
      const under = r.customers.insert(person('b@x.com', { costCode: 'A_1' }), 0);
      r.customers.insert(person('c@x.com', { company: '1000 Prints', costCode: 'AB1' }), 0);
      expect(ids(r, { q: '100%' }, 10)).toEqual([pct]);
      expect(ids(r, { q: 'A_1' }, 10)).toEqual([under]);
      expect(ids(r, { q: '%' }, 10)).toEqual([pct]);
    });

    it('limits a search to a department, with text and paging together', () => {
      const r = store();
      const sales = r.departments.create('Sales', null, 0);
      const ops = r.departments.create('Ops', null, 0);
      const s1 = r.customers.insert(person('s1@x.com', { departmentId: sales, company: 'Acme' }), 0);
      r.customers.insert(person('o1@x.com', { departmentId: ops, company: 'Acme' }), 0);
      const s2 = r.customers.insert(person('s2@x.com', { departmentId: sales }), 0);
      const s3 = r.customers.insert(person('s3@x.com', { departmentId: sales, company: 'Acme' }), 0);
      r.customers.insert(person('n@x.com', { company: 'Acme' }), 0);
      expect(ids(r, { departmentId: sales }, 2)).toEqual([s3, s2, s1]);
      expect(ids(r, { departmentId: sales, q: 'acme' }, 1)).toEqual([s3, s1]);
    });
  });
}

describeCustomersContract('SQLite', sqliteStore);
