// The accounting client against the simulator over real sockets: auth, custom fields, the full list, the sync feed.
import { describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS, SANDBOX_PATHS } from '../../../src-main/connectors/accounting/sandbox';
import type { AccountingChange } from '../../../src-main/connectors/accounting/parse';
import { clientFor, collect, remoteErrorOf, startSandbox, useAccountingSandboxes } from './accounting-harness';

useAccountingSandboxes();

describe('accounting auth: license and session UUIDs', () => {
  it('tests the connection with the sandbox credentials', async () => {
    const sandbox = await startSandbox();
    const r = await clientFor(sandbox).testConnection();
    expect(r).toMatchObject({ customFields: 14, booleanFields: 4, customers: 2000 });
    expect(r.message).toBe(`Connected to Infusion at ${new URL(sandbox.url!).host}: 14 customer custom fields (4 checkboxes), 2,000 customers.`);
  });

  it('a new session ends the old one: its calls fail as auth, saying why; the new one works', async () => {
    const sandbox = await startSandbox();
    const old = clientFor(sandbox);
    await old.customersPage(0, 1);
    sandbox.openSession();
    const err = await remoteErrorOf(old.customersPage(0, 1));
    expect(err.kind).toBe('auth');
    expect(err.extra.status).toBe(401);
    expect(err.message).toBe(
      'Infusion customer search at offset 0: Infusion answered HTTP 401 "The session is not valid: a newer session may have replaced it."; check the license UUID and session UUID: opening a new session ends the old one, and a session unused for 60 days expires',
    );
    expect((await clientFor(sandbox).customersPage(0, 1)).records).toHaveLength(1);
  });

  it('a session unused for 60 days has expired; a wrong license is refused', async () => {
    const sandbox = await startSandbox();
    sandbox.ageSession(61 * 86_400_000);
    expect((await remoteErrorOf(clientFor(sandbox).listCustomFields())).message).toMatch(/"The session has expired after 60 days unused\."/);
    const wrong = await remoteErrorOf(clientFor(sandbox, { licenseUuid: '00000000-0000-4000-8000-000000000000' }).listCustomFields());
    expect(wrong.kind).toBe('auth');
    expect(wrong.message).toMatch(/"The license UUID is not valid\."/);
  });

  it('sends the UUIDs in the headers the settings name; a session that is no UUID fails before any request', async () => {
    const sandbox = await startSandbox();
    sandbox.headerNames.license = 'x-license';
    sandbox.headerNames.session = 'x-session';
    expect((await remoteErrorOf(clientFor(sandbox).listCustomFields())).message).toMatch(/"The x-license header is missing\."/);
    expect(await clientFor(sandbox, { licenseHeader: 'X-License', sessionHeader: 'x-session' }).listCustomFields()).toHaveLength(14);
    const before = sandbox.requests;
    const err = await remoteErrorOf(clientFor(sandbox, { sessionUuid: 'not-a-uuid' }).listCustomFields());
    expect(err.kind).toBe('auth');
    expect(err.message).toMatch(/the session UUID must be a UUID/);
    expect(sandbox.requests).toBe(before);
  });

  it('a raw call without the headers is answered 401', async () => {
    const sandbox = await startSandbox();
    const res = await fetch(`${sandbox.url}${SANDBOX_PATHS.customers}`, { headers: { licenseuuid: SANDBOX_CREDENTIALS.licenseUuid } });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ errorCode: 'SESSION_MISSING', message: 'The sessionuuid header is missing.' });
  });
});

describe('accounting custom fields', () => {
  it('lists every definition page by page, and only the Boolean ones for the Show on Web dropdown', async () => {
    const sandbox = await startSandbox();
    const client = clientFor(sandbox, { pageSize: 5 });
    const all = await client.listCustomFields();
    expect(all.map((f) => f.code)).toEqual(sandbox.fieldDefinitions.map((f) => f.code));
    expect(await client.listBooleanFields()).toEqual([
      { value: 'CHECKBOX1', label: 'Checkbox Field 1' },
      { value: 'CHECKBOX2', label: 'Checkbox Field 2' },
      { value: 'CHECKBOX3', label: 'Checkbox Field 3' },
      { value: 'CHECKBOX4', label: 'Checkbox Field 4' },
    ]);
  });
});

