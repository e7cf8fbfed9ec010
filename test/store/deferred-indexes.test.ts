import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { openDatabase, type Db } from '../../src-main/store/database';
import { createDeferredIndexes } from '../../src-main/store/deferred-indexes';
import { createRepositories } from '../../src-main/store/repositories';
import { tempDir } from '../support/harness';

const MIRROR_INDEXES = ['cerm_customers_cost_code', 'cerm_customers_name'];
const indexesOf = (db: Db) =>
  db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'cerm_customers' AND sql IS NOT NULL ORDER BY name`).pluck().all() as string[];
const sqlOf = (db: Db) => db.prepare(`SELECT sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'cerm_customers' AND sql IS NOT NULL ORDER BY name`).pluck().all();

describe('indexes set aside for a bulk load', () => {
  let dir: string | null = null;
  let db: Db | null = null;
  const open = () => {
    dir ??= tempDir('syncdesk-deferred-');
    return (db = openDatabase(join(dir, 'syncdesk.db')));
  };
  afterEach(() => {
    if (db?.open) db.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    db = dir = null;
  });

  it('drops an empty table\'s secondary indexes with their definitions kept, and builds the same ones again', () => {
    const d = open();
    const before = sqlOf(d);
    const deferred = createDeferredIndexes(d);
    expect(d.transaction(() => deferred.deferIfEmpty('cerm_customers'))()).toBe(true);
    expect(indexesOf(d)).toEqual([]);
    expect(deferred.waiting()).toBe(2);
    expect(deferred.restore()).toBe(2);
    expect(sqlOf(d)).toEqual(before);
    expect(deferred.waiting()).toBe(0);
    expect(deferred.restore()).toBe(0);
  });

  it('keeps the indexes of a table that holds rows', () => {
    const d = open();
    d.prepare(`INSERT INTO cerm_customers (cerm_id, name, updated_at) VALUES ('1', 'Acme', 0)`).run();
    expect(createDeferredIndexes(d).deferIfEmpty('cerm_customers')).toBe(false);
    expect(indexesOf(d)).toEqual(MIRROR_INDEXES);
  });

  it('refuses a table not meant for it', () => {
    expect(() => createDeferredIndexes(open()).deferIfEmpty('customers')).toThrow(/not a table whose indexes may be deferred/);
  });

  it('rolls the drop back with its transaction', () => {
    const d = open();
    expect(() =>
      d.transaction(() => {
        createDeferredIndexes(d).deferIfEmpty('cerm_customers');
        throw new Error('the load failed before its first page');
      })(),
    ).toThrow(/first page/);
    expect(indexesOf(d)).toEqual(MIRROR_INDEXES);
    expect(createDeferredIndexes(d).waiting()).toBe(0);
  });

  it('builds them at the next start when the load never finished', () => {
    const d = open();
    d.transaction(() => createDeferredIndexes(d).deferIfEmpty('cerm_customers'))();
    d.prepare(`INSERT INTO cerm_customers (cerm_id, name, cost_code, updated_at) VALUES ('1', 'Acme', 'CC1', 0)`).run();
    d.close();
    const again = open();
    expect(indexesOf(again)).toEqual(MIRROR_INDEXES);
    expect(createDeferredIndexes(again).waiting()).toBe(0);
  });

  it('builds them on the maintenance thread through the store port, and the mirror repository sets them aside', async () => {
    const d = open();
    const repos = createRepositories(d);
    expect(await repos.transaction(async () => await repos.cermCustomers.beginBulkLoad())).toBe(true);
    await repos.cermCustomers.applyPage([{ cermId: '7', number: null, name: 'Bulk Ltd', costCode: 'CC7', email: null, phone: null, street: null, postalCode: null, city: null, country: null, vatNumber: null }], 1, 0);
    expect(indexesOf(d)).toEqual([]);
    expect(await repos.maintenance.buildDeferredIndexesOffThread()).toBe(2);
    expect(indexesOf(d)).toEqual(MIRROR_INDEXES);
    // A second load finds the mirror holding rows, and keeps them.
    expect(await repos.transaction(async () => await repos.cermCustomers.beginBulkLoad())).toBe(false);
  });

  it('sets the address index aside for a load larger than what the table holds, not for a smaller one', async () => {
    const d = open();
    const repos = createRepositories(d);
    const customer = await repos.customers.insert({ email: 'a@example.test', firstName: 'A', lastName: 'B', company: null, origin: 'registration' }, 0);
    for (let i = 0; i < 3; i++) await repos.addresses.addLocal(customer, { kind: 'delivery', name: null, street: `Street ${i}`, number: null, postalCode: null, city: null, country: null, email: null, phone: null }, 0);
    const addressIndexes = () => d.prepare(`SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'addresses' AND sql IS NOT NULL`).pluck().all();
    // Too small to be worth a schema change, whatever the table holds.
    expect(await repos.transaction(async () => await repos.addresses.beginBulkLoad(1_999))).toBe(false);
    expect(createDeferredIndexes(d).deferIfFewerThan('addresses', 3)).toBe(false);
    expect(addressIndexes()).toEqual(['addresses_customer']);
    expect(await repos.transaction(async () => await repos.addresses.beginBulkLoad(2_000))).toBe(true);
    expect(addressIndexes()).toEqual([]);
    // Meanwhile a customer's addresses are still found (by a scan).
    expect(await repos.addresses.ofCustomer(customer)).toHaveLength(3);
    expect(await repos.maintenance.buildDeferredIndexesOffThread()).toBe(1);
    expect(addressIndexes()).toEqual(['addresses_customer']);
  });
});
