// The ERP's cookie session over real sockets: sign-in and sign-out, the cap on concurrent sessions, 401 without a
// session, and a client that signs in again once when its session has ended.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SESSION_LIMIT, SANDBOX_CREDENTIALS } from '../../../src-main/connectors/erp/sandbox';
import { clientFor, collect, remoteErrorOf, startSandbox, useErpSandboxes } from './erp-harness';

useErpSandboxes();

const login = (url: string, body: object) => fetch(`${url}/entity/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('ERP sign-in on the wire', () => {
  it('answers 204 with the session cookie; entity calls need it (401 without), and sign-out ends it', async () => {
    const sandbox = await startSandbox();
    const res = await login(sandbox.url!, { name: 'admin', password: 'sandbox-erp', tenant: 'SyncDesk' });
    expect(res.status).toBe(204);
    const cookies = res.headers.getSetCookie();
    expect(cookies.some((c) => c.startsWith('.ASPXAUTH='))).toBe(true);
    const cookie = cookies.map((c) => c.split(';')[0]).join('; ');
    const url = `${sandbox.url}/entity/Default/24.200.001/Customer?$top=1`;
    expect((await fetch(url, { headers: { cookie } })).status).toBe(200);
    const anonymous = await fetch(url);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ message: 'You are not logged in.', exceptionMessage: 'The user is not logged in to the system.' });
    expect((await fetch(`${sandbox.url}/entity/auth/logout`, { method: 'POST', headers: { cookie } })).status).toBe(204);
    expect((await fetch(url, { headers: { cookie } })).status).toBe(401);
    expect(sandbox.sessions.size).toBe(0);
  });

  it('refuses bad credentials with the PXException body (500) and a sign-in beyond the session cap with "API Login Limit"', async () => {
    const sandbox = await startSandbox();
    const bad = await login(sandbox.url!, { name: 'admin', password: 'wrong' });
    expect(bad.status).toBe(500);
    expect(await bad.json()).toMatchObject({ exceptionMessage: 'Error: Invalid credentials. Please try again.' });
    for (let i = 0; i < DEFAULT_SESSION_LIMIT; i++) expect((await login(sandbox.url!, { name: 'admin', password: 'sandbox-erp' })).status).toBe(204);
    const over = await login(sandbox.url!, { name: 'admin', password: 'sandbox-erp' });
    expect(over.status).toBe(500);
    expect(((await over.json()) as { exceptionMessage: string }).exceptionMessage).toMatch(/^API Login Limit/);
    expect(sandbox.loginsRefused).toBe(1);
  });
});

describe('ERP client session', () => {
  it('signs in once for many calls, signs out on close, and signs in again when used after', async () => {
    const sandbox = await startSandbox();
    let logins = 0;
    const client = clientFor(sandbox, {}, { onLogin: () => logins++ });
    await Promise.all([collect(client.customersChangedSince(null, 50)), client.customer('C000001'), client.findSalesOrders('WEB-1')]);
    expect(logins).toBe(1);
    expect(sandbox.sessions.size).toBe(1);
    await client.close();
    expect(sandbox.sessions.size).toBe(0);
    expect(sandbox.callsOf('POST', 'auth/logout')).toBe(1);
    expect(client.signedIn).toBe(false);
    await client.customer('C000002');
    expect(logins).toBe(2);
  });

  it('clients of one connection share one session; the last to close signs it out', async () => {
    const sandbox = await startSandbox();
    let logins = 0;
    const [a, b] = [clientFor(sandbox, {}, { onLogin: () => logins++ }), clientFor(sandbox, {}, { onLogin: () => logins++ })];
    await Promise.all([a.customer('C000001'), b.customer('C000002')]);
    expect([logins, sandbox.sessions.size]).toEqual([1, 1]);
    await a.close();
    expect(sandbox.sessions.size).toBe(1);
    expect((await b.customer('C000003'))?.accountNumber).toBe('C000003');
    await b.close();
    expect(sandbox.sessions.size).toBe(0);
    const other = clientFor(sandbox, { tenant: 'syncdesk' }, { onLogin: () => logins++ });
    await other.customer('C000001');
    expect(logins).toBe(2);
  });

  it('beyond the cap on sessions a sign-in is refused as rate_limited saying why; a freed slot is used again', async () => {
    const sandbox = await startSandbox();
    const three = [0, 1, 2].map(() => clientFor(sandbox, {}, { shareSession: false }));
    for (const c of three) await c.customer('C000001');
    const err = await remoteErrorOf(clientFor(sandbox, {}, { shareSession: false }).customer('C000001'));
    expect(err.kind).toBe('rate_limited');
    expect(err.extra.code).toBe('LOGIN_LIMIT');
    expect(err.message).toMatch(/^Signing in to the ERP as admin: the ERP answered HTTP 500 "API Login Limit: the 3 API users of this license are signed in\./);
    await three[0]!.close();
    expect((await clientFor(sandbox).customer('C000001'))?.accountNumber).toBe('C000001');
  });

  it('a session the ERP ended (or that lapsed) is opened again once and the call repeated', async () => {
    const sandbox = await startSandbox();
    let logins = 0;
    const client = clientFor(sandbox, {}, { onLogin: () => logins++ });
    await client.customer('C000001');
    sandbox.endSessions();
    expect((await client.customer('C000003'))?.accountNumber).toBe('C000003');
    sandbox.ageSessions(11 * 60_000);
    expect((await client.customer('C000004'))?.accountNumber).toBe('C000004');
    expect(logins).toBe(3);
    expect(sandbox.callsOf('GET', 'Customer')).toBe(5);
  });

  it('wrong credentials are an auth failure naming what to check; a wrong tenant too', async () => {
    const sandbox = await startSandbox();
    const err = await remoteErrorOf(clientFor(sandbox, { password: 'nope' }).testConnection());
    expect(err.kind).toBe('auth');
    expect(err.message).toBe('Signing in to the ERP as admin: the ERP answered HTTP 500 "Error: Invalid credentials. Please try again."; check the user name, password and company (tenant)');
    expect((await remoteErrorOf(clientFor(sandbox, { tenant: 'Other' }).testConnection())).kind).toBe('auth');
    const ok = await clientFor(sandbox).testConnection();
    expect(ok).toBe(`Connected to the ERP at ${new URL(sandbox.url!).host} (endpoint Default/24.200.001) as ${SANDBOX_CREDENTIALS.username}.`);
  });

  it('an endpoint version the ERP does not offer is refused as validation', async () => {
    const sandbox = await startSandbox();
    const err = await remoteErrorOf(clientFor(sandbox, { endpointVersion: '19.100.001' }).customer('C000001'));
    expect(err.kind).toBe('validation');
    expect(err.message).toBe('Reading ERP customer C000001: the ERP answered HTTP 404 "The endpoint Default/19.100.001 is not found."');
  });
});
