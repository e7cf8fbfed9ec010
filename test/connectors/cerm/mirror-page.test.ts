import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src-main/store/database';
import { createRepositories, type Repositories } from '../../../src-main/store/repositories';
import type { CermCustomerView } from '../../../src-preload/contract';

const view = (cermId: string, more: Partial<CermCustomerView> = {}): CermCustomerView => ({
  cermId, number: `N${cermId}`, name: `Customer ${cermId}`, costCode: null, email: null, phone: null, street: 'Kerkstraat', postalCode: '9000', city: 'Gent', country: 'BE', vatNumber: null, ...more,
});

describe('CERM customers mirror: a downloaded page at once', () => {
  let dir: string;
  let db: Db;
  let repos: Repositories;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'syncdesk-cerm-mirror-'));
    db = openDatabase(join(dir, 'store.db'));
    repos = createRepositories(db);
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('says new, changed or unchanged per row in order, rewrites only what changed, and counts every row as listed by its download', async () => {
    const first = await repos.transaction(async (tx) => await tx.cermCustomers.applyPage([view('1'), view('2'), view('3', { email: 'x@y.be' })], 7, 100));
    expect(first).toEqual(['created', 'created', 'created']);
    const second = await repos.transaction(async (tx) =>
      await tx.cermCustomers.applyPage([view('3', { email: null }), view('1'), view('4'), view('2', { vatNumber: 'BE0123' })], 8, 200));
    expect(second).toEqual(['updated', 'unchanged', 'created', 'updated']);
    const rows = await Promise.all(['1', '2', '3', '4'].map(async (id) => await repos.cermCustomers.get(id)));
    // The unchanged row is not rewritten: it keeps the download and time of its last change.
    expect(rows.map((r) => [r!.cermId, r!.downloadId, r!.updatedAt])).toEqual([['1', 7, 100], ['2', 8, 200], ['3', 8, 200], ['4', 8, 200]]);
    expect(rows[0]).toEqual({ ...view('1'), downloadId: 7, updatedAt: 100 });
    expect(rows[1]!.vatNumber).toBe('BE0123');
    expect(rows[2]!.email).toBeNull();
    expect(await repos.cermCustomers.applyPage([], 9, 300)).toEqual([]);
    // Every row this download brought counts as listed by it: nothing is pruned.
    expect(await repos.cermCustomers.pruneExcept(8)).toBe(0);
    expect(await repos.cermCustomers.count()).toBe(4);
  });

  it('judges a customer listed twice in one call the second time against the first', async () => {
    await repos.transaction(async (tx) => await tx.cermCustomers.applyPage([view('1')], 1, 100));
    const changes = await repos.transaction(async (tx) =>
      await tx.cermCustomers.applyPage([view('2'), view('1'), view('2'), view('1', { city: 'Brugge' }), view('3'), view('3', { phone: '+32 50' })], 2, 200));
    expect(changes).toEqual(['created', 'unchanged', 'unchanged', 'updated', 'created', 'updated']);
    expect(await repos.cermCustomers.get('1')).toEqual({ ...view('1', { city: 'Brugge' }), downloadId: 2, updatedAt: 200 });
    expect((await repos.cermCustomers.get('3'))!.phone).toBe('+32 50');
  });

  it('leaves the mirror as it was when the page fails inside its transaction', async () => {
    await repos.transaction(async (tx) => await tx.cermCustomers.applyPage([view('1')], 1, 100));
    await expect(repos.transaction(async (tx) => {
      await tx.cermCustomers.applyPage([view('1', { name: 'Renamed' }), view('2')], 2, 200);
      throw new Error('the page failed');
    })).rejects.toThrow('the page failed');
    expect(await repos.cermCustomers.get('1')).toEqual({ ...view('1'), downloadId: 1, updatedAt: 100 });
    expect(await repos.cermCustomers.get('2')).toBeNull();
  });
});
