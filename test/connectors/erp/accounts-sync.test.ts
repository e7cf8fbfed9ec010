import { afterEach, describe, expect, it } from 'vitest';
import { startErpCore, type ErpCore } from './erp-core';
import { whenRunAlone, type CoreStore } from '../../support/core-store';

/** The ERP's accounts sync, on the store given (both run it: test/store/postgres/connectors-matrix.test.ts). */
export function describeErpAccountsSync(store: CoreStore): void {
  describe(`accounts from the ERP (${store.name})`, () => {
    let h: ErpCore | null = null;
    const start = async (opts: Parameters<typeof startErpCore>[0] = {}) => await startErpCore({ ...opts, store });
    afterEach(async () => {
      await h?.close();
      h = null;
    });

    it('creates every account with its contacts and ship-tos on the first run, each record listed on the run', async () => {
      h = await start({ customers: 60 });
      const run = await h.run('accounts');
      expect(run.status).toBe('success');
      const accounts = await h.sql.value(`SELECT COUNT(*) FROM accounts`);
      expect(accounts).toBe(60);
      const a = (await h.repos.accounts.byAccountNumber('C000006'))!;
      const erp = h.sandbox.customer('C000006');
      expect(a).toMatchObject({ name: erp.CustomerName, paymentTerms: erp.Terms, repCode: erp.SalespersonID, priceLevel: erp.PriceClassID, erpCustomerId: erp.id, email: erp.main.Email, city: erp.main.Address.City });
      // C000006: three contacts, two active ship-tos of three (the third is inactive in the ERP).
      expect((await h.repos.accounts.contacts(a.id)).map((c) => c.email).sort()).toEqual(h.sandbox.contactsOf('C000006').map((k) => k.Email!.toLowerCase()).sort());
      expect((await h.repos.accounts.shipTos(a.id)).map((s) => s.erpLocationId).sort()).toEqual(['MAIN', 'SHIP01']);
      const ten = (await h.repos.accounts.byAccountNumber('C000010'))!;
      expect((await h.repos.accounts.shipTos(ten.id)).map((s) => s.erpLocationId).sort()).toEqual(['MAIN', 'SHIP01']);
      const items = await h.items(run.id);
      expect(items.filter((i) => i.entityType === 'account' && i.action === 'created')).toHaveLength(60);
      expect(items.find((i) => i.entityType === 'ship-to' && i.action === 'skipped')?.message).toBe('inactive in the ERP');
      expect(run.counts.fetched).toBe(60 + h.sandbox.contacts.length + h.sandbox.locations.length);
    });

    it('a web edit of the rep code, then an ERP sync: the ERP value wins, and the diff is recorded with the web value marked lost', async () => {
      h = await start({ customers: 30 });
      await h.run('accounts');
      const a = (await h.repos.accounts.byAccountNumber('C000002'))!;
      const erpBefore = h.sandbox.customer('C000002').SalespersonID!;
      const web = erpBefore === 'SP07' ? 'SP08' : 'SP07';
      expect(await h.repos.accounts.update(a.id, { repCode: web }, Date.now())).toEqual(['repCode']);
      const [change] = await h.repos.accounts.pendingChanges(a.id, 'pending');

      // Edited in the ERP (terms, rep and price class move on), then synced.
      const erp = h.sandbox.rotateAccount('C000002');
      const run = await h.run('accounts');
      const after = (await h.repos.accounts.get(a.id))!;
      expect(after.repCode).toBe(erp.SalespersonID);
      expect(after.paymentTerms).toBe(erp.Terms);
      expect(after.priceLevel).toBe(erp.PriceClassID);

      // The History is the account's field changes, as the run's page lists them too.
      const history = await h.call('accounts:history', { id: a.id });
      expect(history.find((r) => r.field === 'repCode')).toMatchObject({ webValue: web, erpValue: erp.SalespersonID, lost: true, runId: run.id, changeId: change!.id, canReapply: true });
      expect(history.find((r) => r.field === 'paymentTerms')).toMatchObject({ erpValue: erp.Terms, lost: false, changeId: null });
      const ofRun = (await h.call('changes:of-run', { runId: run.id, limit: 500 })).changes.filter((c) => c.entityType === 'account' && c.entityId === String(a.id));
      expect(ofRun.find((c) => c.field === 'repCode')).toMatchObject({ connectorId: 'erp', source: 'accounts', from: web, to: erp.SalespersonID, lostEditId: change!.id });
      const detail = await h.call('sync:run-detail', { runId: run.id, limit: 1000 });
      const onPage = detail.items.find((i) => i.entityType === 'account' && i.entityId === String(a.id))!;
      expect(onPage.changes).toContainEqual({ field: 'repCode', from: web, to: erp.SalespersonID });
      expect((await h.repos.accounts.pendingChanges(a.id)).map((p) => [p.id, p.status])).toEqual([[change!.id, 'lost']]);

      const item = (await h.items(run.id)).find((i) => i.entityType === 'account' && i.entityId === String(a.id))!;
      expect(item.action).toBe('updated');
      expect(item.message).toContain(`repCode: web '${web}' → ERP '${erp.SalespersonID}' (web edit lost)`);
    });

    it("lists the changes the ERP made to the account's contacts and ship-to addresses in the account's History, named by whose they are", async () => {
      h = await start({ customers: 30 });
      await h.run('accounts');
      const a = (await h.repos.accounts.byAccountNumber('C000006'))!;
      const contact = h.sandbox.contactsOf('C000006').find((k) => k.Active && k.Email)!;
      contact.Phone1 = '+1 555 0100';
      contact.modified = h.sandbox.stamp();
      h.sandbox.contactsChanged();
      const place = h.sandbox.locationsOf('C000006').find((l) => l.Active)!;
      const city = place.Address.City === 'Springfield' ? 'Shelbyville' : 'Springfield';
      place.Address.City = city;
      place.modified = h.sandbox.stamp();
      const run = await h.run('accounts');

      const history = await h.call('accounts:history', { id: a.id });
      const local = (await h.repos.accounts.contacts(a.id)).find((c) => c.email === contact.Email!.toLowerCase())!;
      expect(history.find((r) => r.field === 'phone')).toMatchObject({ label: `Contact ${local.name}: phone`, erpValue: '+1 555 0100', runId: run.id, lost: false });
      expect(history.find((r) => r.field === 'city')).toMatchObject({ label: expect.stringMatching(/^Ship-to .+: city$/), erpValue: city, runId: run.id });
      // Another account's History has none of them.
      const other = (await h.repos.accounts.byAccountNumber('C000002'))!;
      expect((await h.call('accounts:history', { id: other.id })).filter((r) => r.field === 'phone' || r.field === 'city')).toEqual([]);
    });

    it('overwrites a web edit at the next sync even when the account did not change in the ERP (the reference\'s rule)', async () => {
      h = await start({ customers: 30 });
      await h.run('accounts');
      const a = (await h.repos.accounts.byAccountNumber('C000003'))!;
      const erp = h.sandbox.customer('C000003');
      await h.repos.accounts.update(a.id, { paymentTerms: erp.Terms === 'COD' ? 'NET60' : 'COD', shipVia: 'UPS' }, Date.now());
      h.sandbox.resetCounters();
      const run = await h.run('accounts');
      expect((await h.repos.accounts.get(a.id))!.paymentTerms).toBe(erp.Terms);
      // Ship via is the platform's own: it waits for the next order.
      expect((await h.repos.accounts.pendingChanges(a.id)).map((p) => [p.field, p.status])).toEqual([['paymentTerms', 'lost'], ['shipVia', 'pending']]);
      expect(h.sandbox.callsOf('GET', 'Customer')).toBe(2);
      expect((await h.items(run.id)).find((i) => i.entityId === String(a.id))).toMatchObject({ action: 'updated', message: expect.stringContaining('paymentTerms: web') });
      expect(run.message).toContain('1 accounts with web edits read again');
    });

    it('reads only the accounts changed since the last sync (the overlap re-reads come back unchanged), and reads all after a Reset', async () => {
      // Seeded changes are a second apart at the end: an overlap of one second re-reads the last of them.
      h = await start({ customers: 80, values: { overlapSeconds: 1 } });
      const first = await h.run('accounts');
      expect(first.counts.created).toBeGreaterThan(80);
      const cursor = await h.call('erp:accounts-cursor', {});
      expect(cursor.at).toBe(Math.max(...h.sandbox.customers.map((c) => c.modified)));

      // Nothing changed: only the overlap's second is read again, and comes back unchanged.
      const quiet = await h.run('accounts');
      expect(quiet.counts).toMatchObject({ created: 0, updated: 0, skipped: 0 });
      const reread = (await h.items(quiet.id)).filter((i) => i.entityType === 'account');
      expect(reread.length).toBeGreaterThan(0);
      expect(reread.length).toBeLessThan(3);
      expect(reread.every((i) => i.action === 'unchanged')).toBe(true);

      const changed = h.sandbox.changeSomeAccounts(3, 11).map((c) => c.CustomerID);
      const incremental = await h.run('accounts');
      const items = (await h.items(incremental.id)).filter((i) => i.entityType === 'account');
      const byNumber = new Map<string, string>();
      for (const i of items) byNumber.set((await h.repos.accounts.get(Number(i.entityId)))!.accountNumber!, i.action);
      for (const n of changed) expect(byNumber.get(n)).toBe('updated');
      expect([...byNumber].filter(([n, action]) => !changed.includes(n) && action !== 'unchanged')).toEqual([]);
      expect(items.length).toBeLessThan(10);

      const reset = await h.call('erp:reset-accounts-cursor', {});
      expect(reset.at).toBeNull();
      const all = await h.run('accounts');
      const allItems = (await h.items(all.id)).filter((i) => i.entityType === 'account');
      expect(allItems).toHaveLength(80);
      expect(allItems.every((i) => i.action === 'unchanged')).toBe(true);
    });

    it('carries on a read that stopped part-way from where it stopped', async () => {
      h = await start({ customers: 50, values: { pageSize: 10 } });
      // Two pages in, the ERP goes down: the run fails, its stored pages and their cursor stay.
      let pages = 0;
      await h.sandbox.setFaults({ latencyMs: 30 });
      const stop = setInterval(() => {
        pages = h!.sandbox.callsOf('GET', 'Customer');
        if (pages >= 2) void h!.sandbox.setFaults({ down: true });
      }, 1);
      const broken = await h.run('accounts');
      clearInterval(stop);
      expect(broken.status).toBe('failed');
      const stored = Number(await h.sql.value(`SELECT COUNT(*) FROM accounts`));
      expect(stored).toBeGreaterThan(0);
      expect(stored).toBeLessThan(50);
      await h.sandbox.setFaults({ down: false, latencyMs: 0 });
      h.sandbox.resetCounters();
      const resumed = await h.run('accounts');
      expect(resumed.status).toBe('success');
      expect(await h.sql.value(`SELECT COUNT(*) FROM accounts`)).toBe(50);
      expect(resumed.counts.created).toBeGreaterThanOrEqual(50 - stored);
      // The resumed read asked from the record it had got to, not from the first.
      expect(h.sandbox.callsOf('GET', 'Customer')).toBeLessThanOrEqual(Math.ceil((50 - stored) / 10) + 1);
    });
  });
}

whenRunAlone(import.meta.url, describeErpAccountsSync);
