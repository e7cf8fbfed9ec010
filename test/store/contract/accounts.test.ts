import { describe, expect, it } from 'vitest';
import type { AccountCursor } from '../../../src-main/store/accounts-repo';
import { NotFound, UniqueViolation } from '../../../src-main/store/store-errors';
import { freshStore, onSqliteWhenRun, type StoreFactory, type StoreOf } from './store-under-test';

/** The aggregates this contract uses. */
type Store = StoreOf<'accounts' | 'customers' | 'orders' | 'recordChanges'>;

async function names(r: Store, opts: { q?: string; status?: 'enabled' | 'disabled' }, limit: number): Promise<string[]> {
  const out: string[] = [];
  let after: AccountCursor | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const page = await r.accounts.search({ ...opts, after, limit });
    expect(page.rows.length).toBeLessThanOrEqual(limit);
    out.push(...page.rows.map((a) => a.name));
    after = page.next;
    if (after === null) return out;
  }
  throw new Error('paging did not end');
}

/** Who made an ERP change: its accounts sync, in run `runId`. */
const by = (runId: number | null) => ({ connectorId: 'erp', source: 'accounts', runId });

/** An account's History: its field changes (record_changes), oldest first. */
async function history(r: Store, accountId: number) {
  const page = await r.recordChanges.ofRecords([{ entityType: 'account', entityId: String(accountId) }], 0, 500);
  return page.changes.reverse().map((c) => ({ id: c.id, accountId: Number(c.entityId), field: c.field, webValue: c.from, erpValue: c.to, lost: c.lostEditId !== null, runId: c.runId, at: c.at, changeId: c.lostEditId }));
}

