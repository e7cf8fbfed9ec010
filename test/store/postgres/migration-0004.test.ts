// Migration 0004 (cases, References, templates, rules, attachments, updates seen) on a database at 3 that holds data.
import { afterEach, expect, it } from 'vitest';
import { migratePg, pgSchemaVersion } from '../../../src-main/store/postgres/migrate';
import { openPgPool } from '../../../src-main/store/postgres/pool';
import { createPgRepositories } from '../../../src-main/store/postgres/repositories';
import { freshDatabase } from './pg-store';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const done of cleanups.splice(0).reverse()) await done();
});

it("adds the case tables to a database at 3, keeping its customers, and links a case to one of them", async () => {
  const db = await freshDatabase('empty');
  cleanups.push(db.drop);
  const pool = openPgPool(db.url, { max: 2 });
  cleanups.push(async () => await pool.end());
  expect(await migratePg(pool, undefined, 3)).toBe(3);
  const repos = createPgRepositories(pool);
  const person = await repos.customers.insert({ email: 'ada@x.com', firstName: 'Ada', lastName: 'Lovelace', origin: 'staff' }, 10);
  const field = await repos.caseFields.insert({ key: 'site', label: 'Site', kind: 'text', options: [], required: false, position: 0 }, 10);
  expect((await pool.query(`SELECT to_regclass('cases')::text AS t`)).rows[0].t).toBeNull();

  expect(await migratePg(pool)).toBeGreaterThanOrEqual(4);
  expect(await pgSchemaVersion(pool)).toBeGreaterThanOrEqual(4);
  expect(await repos.customers.get(person)).toMatchObject({ email: 'ada@x.com', firstName: 'Ada' });
  expect(await repos.caseFields.get(field)).toMatchObject({ key: 'site' });
  const id = await repos.cases.insert({ title: 'Pothole', description: null, status: 'new', values: { site: 'S-1' }, personId: person, address: null, dueAt: null }, 20);
  expect(await repos.cases.get(id)).toMatchObject({ personId: person, personName: 'Ada Lovelace', values: { site: 'S-1' } });
  const ref = await repos.references.insert('Enquiry number', true, 20);
  await repos.references.set(id, ref, '1001', 20);
  expect(await repos.references.holders('1001')).toEqual([{ referenceId: ref, caseId: id }]);
});
