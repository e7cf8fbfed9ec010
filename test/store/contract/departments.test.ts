import { describe, expect, it } from 'vitest';
import { UniqueViolation } from '../../../src-main/store/store-errors';
import { freshStore, onSqliteWhenRun, type StoreFactory, type StoreOf } from './store-under-test';

/** The aggregates this contract uses. */
type Store = StoreOf<'departments' | 'customers' | 'cermCustomers'>;

/**
 * A back-office customer with a cost code, for the cost-code lookup. The mirror of that list is connector-owned
 * (cermCustomers): when it moves into its connector's folder, this is the one place here to follow it.
 */
async function backOfficeCustomer(r: Store, id: string, name: string, costCode: string | null): Promise<void> {
  await r.cermCustomers.upsertMany([
    { cermId: id, number: null, name, costCode, email: null, phone: null, street: null, postalCode: null, city: null, country: null, vatNumber: null, downloadId: null, updatedAt: 0 },
  ]);
}

/** Departments: name unique in any case, members, a link to a back-office customer, lookups by its cost code. */
export function describeDepartmentsContract(name: string, factory: StoreFactory<Store>): void {
  describe(`${name} store: departments`, () => {
    const store = freshStore(factory);

    it('gives back a created department, its name trimmed, with no members and no link', async () => {
      const { departments } = store();
      const id = await departments.create('  Print room ', 'Large format', 1_000);
      expect(await departments.get(id)).toEqual({
        id, name: 'Print room', description: 'Large format', cermCustomerId: null, cermCustomerName: null, cermCostCode: null, members: 0, createdAt: 1_000, updatedAt: 1_000,
      });
      expect(await departments.get(id + 1)).toBeNull();
    });

    it('lists departments by name, whatever the case', async () => {
      const { departments } = store();
      for (const n of ['sales', 'Archive', 'Operations', 'billing']) await departments.create(n, null, 0);
      expect((await departments.list()).map((d) => d.name)).toEqual(['Archive', 'billing', 'Operations', 'sales']);
    });

    it('refuses a second department of the same name, in any case, on create and on rename, with UniqueViolation', async () => {
      const { departments } = store();
      await departments.create('Sales', null, 0);
      const ops = await departments.create('Operations', null, 0);
      await expect(departments.create('SALES', null, 1)).rejects.toThrow(UniqueViolation);
      await expect(departments.create(' Sales ', null, 1)).rejects.toThrow(UniqueViolation);
      await expect(departments.update(ops, 'sales', null, 1)).rejects.toThrow(UniqueViolation);
      expect((await departments.list()).map((d) => d.name)).toEqual(['Operations', 'Sales']);
    });

    it('renames and redescribes a department, trimmed; a department that does not exist is not updated', async () => {
      const { departments } = store();
      const id = await departments.create('Ops', null, 0);
      expect(await departments.update(id, ' Operations ', 'Night shift', 50)).toBe(true);
      expect(await departments.get(id)).toMatchObject({ name: 'Operations', description: 'Night shift', createdAt: 0, updatedAt: 50 });
      expect(await departments.update(id, 'Operations', 'Same name, own department', 60)).toBe(true);
      expect(await departments.update(id + 100, 'Ghost', null, 60)).toBe(false);
    });

    it('counts its members', async () => {
      const r = store();
      const sales = await r.departments.create('Sales', null, 0);
      const ops = await r.departments.create('Ops', null, 0);
      for (const e of ['a', 'b', 'c']) await r.customers.insert({ email: `${e}@x.com`, firstName: e, lastName: e, departmentId: sales, origin: 'staff' }, 0);
      const moved = await r.customers.insert({ email: 'd@x.com', firstName: 'd', lastName: 'd', departmentId: sales, origin: 'staff' }, 0);
      await r.customers.setDepartment(moved, ops, 1);
      expect((await r.departments.list()).map((d) => [d.name, d.members])).toEqual([['Ops', 1], ['Sales', 3]]);
      expect((await r.departments.get(sales))!.members).toBe(3);
    });

    it('links to a back-office customer, showing its name and cost code, and unlinks', async () => {
      const r = store();
      await backOfficeCustomer(r, 'BO-1', 'Acme Printing', 'CC-1');
      const id = await r.departments.create('Sales', null, 0);
      expect(await r.departments.linkCerm(id, 'BO-1', 10)).toBe(true);
      expect(await r.departments.get(id)).toMatchObject({ cermCustomerId: 'BO-1', cermCustomerName: 'Acme Printing', cermCostCode: 'CC-1', updatedAt: 10 });
      expect(await r.departments.linkCerm(id, null, 20)).toBe(true);
      expect(await r.departments.get(id)).toMatchObject({ cermCustomerId: null, cermCustomerName: null, cermCostCode: null, updatedAt: 20 });
      expect(await r.departments.linkCerm(id + 100, 'BO-1', 30)).toBe(false);
    });

    it('links a back-office customer to one department at most: a second link is a UniqueViolation', async () => {
      const r = store();
      const a = await r.departments.create('A', null, 0);
      const b = await r.departments.create('B', null, 0);
      await r.departments.linkCerm(a, 'BO-1', 0);
      await expect(r.departments.linkCerm(b, 'BO-1', 0)).rejects.toThrow(UniqueViolation);
      expect((await r.departments.get(b))!.cermCustomerId).toBeNull();
    });

    it('finds the linked departments whose back-office customer has a cost code, in any case, around spaces', async () => {
      const r = store();
      await backOfficeCustomer(r, 'BO-1', 'Acme', 'CC-1');
      await backOfficeCustomer(r, 'BO-2', 'Acme North', 'cc-1');
      await backOfficeCustomer(r, 'BO-3', 'Unlinked', 'CC-1');
      await backOfficeCustomer(r, 'BO-4', 'Other', 'CC-2');
      const a = await r.departments.create('Acme', null, 0);
      const b = await r.departments.create('Acme North', null, 0);
      const c = await r.departments.create('Other', null, 0);
      await r.departments.linkCerm(b, 'BO-2', 0);
      await r.departments.linkCerm(a, 'BO-1', 0);
      await r.departments.linkCerm(c, 'BO-4', 0);
      expect(await r.departments.forCostCode(' Cc-1 ')).toEqual([
        { id: a, name: 'Acme', cermId: 'BO-1' },
        { id: b, name: 'Acme North', cermId: 'BO-2' },
      ]);
      expect(await r.departments.forCostCode('CC-9')).toEqual([]);
    });
  });
}

onSqliteWhenRun(import.meta.url, describeDepartmentsContract);
