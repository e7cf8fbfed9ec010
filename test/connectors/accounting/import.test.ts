import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { startAccountingCore, type AccountingCore } from './accounting-core';
import { FLAG_FIELD } from '../../../src-main/connectors/accounting/sandbox-data';
import { whenRunAlone, type CoreStore } from '../../support/core-store';

const flagged = { [FLAG_FIELD]: true };
const contact = (first: string, last: string, email: string | null) => ({ firstName: first, lastName: last, email });

/** The accounting import, on the store given (both run it: test/store/postgres/connectors-matrix.test.ts). */
export function describeAccountingImport(store: CoreStore): void {
  describe(`accounting import (${store.name})`, () => {
    let h: AccountingCore | null = null;
    const start = async (opts: Parameters<typeof startAccountingCore>[0] = {}) => await startAccountingCore({ ...opts, store });
    afterEach(async () => {
      await h?.close();
      h = null;
    });

    it('imports each flagged customer once, with its first contact as the login, and skips duplicates with the reason', async () => {
      h = await start();
      const staff = await h.repos.customers.insert({ email: 'taken@example.test', firstName: 'Staff', lastName: 'Made', accountNumber: 'HAND-1', origin: 'staff' }, Date.now());
      const [ok, noContact, noEmail, emailTaken, numberTaken, notFlagged] = h.sandbox.addCustomers([
        { name: 'Acme Print', customFields: flagged, contacts: [contact('Jane', 'Doe', 'jane@acme.test'), contact('Second', 'Contact', 'second@acme.test')] },
        { name: 'No Contact Ltd', customFields: flagged, contacts: [] },
        { name: 'No Email Ltd', customFields: flagged, contacts: [contact('Ann', 'Nomail', null), contact('Has', 'Email', 'has@nomail.test')] },
        { name: 'Taken Email Ltd', customFields: flagged, contacts: [contact('Tom', 'Taken', 'TAKEN@example.test')] },
        { name: 'Taken Number Ltd', accountNumber: 'HAND-1', customFields: flagged, contacts: [contact('Nia', 'Number', 'nia@number.test')] },
        { name: 'Not On Web Ltd', contacts: [contact('Olly', 'Off', 'olly@off.test')] },
      ]);

      const run = await h.run();
      expect(run.status).toBe('success');
      expect(run.counts).toMatchObject({ created: 1, skipped: 4 });

      const jane = (await h.repos.customers.byEmail('jane@acme.test'))!;
      expect(jane).toMatchObject({ firstName: 'Jane', lastName: 'Doe', company: 'Acme Print', accountNumber: ok!.accountNumber, origin: 'import' });
      expect(await h.repos.customers.byEmail('second@acme.test')).toBeNull();
      expect(await h.repos.externalIds.of('customer', jane.id)).toMatchObject({ accounting: ok!.uuid });
      for (const c of [noContact, noEmail, emailTaken, notFlagged]) expect(await h.repos.customers.byAccountNumber(c!.accountNumber)).toBeNull();
      expect((await h.repos.customers.byAccountNumber(numberTaken!.accountNumber))!.id).toBe(staff);
      expect(await h.repos.customers.byEmail('has@nomail.test')).toBeNull();

      const skipped = (await h.items(run.id)).filter((i) => i.action === 'skipped').map((i) => [i.entityId, i.message]);
      expect(skipped).toEqual(
        expect.arrayContaining([
          [noContact!.accountNumber, 'no contact with an email (it has no contact)'],
          [noEmail!.accountNumber, expect.stringMatching(/^no contact with an email \(the first contact, Ann Nomail, has none/)],
          [emailTaken!.accountNumber, `email taken@example.test is already used by customer ${staff}`],
          [numberTaken!.accountNumber, `account number HAND-1 is already used by customer ${staff}`],
        ]),
      );

      // The second run reads the feed from its cursor: nothing changed, nothing imported twice.
      const again = await h.run();
      expect(again.counts).toMatchObject({ created: 0, fetched: 0 });
      expect(await h.repos.customers.count()).toBe(2);

      // An account number imported before is named as such on a later run.
      h.sandbox.addCustomers([{ name: 'Copy Of Acme', accountNumber: 'COPY-1', customFields: flagged, contacts: [contact('Copy', 'Cat', 'jane@acme.test')] }]);
      h.sandbox.editCustomer(ok!.uuid, { name: 'Acme Print Group' });
      const third = await h.run();
      expect((await h.items(third.id)).filter((i) => i.action === 'skipped').map((i) => i.message)).toEqual([`email jane@acme.test is already used by customer ${jane.id}`]);
    });

    it('keeps the web account of a customer unflagged or deleted in accounting, marks it and logs it', async () => {
      h = await start();
      const [a, b] = h.sandbox.addCustomers([
        { name: 'Stays Ltd', customFields: flagged, contacts: [contact('Sam', 'Stays', 'sam@stays.test')] },
        { name: 'Goes Ltd', customFields: flagged, contacts: [contact('Gil', 'Goes', 'gil@goes.test')] },
      ]);
      await h.run();
      h.sandbox.unflag(a!.uuid);
      h.sandbox.deleteCustomer(b!.uuid);
      const run = await h.run();
      expect(run.counts).toMatchObject({ updated: 2, created: 0 });
      const page = await h.call('accounting:customers', {});
      expect(Object.fromEntries(page.customers.map((c) => [c.email, c.state]))).toEqual({ 'sam@stays.test': 'unflagged', 'gil@goes.test': 'deleted' });
      expect(await h.repos.customers.count()).toBe(2);
      const messages = (await h.repos.log.page({ connectorId: 'accounting' }, null, 50)).entries.map((e) => e.message);
      expect(messages.some((m) => /no longer flagged in accounting/.test(m))).toBe(true);
      expect(messages.some((m) => /deleted in accounting/.test(m))).toBe(true);
      // Flagged again: back to flagged, still one customer.
      h.sandbox.flag(a!.uuid);
      await h.run();
      expect((await h.call('accounting:customers', { q: 'sam@' })).customers[0]!.state).toBe('flagged');
    });

    it("keeps the accounting system's answers as received, and exports them and the imported list", async () => {
      h = await start({ customers: 60, flaggedShare: 0.5 });
      await h.configure({ pageSize: 25 });
      const run = await h.run();
      expect(run.status).toBe('success');
      const [download] = await h.call('accounting:downloads', {});
      expect(download).toMatchObject({ status: 'complete', pages: 3 });
      const saved = JSON.parse(readFileSync(await h.sql.value<string>(`SELECT raw_file FROM downloads WHERE id = ?`, download!.id), 'utf8')) as { items: unknown[] }[];
      expect(saved.flatMap((p) => p.items)).toHaveLength(60);
      const json = await h.call('accounting:export', { format: 'json' });
      expect(JSON.parse(readFileSync(json.path!, 'utf8'))).toEqual(saved);
      const csv = await h.call('accounting:export', { format: 'csv' });
      const imported = (await h.call('accounting:customers', { limit: 500 })).customers.length;
      expect(imported).toBeGreaterThan(0);
      expect(csv.rows).toBe(imported);
      expect(readFileSync(csv.path!, 'utf8').split('\n')[0]).toContain('Accounting UUID');
      const xlsx = await h.call('accounting:export', { format: 'xlsx' });
      expect(xlsx.rows).toBe(imported);
    });

    it('reads the cursor back and starts over after a reset, importing nothing twice', async () => {
      h = await start({ customers: 40, flaggedShare: 0.5 });
      const first = await h.run();
      const before = await h.repos.customers.count();
      expect((await h.call('accounting:cursor', {})).cursor).not.toBeNull();
      expect(await h.call('accounting:reset-cursor', {})).toEqual({ cursor: null, updatedAt: null });
      const again = await h.run();
      expect(again.counts.fetched).toBe(first.counts.fetched);
      expect(again.counts.created).toBe(0);
      expect(await h.repos.customers.count()).toBe(before);
      expect(await h.call('accounting:downloads', {})).toHaveLength(2);
    });
  });
}

/**
 * The pace the client keeps with the accounting API through a long import: the client's own, whatever the store, so
 * it runs on SQLite only (a 5,000-customer import is time the PostgreSQL run would spend on nothing of the store's).
 */
function describeRateLimit(store: CoreStore): void {
  describe(`accounting import under the rate limit (${store.name})`, () => {
    let h: AccountingCore | null = null;
    afterEach(async () => {
      await h?.close();
      h = null;
    });

    it('never asks more than 10 times a second through a 5,000-customer import, and waits out a 429 as Retry-After says', async () => {
      h = await startAccountingCore({ customers: 5_000, flaggedShare: 0, store });
      await h.configure({ pageSize: 100 });
      h.sandbox.forceRateLimit(1, 1);
      const run = await h.run();
      expect(run.status).toBe('success');
      expect(run.counts.fetched).toBe(5_000);
      expect(h.sandbox.rate.peakAdmittedPerSecond).toBeLessThanOrEqual(10);
      expect(h.sandbox.rate.refused).toBe(1);
      const waited = (await h.repos.log.page({ connectorId: 'accounting', outcomes: ['retrying'] }, null, 10)).entries;
      expect(waited.map((e) => e.message)).toEqual([expect.stringMatching(/asked to wait 1 s \(429\); waiting as it says/)]);
    });
  });
}

whenRunAlone(import.meta.url, describeAccountingImport);
whenRunAlone(import.meta.url, describeRateLimit);