describe('accounting customer search (the full list)', () => {
  it('reads every customer page by page, in order, as plain records', async () => {
    const sandbox = await startSandbox();
    const pages = await collect(clientFor(sandbox).allCustomers(300));
    expect(pages.map((p) => p.offset)).toEqual([0, 300, 600, 900, 1200, 1500, 1800]);
    const records = pages.flatMap((p) => p.records);
    expect(records.map((c) => c.uuid)).toEqual(sandbox.customers.map((c) => c.uuid));
    const sim = sandbox.customers[36]!; // customer 37: a primary contact without email
    const got = records[36]!;
    expect(got).toMatchObject({ accountNumber: sim.accountNumber, name: sim.name, versionNumber: sim.versionNumber, deletedTimestamp: null });
    expect(got.contacts[0]!.email).toBeNull();
    expect(got.customFields.CHECKBOX2).toBe(sim.customFields.CHECKBOX2);
    expect(typeof got.customFields.CHECKBOX1).toBe('boolean');
    expect(records[49]!.contacts).toEqual([]); // customer 50: no contact
  });

  it('reads on when the server caps its pages below what was asked, and leaves deleted customers out', async () => {
    const sandbox = await startSandbox();
    sandbox.maxPageSize = 400;
    sandbox.deleteCustomer(sandbox.customers[10]!.uuid);
    const pages = await collect(clientFor(sandbox).allCustomers(1000));
    expect(pages.map((p) => p.records.length)).toEqual([400, 400, 400, 400, 399]);
    expect(new Set(pages.flatMap((p) => p.records.map((c) => c.uuid))).size).toBe(1999);
  });
});

describe('accounting sync feed', () => {
  const uuids = (list: AccountingChange[]) => list.map((c) => c.uuid);

  it('sends every customer from the beginning, then only what changed, with deletions, once each, in order', async () => {
    const sandbox = await startSandbox();
    const client = clientFor(sandbox, { pageSize: 700 });
    const first = await collect(client.syncFeed(null));
    expect(first.map((p) => p.records.length)).toEqual([700, 700, 600]);
    expect(first.at(-1)!.moreAvailable).toBe(false);
    expect(new Set(first.flatMap((p) => uuids(p.records))).size).toBe(2000);
    const cursor = first.at(-1)!.nextCursor;

    const nothing = await collect(client.syncFeed(cursor));
    expect(nothing.flatMap((p) => p.records)).toEqual([]);

    const [a, b, c, d] = sandbox.customers.slice(0, 4).map((x) => x.uuid) as [string, string, string, string];
    const version = sandbox.customer(b).versionNumber;
    sandbox.flag(a);
    sandbox.editCustomer(b, { name: 'Renamed Trading Ltd' });
    sandbox.deleteCustomer(c);
    sandbox.unflag(d);
    sandbox.editCustomer(b, { contacts: [{ firstName: 'Nora', lastName: 'Maes', email: 'nora@renamed.example' }] });
    const [added] = sandbox.addCustomers([{ name: 'Brand New Ltd', contacts: [{ firstName: 'Finn', lastName: 'Claes', email: 'finn@new.example' }] }]);

    const changes = (await collect(client.syncFeed(cursor))).flatMap((p) => p.records);
    // b changed twice and comes once, at its latest change.
    expect(uuids(changes)).toEqual([a, c, d, b, added!.uuid]);
    const byId = new Map(changes.map((x) => [x.uuid, x]));
    expect(byId.get(a)!.customFields.CHECKBOX2).toBe(true);
    expect(byId.get(d)!.customFields.CHECKBOX2).toBe(false);
    expect(byId.get(b)).toMatchObject({ name: 'Renamed Trading Ltd', versionNumber: version + 2, contacts: [{ name: 'Nora Maes', email: 'nora@renamed.example' }] });
    expect(byId.get(c)!.deletedTimestamp).not.toBeNull();
    expect(byId.get(added!.uuid)).toMatchObject({ versionNumber: 0, deletedTimestamp: null, accountNumber: '102001' });
    expect(byId.get(added!.uuid)!.createdTimestamp).toBe(byId.get(added!.uuid)!.modifiedTimestamp);
  });

  it('a reset cursor re-sends everything, the deleted ones as deletions, and says so', async () => {
    const sandbox = await startSandbox({ customers: 300 });
    const client = clientFor(sandbox, { pageSize: 1000 });
    const [page] = await collect(client.syncFeed(null));
    const gone = sandbox.customers[5]!.uuid;
    sandbox.deleteCustomer(gone);
    sandbox.resetCursors();
    const again = await collect(client.syncFeed(page!.nextCursor));
    expect(again[0]!.cursorReset).toBe(true);
    const records = again.flatMap((p) => p.records);
    expect(records).toHaveLength(300);
    expect(records.find((r) => r.uuid === gone)!.deletedTimestamp).not.toBeNull();
    // The cursor of the reset read goes on as usual.
    const next = await client.syncPage(again.at(-1)!.nextCursor);
    expect(next).toMatchObject({ records: [], cursorReset: false, moreAvailable: false });
  });

  it('a cursor Infusion never issued is refused as a validation error', async () => {
    const sandbox = await startSandbox({ customers: 10 });
    const err = await remoteErrorOf(clientFor(sandbox).syncPage('bm9uc2Vuc2U'));
    expect(err.kind).toBe('validation');
    expect(err.message).toBe('Infusion customer sync after the saved cursor: Infusion answered HTTP 400 "The cursor is not one this server issued."');
  });
});