/** Accounts: fields, keyset search, contacts (one email per person across customers), ship-tos, ERP sync and web edits. */
export function describeAccountsContract(name: string, factory: StoreFactory<Store>): void {
  describe(`${name} store: accounts`, () => {
    const store = freshStore(factory);

    it('gives back an inserted account, enabled, trimmed, with blank fields as null; unknown ids are null', async () => {
      const { accounts } = store();
      const id = await accounts.insert({ name: ' Acme Ltd ', accountNumber: 'C-100', paymentTerms: 'NET30', repCode: ' ', minOrderCents: 5_000, poRequired: true }, 1_000);
      expect(await accounts.get(id)).toEqual({
        id, name: 'Acme Ltd', accountNumber: 'C-100', status: 'enabled', email: null, phone: null, addressLine1: null, addressLine2: null, city: null,
        state: null, postalCode: null, country: null, paymentTerms: 'NET30', repCode: null, priceLevel: null, shipVia: null, minOrderCents: 5_000,
        poRequired: true, erpCustomerId: null, createdAt: 1_000, updatedAt: 1_000,
      });
      expect(await accounts.get(id + 1)).toBeNull();
      expect((await accounts.byAccountNumber(' c-100 '))!.id).toBe(id);
      expect(await accounts.byAccountNumber('C-101')).toBeNull();
    });

    it('keeps account numbers and ERP ids unique where set: accounts the ERP has not seen yet have none', async () => {
      const { accounts } = store();
      await accounts.insert({ name: 'A', accountNumber: 'C-1', erpCustomerId: 'e-1' }, 0);
      await accounts.insert({ name: 'B' }, 0);
      await accounts.insert({ name: 'C' }, 0);
      await expect(accounts.insert({ name: 'D', accountNumber: 'c-1' }, 0)).rejects.toThrow(UniqueViolation);
      await expect(accounts.insert({ name: 'E', erpCustomerId: 'e-1' }, 0)).rejects.toThrow(UniqueViolation);
      const b = (await accounts.search({ q: 'B', limit: 5 })).rows[0]!;
      await accounts.setErpIds(b.id, { accountNumber: 'C-2', erpCustomerId: 'e-2' }, 5);
      expect(await accounts.byErpId('e-2')).toMatchObject({ id: b.id, accountNumber: 'C-2', updatedAt: 5 });
      await expect(accounts.setErpIds(b.id, { accountNumber: 'C-1' }, 6)).rejects.toThrow(UniqueViolation);
      await expect(accounts.setErpIds(9_999, { accountNumber: 'C-9' }, 6)).rejects.toThrow(NotFound);
    });

    it('searches by name, account number or contact email prefix in any case, a keyset page at a time in name order', async () => {
      const r = store();
      const make = async (name: string, accountNumber: string | null, email?: string) => {
        const id = await r.accounts.insert({ name, accountNumber }, 0);
        if (email) await r.accounts.addContact(id, { name: 'C', email }, 0);
        return id;
      };
      await make('Beta Books', 'ACME-7');
      await make('Acme Anvils', 'B-1', 'buyer@anvils.com');
      await make('acme Rockets', null);
      await make('Zeta', 'Z-1', 'Acme.Buyer@zeta.com');
      await make('Zeta', 'Z-2');
      await make('Gamma 100%', 'G_1');
      expect(await names(r, { q: 'acme' }, 2)).toEqual(['Acme Anvils', 'acme Rockets', 'Beta Books', 'Zeta']);
      expect(await names(r, { q: ' ACME ' }, 1)).toEqual(['Acme Anvils', 'acme Rockets', 'Beta Books', 'Zeta']);
      expect(await names(r, { q: 'BUYER@' }, 5)).toEqual(['Acme Anvils']);
      expect(await names(r, { q: 'z-' }, 5)).toEqual(['Zeta', 'Zeta']);
      expect(await names(r, { q: 'Gamma 100%' }, 5)).toEqual(['Gamma 100%']);
      expect(await names(r, { q: 'Gamma 1000' }, 5)).toEqual([]);
      expect(await names(r, { q: 'g_' }, 5)).toEqual(['Gamma 100%']);
      expect(await names(r, { q: 'rockets' }, 5)).toEqual([]);
      // Two accounts of one name page apart by id; every account once, none skipped.
      expect(await names(r, {}, 1)).toEqual(['Acme Anvils', 'acme Rockets', 'Beta Books', 'Gamma 100%', 'Zeta', 'Zeta']);
    });

    it('pages a prefix that matches many account numbers or emails the same as one that matches few', async () => {
      const r = store();
      // 1,200 accounts: every account number starts with "N", every second one's contact email with "shared".
      const expected: { name: string; id: number }[] = [];
      await r.transaction(async (tx) => {
        for (let i = 0; i < 1_200; i++) {
          const name = `${['Kilo', 'alpha', 'Mike', 'Bravo'][i % 4]} ${String((i * 7919) % 1_200).padStart(4, '0')}`;
          const id = await tx.accounts.insert({ name, accountNumber: `N${String(i).padStart(5, '0')}` }, 0);
          await tx.accounts.addContact(id, { name: 'C', email: `${i % 2 === 0 ? 'shared' : 'own'}${i}@x.test` }, 0);
          expected.push({ name, id });
        }
      });
      const byNoCase = (x: string, y: string) => (x.toLowerCase() < y.toLowerCase() ? -1 : x.toLowerCase() > y.toLowerCase() ? 1 : 0);
      const order = (list: { name: string; id: number }[]) => [...list].sort((a, b) => byNoCase(a.name, b.name) || a.id - b.id).map((a) => a.name);
      expect(await names(r, { q: 'n' }, 50)).toEqual(order(expected));
      expect(await names(r, { q: 'SHARED' }, 37)).toEqual(order(expected.filter((_, i) => i % 2 === 0)));
      expect(await names(r, { q: 'N0001' }, 7)).toEqual(order(expected.filter((_, i) => String(i).padStart(5, '0').startsWith('0001'))));
      expect(await names(r, { q: 'mike 00' }, 3)).toEqual(order(expected.filter((a) => a.name.startsWith('Mike 00'))));
    });

    it('filters the search by status, and a disabled account stops its contacts signing in', async () => {
      const r = store();
      const on = await r.accounts.insert({ name: 'On', accountNumber: 'C-1' }, 0);
      const off = await r.accounts.insert({ name: 'Off' }, 0);
      const contact = await r.accounts.addContact(off, { name: 'Pat', email: 'pat@off.com' }, 0);
      await r.accounts.setContactPasswordHash(contact, '$argon2id$h', 1);
      expect(await r.accounts.contactSignInOf('PAT@off.com')).toEqual({ contactId: contact, accountId: off, accountNumber: null, passwordHash: '$argon2id$h', canSignIn: true, loginEnabled: true, accountEnabled: true });
      expect(await r.accounts.setStatus(off, 'disabled', 2)).toBe(true);
      expect(await r.accounts.setStatus(9_999, 'disabled', 2)).toBe(false);
      expect(await names(r, { status: 'disabled' }, 5)).toEqual(['Off']);
      expect(await names(r, { status: 'enabled' }, 5)).toEqual(['On']);
      expect(await r.accounts.contactSignInOf('pat@off.com')).toMatchObject({ canSignIn: false, loginEnabled: true, accountEnabled: false });
      await r.accounts.setStatus(off, 'enabled', 3);
      await r.accounts.setContactLogin(contact, false, 4);
      expect(await r.accounts.contactSignInOf('pat@off.com')).toMatchObject({ canSignIn: false, loginEnabled: false, accountEnabled: true });
      expect(await r.accounts.contactSignInOf('nobody@off.com')).toBeNull();
      expect(on).toBeGreaterThan(0);
    });

    it('lists contacts; an email is unique among contacts in any case, and a customer email is refused either way', async () => {
      const r = store();
      const acct = await r.accounts.insert({ name: 'Acme' }, 0);
      const id = await r.accounts.addContact(acct, { name: ' Pat ', email: ' Pat@Acme.com ', erpContactId: 'CT-1' }, 10);
      expect(await r.accounts.contacts(acct)).toEqual([
        { id, accountId: acct, name: 'Pat', email: 'Pat@Acme.com', phone: null, loginEnabled: true, hasPassword: false, erpContactId: 'CT-1', createdAt: 10, updatedAt: 10 },
      ]);
      expect((await r.accounts.contactByEmail('pat@ACME.com'))!.id).toBe(id);
      await expect(r.accounts.addContact(acct, { name: 'Other', email: 'PAT@acme.com' }, 0)).rejects.toThrow(UniqueViolation);
      await expect(r.accounts.addContact(9_999, { name: 'X', email: 'x@acme.com' }, 0)).rejects.toThrow(NotFound);
      await r.customers.insert({ email: 'Ann@Shop.com', firstName: 'Ann', lastName: 'B', origin: 'registration' }, 0);
      await expect(r.accounts.addContact(acct, { name: 'Ann', email: 'ann@shop.COM' }, 0)).rejects.toThrow(UniqueViolation);
      await expect(r.customers.insert({ email: ' pat@acme.com', firstName: 'P', lastName: 'Q', origin: 'storefront' }, 0)).rejects.toThrow(UniqueViolation);
      expect(await r.accounts.contacts(acct)).toHaveLength(1);
      expect(await r.customers.count()).toBe(1);
    });

    it('keeps ship-to addresses; an ERP location is written over the one it sent before', async () => {
      const { accounts } = store();
      const acct = await accounts.insert({ name: 'Acme' }, 0);
      const addr = { name: 'Dock', line1: '1 Quay', line2: null, city: 'Hull', state: null, postalCode: 'HU1', country: 'GB' };
      const local = await accounts.putShipTo(acct, addr, null, 1);
      const erp = await accounts.putShipTo(acct, { ...addr, name: 'Main' }, 'MAIN', 2);
      expect(await accounts.putShipTo(acct, { ...addr, name: 'Main yard' }, 'MAIN', 3)).toBe(erp);
      expect(await accounts.putShipTo(acct, addr, null, 4)).not.toBe(local);
      expect((await accounts.shipTos(acct)).map((a) => [a.name, a.erpLocationId, a.updatedAt])).toEqual([['Dock', null, 1], ['Main yard', 'MAIN', 3], ['Dock', null, 4]]);
    });

    it('keeps a staff edit as one pending change per field until an order pushes it', async () => {
      const r = store();
      const acct = await r.accounts.insert({ name: 'Acme', repCode: 'R1', paymentTerms: 'NET30' }, 0);
      expect(await r.accounts.update(acct, { repCode: 'R2', paymentTerms: 'NET30', poRequired: true }, 10)).toEqual(['repCode', 'poRequired']);
      expect(await r.accounts.update(acct, { repCode: 'R3' }, 20)).toEqual(['repCode']);
      expect(await r.accounts.get(acct)).toMatchObject({ repCode: 'R3', poRequired: true, paymentTerms: 'NET30', updatedAt: 20 });
      const pending = await r.accounts.pendingChanges(acct, 'pending');
      expect(pending.map((p) => [p.field, p.value])).toEqual([['repCode', 'R3'], ['poRequired', 'true']]);
      const order = await r.orders.insert({ orderNumber: 'W-1', accountId: acct, lines: [] }, 30);
      expect(await r.accounts.markPushed(pending.map((p) => p.id), order, 30)).toBe(2);
      expect(await r.accounts.markPushed(pending.map((p) => p.id), order, 31)).toBe(0);
      expect(await r.accounts.pendingChanges(acct, 'pending')).toEqual([]);
      expect((await r.accounts.pendingChanges(acct)).map((p) => [p.status, p.pushedAt, p.orderId])).toEqual([['pushed', 30, order], ['pushed', 30, order]]);
      await expect(r.accounts.update(9_999, { repCode: 'X' }, 0)).rejects.toThrow(NotFound);
    });

    it("writes the ERP's values with one field change per changed field (the History), naming the web edits it overwrote lost", async () => {
      const r = store();
      const acct = await r.accounts.insert({ name: 'Acme', accountNumber: 'C-1', repCode: 'R1', paymentTerms: 'NET30', priceLevel: 'A', shipVia: 'UPS' }, 0);
      await r.accounts.update(acct, { repCode: 'WEB', shipVia: 'DHL' }, 5);
      const result = await r.accounts.applyErpAccount(acct, { name: 'Acme', repCode: 'R9', paymentTerms: 'NET60', priceLevel: 'A', shipVia: 'DHL', city: undefined }, by(42), 100);
      expect(result).toEqual({ changed: ['paymentTerms', 'repCode'], lost: ['repCode'] });
      expect(await r.accounts.get(acct)).toMatchObject({ repCode: 'R9', paymentTerms: 'NET60', priceLevel: 'A', shipVia: 'DHL', updatedAt: 100 });
      const [repChange, shipChange] = await r.accounts.pendingChanges(acct);
      expect([repChange!.status, shipChange!.status]).toEqual(['lost', 'pending']);
      expect((await history(r, acct)).map(({ id: _id, ...h }) => h)).toEqual([
        { accountId: acct, field: 'paymentTerms', webValue: 'NET30', erpValue: 'NET60', lost: false, runId: 42, at: 100, changeId: null },
        { accountId: acct, field: 'repCode', webValue: 'WEB', erpValue: 'R9', lost: true, runId: 42, at: 100, changeId: repChange!.id },
      ]);
      // Nothing new from the ERP: no history, nothing lost.
      expect(await r.accounts.applyErpAccount(acct, { repCode: 'R9', paymentTerms: 'NET60' }, by(43), 200)).toEqual({ changed: [], lost: [] });
      expect(await history(r, acct)).toHaveLength(2);
      await expect(r.accounts.applyErpAccount(9_999, { repCode: 'X' }, by(null), 0)).rejects.toThrow(NotFound);
    });

    it('clears a field the ERP sends empty, and applies a sync whole or not at all', async () => {
      const r = store();
      const acct = await r.accounts.insert({ name: 'Acme', repCode: 'R1', minOrderCents: 100, poRequired: true }, 0);
      await r.accounts.insert({ name: 'Other', accountNumber: 'TAKEN' }, 0);
      expect((await r.accounts.applyErpAccount(acct, { repCode: null, minOrderCents: 250, poRequired: false }, by(1), 10)).changed).toEqual(['repCode', 'minOrderCents', 'poRequired']);
      expect((await history(r, acct)).map((h) => [h.field, h.webValue, h.erpValue])).toEqual([['repCode', 'R1', null], ['minOrderCents', '100', '250'], ['poRequired', 'true', 'false']]);
      await expect(r.accounts.applyErpAccount(acct, { paymentTerms: 'NET90', accountNumber: 'TAKEN' }, by(2), 20)).rejects.toThrow(UniqueViolation);
      expect(await r.accounts.get(acct)).toMatchObject({ paymentTerms: null, accountNumber: null, updatedAt: 10 });
      expect(await history(r, acct)).toHaveLength(3);
    });

    it('reapplies a lost change: the value comes back and waits again for the next order', async () => {
      const r = store();
      const acct = await r.accounts.insert({ name: 'Acme', minOrderCents: 100 }, 0);
      await r.accounts.update(acct, { minOrderCents: 900 }, 5);
      await r.accounts.applyErpAccount(acct, { minOrderCents: 100 }, by(1), 10);
      const [lost] = await r.accounts.pendingChanges(acct, 'lost');
      const again = await r.accounts.reapply(lost!.id, 20);
      expect(again).not.toBeNull();
      expect(await r.accounts.reapply(lost!.id, 21)).toBeNull();
      expect(await r.accounts.get(acct)).toMatchObject({ minOrderCents: 900, updatedAt: 20 });
      expect((await r.accounts.pendingChanges(acct)).map((p) => [p.id === again, p.status, p.value])).toEqual([[false, 'reapplied', '900'], [true, 'pending', '900']]);
      const direct = await r.accounts.addPendingChange(acct, 'minOrderCents', '950', 30);
      expect(direct).toBe(again);
      expect((await r.accounts.pendingChanges(acct, 'pending'))[0]!.value).toBe('950');
    });
    it('writes an edit without pending changes when told there is no system of record, and counts pending ones per account', async () => {
      const r = store();
      const a = await r.accounts.insert({ name: 'A' }, 0);
      const b = await r.accounts.insert({ name: 'B' }, 0);
      expect(await r.accounts.update(a, { city: 'Gent', repCode: 'R1' }, 5, { keepPending: false })).toEqual(['city', 'repCode']);
      expect(await r.accounts.pendingChanges(a)).toEqual([]);
      expect(await r.accounts.get(a)).toMatchObject({ city: 'Gent', repCode: 'R1' });
      await r.accounts.update(a, { city: 'Brugge' }, 6);
      await r.accounts.update(b, { city: 'Gent', repCode: 'R2', phone: '1' }, 6);
      const counts = await r.accounts.pendingCounts([a, b, b + 1]);
      expect([...counts.entries()].sort()).toEqual([[a, 1], [b, 3]]);
      expect((await r.accounts.pendingChangeOf((await r.accounts.pendingChanges(a))[0]!.id))).toMatchObject({ accountId: a, field: 'city', value: 'Brugge' });
      expect(await r.accounts.pendingChangeOf(999_999)).toBeNull();
    });

    it('keeps one live set-password link per contact, used once, and lists contacts who may order', async () => {
      const r = store();
      const acct = await r.accounts.insert({ name: 'Acme', accountNumber: 'C-9', city: 'Gent' }, 0);
      const noNumber = await r.accounts.insert({ name: 'New' }, 0);
      const c = await r.accounts.addContact(acct, { name: 'Pat', email: 'pat@acme.example' }, 1);
      const off = await r.accounts.addContact(acct, { name: 'Off', email: 'off@acme.example' }, 1);
      await r.accounts.addContact(noNumber, { name: 'Early', email: 'early@new.example' }, 1);
      await r.accounts.setContactLogin(off, false, 2);
      expect(await r.accounts.contact(c)).toMatchObject({ id: c, accountId: acct, email: 'pat@acme.example', loginEnabled: true, hasPassword: false });
      expect(await r.accounts.contact(999_999)).toBeNull();
      expect(await r.accounts.orderingContacts(10)).toEqual([{ accountNumber: 'C-9', email: 'pat@acme.example', accountName: 'Acme', address: { line1: null, city: 'Gent', state: null, postalCode: null, country: null } }]);

      await r.accounts.putSetPasswordToken(c, 'a'.repeat(64), 100, 3);
      await r.accounts.putSetPasswordToken(c, 'b'.repeat(64), 200, 4);
      expect(await r.accounts.setPasswordToken('a'.repeat(64))).toBeNull();
      expect(await r.accounts.setPasswordToken('b'.repeat(64))).toEqual({ contactId: c, tokenHash: 'b'.repeat(64), expiresAt: 200, usedAt: null });
      expect(await r.accounts.useSetPasswordToken('b'.repeat(64), 5)).toBe(true);
      expect(await r.accounts.useSetPasswordToken('b'.repeat(64), 6)).toBe(false);
      expect((await r.accounts.setPasswordToken('b'.repeat(64)))?.usedAt).toBe(5);
    });

    it('an ERP page finds accounts by ERP id, else by account number in any case; what a page writes, its later records see; new ids are one block with no gap', async () => {
      const r = store();
      const webOnly = await r.accounts.insert({ name: 'Made on the web', accountNumber: 'c-0002' }, 0);
      const moving = await r.accounts.insert({ name: 'Moves', accountNumber: 'C-0005', erpCustomerId: 'g-5' }, 0);
      const page = [
        { accountNumber: 'C-0001', erpCustomerId: 'g-1', fields: { name: 'One' } },
        { accountNumber: 'C-0002', erpCustomerId: 'g-2', fields: { name: 'Made on the web' } },
        { accountNumber: 'C-0006', erpCustomerId: 'g-5', fields: { name: 'Moves' } },
        // C-0005 was freed by the record before: a new account, not the one that moved.
        { accountNumber: 'C-0005', erpCustomerId: 'g-9', fields: { name: 'Takes the old number' } },
        // The same ERP customer twice in one page: the second finds the first.
        { accountNumber: 'C-0001', erpCustomerId: 'g-1', fields: { name: 'One, renamed' } },
      ];
      const out = await r.transaction(async (tx) => await tx.accounts.applyErpAccounts(page, by(7), 10));
      expect(out.map((o) => o.action)).toEqual(['created', 'unchanged', 'unchanged', 'created', 'updated']);
      expect(out[1]!.accountId).toBe(webOnly);
      expect(out[2]!.accountId).toBe(moving);
      expect(out[4]!.accountId).toBe(out[0]!.accountId);
      expect(out[4]!.changes).toEqual([{ field: 'name', web: 'One', erp: 'One, renamed', lost: false, lostEditId: null }]);
      expect(await r.accounts.get(webOnly)).toMatchObject({ accountNumber: 'C-0002', erpCustomerId: 'g-2' });
      expect(await r.accounts.get(moving)).toMatchObject({ accountNumber: 'C-0006', erpCustomerId: 'g-5' });
      expect(await r.accounts.byAccountNumber('C-0005')).toMatchObject({ id: out[3]!.accountId, name: 'Takes the old number', erpCustomerId: 'g-9' });
      // Three ids were set aside for the page's three unknown records; two were used, and the next account takes the one after.
      expect([out[0]!.accountId, out[3]!.accountId]).toEqual([moving + 1, moving + 2]);
      expect(await r.accounts.insert({ name: 'Next' }, 11)).toBe(moving + 3);
      // A number freed within the page, when the page had no unknown record before it: an id is taken then.
      const freed = await r.transaction(async (tx) =>
        await tx.accounts.applyErpAccounts([{ accountNumber: 'C-0007', erpCustomerId: 'g-5', fields: { name: 'Moves' } }, { accountNumber: 'C-0006', erpCustomerId: 'g-10', fields: { name: 'Takes it' } }], by(8), 12));
      expect(freed.map((o) => [o.action, o.accountId])).toEqual([['unchanged', moving], ['created', moving + 4]]);
      expect((await history(r, out[0]!.accountId)).map((h) => [h.field, h.webValue, h.erpValue, h.runId])).toEqual([['name', 'One', 'One, renamed', 7]]);
    });

    it('an ERP page of contacts and ship-tos: matched by ERP id and location, emails one per person, and a later record sees what an earlier one wrote', async () => {
      const r = store();
      const acct = await r.accounts.insert({ name: 'Acme', accountNumber: 'C-1', erpCustomerId: 'g-1' }, 0);
      const other = await r.accounts.insert({ name: 'Beta', accountNumber: 'C-2', erpCustomerId: 'g-2' }, 0);
      const shopper = await r.customers.insert({ email: 'shopper@web.example', firstName: 'S', lastName: 'W', origin: 'storefront' }, 0);
      const c = (erpContactId: string, accountNumber: string | null, email: string | null, name = 'Pat') => ({ erpContactId, accountNumber, name, email, phone: null, active: true });
      const first = await r.transaction(async (tx) =>
        await tx.accounts.applyErpContacts([c('1', 'c-1', 'pat@acme.example'), c('2', 'C-1', 'PAT@acme.example'), c('3', 'C-9', 'x@y.example'), c('4', 'C-1', '  '), c('5', 'C-2', 'Shopper@web.example')], 1));
      expect(first.map((o) => o.action)).toEqual(['created', 'skipped', 'skipped', 'skipped', 'skipped']);
      expect(first.slice(1).map((o) => o.message)).toEqual([
        `the email PAT@acme.example belongs to contact ${first[0]!.entityId} already`,
        'its account C-9 is not here (not read from the ERP yet)',
        'Pat has no email in the ERP (a contact signs in with it)',
        `the email Shopper@web.example belongs to customer ${shopper} already`,
      ]);
      // Contact 1 moves to a new email and account; contact 2 takes the freed email in the same page.
      const second = await r.transaction(async (tx) => await tx.accounts.applyErpContacts([c('1', 'C-2', 'pat@beta.example'), c('2', 'C-1', 'pat@acme.example', 'Sam'), c('2', 'C-1', 'pat@acme.example', 'Sam')], 2));
      expect(second.map((o) => o.action)).toEqual(['updated', 'created', 'unchanged']);
      expect(second[0]!.message).toBe("email: 'pat@acme.example' → 'pat@beta.example'; moved to account C-2");
      expect((await r.accounts.contacts(other)).map((k) => k.email)).toEqual(['pat@beta.example']);
      expect((await r.accounts.contacts(acct)).map((k) => [k.name, k.email, k.erpContactId])).toEqual([['Sam', 'pat@acme.example', '2']]);

      const l = (erpLocationId: string, accountNumber: string, city: string, active = true) => ({ accountNumber, erpLocationId, active, name: 'Dock', line1: null, line2: null, city, state: null, postalCode: null, country: 'BE' });
      const ships = await r.transaction(async (tx) => await tx.accounts.applyErpShipTos([l('MAIN', 'C-1', 'Gent'), l('MAIN', 'c-1', 'Gent'), l('MAIN', 'C-2', 'Lier'), l('OLD', 'C-1', 'Mol', false), l('X', 'C-7', 'Ham')], 3));
      expect(ships.map((o) => o.action)).toEqual(['created', 'unchanged', 'created', 'skipped', 'skipped']);
      const again = await r.transaction(async (tx) => await tx.accounts.applyErpShipTos([l('MAIN', 'C-1', 'Brugge'), l('MAIN', 'C-2', 'Lier')], 4));
      expect(again.map((o) => [o.action, o.message])).toEqual([['updated', 'ship-to C-1/MAIN: city changed in the ERP'], ['unchanged', null]]);
      expect((await r.accounts.shipTos(acct)).map((a) => [a.erpLocationId, a.city])).toEqual([['MAIN', 'Brugge']]);
    });
  });
}

onSqliteWhenRun(import.meta.url, describeAccountsContract);
