import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'node:http';
import WebSocket from 'ws';
import { CHANNEL_NAMES, SESSION_ENDED_CLOSE, roleAtLeast, roleForChannel, STAFF_ROLES, type StaffRole } from '../../src-preload/contract';
import { startHeadless } from '../../src-main/headless/start-headless';
import { parseServeArgs } from '../../src-main/headless/team-args';
import { createTestkitConnector } from '../support/testkit-connector';
import { tempDir } from '../support/harness';
import { createKeytarStore } from '../../src-main/secrets/credential-store';

type App = Awaited<ReturnType<typeof startHeadless>>;
const PASSWORD = 'correct horse battery';

async function startTeam(trustProxy: boolean, publicUrls: string[] = [], session: { idleMs?: number; sessionSweepMs?: number } = {}): Promise<App> {
  const renderer = tempDir();
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>SyncDesk</title>');
  const app = await startHeadless({
    dataDir: tempDir(),
    launch: { port: 0, listenerPort: 0, sandbox: true, listenerHost: '127.0.0.1' },
    rendererDir: renderer,
    connectors: [createTestkitConnector()],
    core: { credentials: createKeytarStore({ service: 'SyncDesk-test-team' }) },
    team: { trustProxy, publicUrls, ...session },
  });
  for (const role of STAFF_ROLES) await app.core.services.staff.add({ email: `${role}@team.example`, name: role, role, password: PASSWORD });
  return app;
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json: { ok: boolean; data?: unknown; error?: { code: string; message: string; detail?: string } };
}

function raw(app: App, path: string, opts: { method?: string; headers?: Record<string, string>; body?: unknown } = {}): Promise<Answer> {
  const port = app.server.port;
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: opts.method ?? 'POST', headers: { host: `127.0.0.1:${port}`, 'content-type': 'application/json', ...opts.headers } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (body += c));
        res.on('end', () => {
          let json: Answer['json'] = { ok: false };
          try {
            json = JSON.parse(body) as Answer['json'];
          } catch {
            // not JSON: the status says enough
          }
          resolve({ status: res.statusCode!, headers: res.headers, body, json });
        });
      },
    );
    req.on('error', reject);
    req.end(opts.body === undefined ? undefined : JSON.stringify(opts.body));
  });
}

interface Signed {
  cookie: string;
  csrf: string;
  setCookie: string;
}

async function signIn(app: App, email: string, password = PASSWORD, headers: Record<string, string> = {}): Promise<Signed> {
  const r = await raw(app, '/auth/sign-in', { body: { email, password }, headers });
  expect(r.status, r.body).toBe(200);
  const setCookie = String(r.headers['set-cookie']);
  return { cookie: setCookie.split(';')[0]!, csrf: (r.json.data as { csrfToken: string }).csrfToken, setCookie };
}

const call = (app: App, s: Signed, channel: string, input: unknown = {}, csrf: string | null = s.csrf) =>
  raw(app, `/api/${channel}`, { body: input, headers: { cookie: s.cookie, ...(csrf === null ? {} : { 'x-csrf-token': csrf }) } });

/** A live-events socket, open; a refused upgrade rejects with its status. */
function openSocket(app: App, headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${app.server.port}/events`, { headers });
    ws.on('open', () => resolve(ws));
    ws.on('unexpected-response', (_req, res) => reject(new Error(`upgrade answered ${res.statusCode}`)));
    ws.on('error', (err) => reject(err));
  });
}

const closeOf = (ws: WebSocket) => new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));

describe('team mode', () => {
  let app: App;
  const as: Partial<Record<StaffRole, Signed>> = {};
  beforeAll(async () => {
    app = await startTeam(false);
    for (const role of STAFF_ROLES) as[role] = await signIn(app, `${role}@team.example`);
  });
  afterAll(async () => {
    await app.close();
  });

  it('prints a console URL without a token, and refuses the contract to a request without a session (the token does not open it)', async () => {
    expect(app.server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const r = await raw(app, '/api/log:page', { body: {}, headers: { authorization: `Bearer ${app.server.token}` } });
    expect(r.status).toBe(401);
    expect(r.json.error?.message).toBe('Sign in to use the console.');
    expect((await raw(app, '/auth/me', { method: 'GET' })).status).toBe(401);
  });

  it('signs in with a session cookie that is HttpOnly, SameSite=Strict, Path=/, not Secure over plain HTTP, and answers who is signed in', async () => {
    const s = as.operator!;
    expect(s.setCookie).toMatch(/^syncdesk_session=[\w-]{43}; HttpOnly; SameSite=Strict; Path=\/; Max-Age=43200$/);
    // Not behind a proxy it was told to trust: a forwarded "https" changes nothing.
    const forwarded = await signIn(app, 'operator@team.example', PASSWORD, { 'x-forwarded-proto': 'https' });
    expect(forwarded.setCookie).not.toMatch(/Secure/);
    const me = await raw(app, '/auth/me', { method: 'GET', headers: { cookie: s.cookie } });
    expect(me.status).toBe(200);
    expect(me.json.data).toMatchObject({ user: { email: 'operator@team.example', role: 'operator', disabled: false }, csrfToken: s.csrf });
    expect(me.body).not.toMatch(/argon2|passwordHash/);
  });

  it('answers a wrong password and an unknown email alike', async () => {
    const wrong = await raw(app, '/auth/sign-in', { body: { email: 'admin@team.example', password: 'not the password' } });
    const unknown = await raw(app, '/auth/sign-in', { body: { email: 'nobody@team.example', password: 'not the password' } });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.json.error?.message).toBe('Wrong email or password.');
    expect(unknown.json).toEqual(wrong.json);
    expect(wrong.headers['set-cookie']).toBeUndefined();
    const bad = await raw(app, '/auth/sign-in', { body: { email: '', password: 'x' } });
    expect(bad.status).toBe(400);
    expect(bad.json.error?.message).toBe('Enter your email and password.');
  });

  it('refuses a state-changing call without the session’s CSRF token, or with another session’s, changing nothing', async () => {
    const admin = as.admin!;
    for (const csrf of [null, 'x'.repeat(43), as.operator!.csrf]) {
      const r = await call(app, admin, 'settings:save', { sandboxMode: false }, csrf);
      expect(r.status).toBe(403);
      expect(r.json.error?.message).toMatch(/CSRF token/);
    }
    expect(app.core.services.sandboxMode.get()).toBe(true);
    const other = await raw(app, '/api/settings:get', { body: {}, headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, origin: 'http://evil.example' } });
    expect(other.status).toBe(403);
  });

  it('refuses a viewer every channel above the viewer’s, and an operator every admin channel, at the contract, in plain words', async () => {
    for (const role of ['viewer', 'operator'] as const) {
      for (const channel of CHANNEL_NAMES) {
        const needed = roleForChannel(channel);
        if (roleAtLeast(role, needed)) continue;
        const r = await call(app, as[role]!, channel, {});
        expect(r.status, `${role} on ${channel}`).toBe(403);
        expect(r.json.error?.code).toBe('forbidden');
        expect(r.json.error?.message).toMatch(new RegExp(`^Your role \\(${role === 'viewer' ? 'Viewer' : 'Operator'}\\) cannot do this: only an (Admin|Operator or an Admin) can\\. Nothing was changed\\.$`));
      }
    }
    // Reads stay open to a viewer (here with the input each expects, so they run).
    for (const channel of ['log:page', 'sync:tasks', 'settings:get', 'connections:list', 'jobs:counts'])
      expect((await call(app, as.viewer!, channel)).json.ok, channel).toBe(true);
  });

  it('refuses a viewer’s Save and keeps the setting; nothing refused is audited', async () => {
    const r = await call(app, as.viewer!, 'settings:save', { sandboxMode: false });
    expect(r.status).toBe(403);
    expect(app.core.services.sandboxMode.get()).toBe(true);
    const audit = await call(app, as.admin!, 'audit:page', { channel: 'settings:save' });
    expect((audit.json.data as { items: unknown[] }).items).toEqual([]);
  });

  it('writes an audit line for a change: who, what, when, before and after, secrets masked; reads leave none', async () => {
    const admin = as.admin!;
    const before = Date.now();
    expect((await call(app, admin, 'sync:schedule', { connectorId: 'testkit', taskId: 'pull-widgets', intervalMinutes: 30 })).json.ok).toBe(true);
    expect((await call(app, admin, 'staff:add', { email: 'Newcomer@Team.Example', name: 'New', role: 'viewer', password: 'a long secret password' })).json.ok).toBe(true);
    const added = ((await call(app, admin, 'staff:list')).json.data as { id: number; email: string }[]).find((u) => u.email === 'newcomer@team.example')!;
    expect((await call(app, admin, 'staff:set-role', { id: added.id, role: 'operator' })).json.ok).toBe(true);
    await call(app, admin, 'log:page');
    const page = (await call(app, admin, 'audit:page')).json.data as { items: { channel: string; actorEmail: string; at: number; entity: string | null; before: unknown; after: unknown }[] };
    expect(page.items.map((e) => e.channel)).toEqual(['staff:set-role', 'staff:add', 'sync:schedule']);
    const [role, add, schedule] = page.items;
    for (const e of page.items) {
      expect(e.actorEmail).toBe('admin@team.example');
      expect(e.at).toBeGreaterThanOrEqual(before);
    }
    expect(schedule).toMatchObject({ entity: 'connector testkit, task pull-widgets', before: null, after: { connectorId: 'testkit', taskId: 'pull-widgets', intervalMinutes: 30 } });
    expect(add!.after).toEqual({ email: 'Newcomer@Team.Example', name: 'New', role: 'viewer', password: '••••' });
    expect(JSON.stringify(page)).not.toContain('a long secret password');
    expect(role).toMatchObject({ entity: `staff ${added.id}`, before: { email: 'newcomer@team.example', role: 'viewer' }, after: { email: 'newcomer@team.example', role: 'operator' } });
  });

  it('carries events over the WebSocket for a signed-in session only', async () => {
    const url = `ws://127.0.0.1:${app.server.port}/events`;
    const opened = (headers: Record<string, string>) =>
      new Promise<boolean>((resolve) => {
        const ws = new WebSocket(url, { headers });
        ws.on('open', () => {
          ws.close();
          resolve(true);
        });
        ws.on('error', () => resolve(false));
        ws.on('unexpected-response', () => resolve(false));
      });
    expect(await opened({ cookie: as.viewer!.cookie })).toBe(true);
    expect(await opened({})).toBe(false);
    expect(await new Promise<boolean>((resolve) => {
      const ws = new WebSocket(`${url}?token=${app.server.token}`);
      ws.on('open', () => resolve(true));
      ws.on('unexpected-response', () => resolve(false));
      ws.on('error', () => resolve(false));
    })).toBe(false);
  });

  it('signs out (the cookie cleared, the session gone) and ends a disabled user’s sessions at once', async () => {
    const s = await signIn(app, 'viewer@team.example');
    const out = await raw(app, '/auth/sign-out', { headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
    expect(out.status).toBe(200);
    expect(String(out.headers['set-cookie'])).toMatch(/^syncdesk_session=; HttpOnly; SameSite=Strict; Path=\/; Max-Age=0$/);
    expect((await call(app, s, 'log:page')).status).toBe(401);

    const op = await signIn(app, 'operator@team.example');
    const list = (await call(app, as.admin!, 'staff:list')).json.data as { id: number; email: string }[];
    const id = list.find((u) => u.email === 'operator@team.example')!.id;
    expect((await call(app, as.admin!, 'staff:set-disabled', { id, disabled: true })).json.ok).toBe(true);
    expect((await call(app, op, 'log:page')).status).toBe(401);
    expect((await raw(app, '/auth/sign-in', { body: { email: 'operator@team.example', password: PASSWORD } })).status).toBe(401);
    expect((await call(app, as.admin!, 'staff:set-disabled', { id, disabled: false })).json.ok).toBe(true);
    as.operator = await signIn(app, 'operator@team.example');
  });

  it('never leaves the server without an admin who can sign in', async () => {
    const list = (await call(app, as.admin!, 'staff:list')).json.data as { id: number; email: string }[];
    const id = list.find((u) => u.email === 'admin@team.example')!.id;
    const r = await call(app, as.admin!, 'staff:set-role', { id, role: 'viewer' });
    expect(r.json.error).toMatchObject({ code: 'conflict', message: 'admin@team.example is the only admin who can sign in: make another user an admin first.' });
  });

  it('closes a session’s live-events socket at once when it signs out, and refuses it a new one', async () => {
    const s = await signIn(app, 'viewer@team.example');
    const ws = await openSocket(app, { cookie: s.cookie });
    const closed = closeOf(ws);
    expect((await raw(app, '/auth/sign-out', { headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } })).status).toBe(200);
    expect(await closed).toEqual({ code: SESSION_ENDED_CLOSE, reason: 'Your session has ended: sign in again.' });
    await expect(openSocket(app, { cookie: s.cookie })).rejects.toThrow(/403/);
  });

  it('closes a disabled user’s live-events sockets at once, and keeps the others open', async () => {
    const op = await signIn(app, 'operator@team.example');
    const mine = await openSocket(app, { cookie: op.cookie });
    const other = await openSocket(app, { cookie: as.viewer!.cookie });
    const closed = closeOf(mine);
    const id = ((await call(app, as.admin!, 'staff:list')).json.data as { id: number; email: string }[]).find((u) => u.email === 'operator@team.example')!.id;
    expect((await call(app, as.admin!, 'staff:set-disabled', { id, disabled: true })).json.ok).toBe(true);
    expect((await closed).code).toBe(SESSION_ENDED_CLOSE);
    await expect(openSocket(app, { cookie: op.cookie })).rejects.toThrow(/403/);
    expect(other.readyState).toBe(WebSocket.OPEN);
    other.close();
    expect((await call(app, as.admin!, 'staff:set-disabled', { id, disabled: false })).json.ok).toBe(true);
    as.operator = await signIn(app, 'operator@team.example');
  });

  it('has no team server to show or change: that is the desktop app’s', async () => {
    expect((await call(app, as.viewer!, 'desktop:team-server')).json.data).toEqual({ available: false, url: null });
    const r = await call(app, as.admin!, 'desktop:set-team-server', { url: 'https://syncdesk.example.com' });
    expect(r.json.error).toMatchObject({ code: 'conflict', message: 'Only the SyncDesk desktop app opens a team server; this console is not its window.' });
  });

  it('refuses a request, a sign-in and a live-events socket naming a Host or Origin it does not serve (DNS rebinding)', async () => {
    const port = app.server.port;
    const s = as.viewer!;
    for (const host of ['evil.example', `evil.example:${port}`, `127.0.0.1:${port + 1}`]) {
      const r = await raw(app, '/api/log:page', { body: {}, headers: { host, cookie: s.cookie, 'x-csrf-token': s.csrf } });
      expect(r.status, host).toBe(403);
      expect(r.json.error?.message).toBe('Unexpected Host header.');
      expect((await raw(app, '/auth/sign-in', { body: { email: 'viewer@team.example', password: PASSWORD }, headers: { host } })).status).toBe(403);
      await expect(openSocket(app, { cookie: s.cookie, host })).rejects.toThrow(/403/);
    }
    const foreign = await raw(app, '/auth/sign-in', { body: { email: 'viewer@team.example', password: PASSWORD }, headers: { origin: `http://evil.example:${port}` } });
    expect(foreign.status).toBe(403);
    expect(foreign.headers['set-cookie']).toBeUndefined();
    await expect(openSocket(app, { cookie: s.cookie, origin: 'http://evil.example' })).rejects.toThrow(/403/);
    // Its own names still work.
    expect((await call(app, s, 'log:page')).status).toBe(200);
    (await openSocket(app, { cookie: s.cookie, origin: `http://localhost:${port}`, host: `localhost:${port}` })).close();
  });

  it('rate-limits failed sign-ins for one email: the sixth within 15 minutes gets 429 with Retry-After, even with the right password', async () => {
    for (let i = 0; i < 5; i++) expect((await raw(app, '/auth/sign-in', { body: { email: 'viewer@team.example', password: `wrong ${i}` } })).status).toBe(401);
    const r = await raw(app, '/auth/sign-in', { body: { email: 'VIEWER@team.example', password: PASSWORD } });
    expect(r.status).toBe(429);
    const wait = Number(r.headers['retry-after']);
    expect(wait).toBeGreaterThan(0);
    expect(r.json.error?.message).toBe(`Too many failed sign-ins. Try again in ${wait} s.`);
    // Another email from the same address still signs in.
    await signIn(app, 'admin@team.example');
  });
});

describe('team mode behind a TLS proxy it trusts', () => {
  let app: App;
  beforeAll(async () => {
    app = await startTeam(true);
  });
  afterAll(async () => {
    await app.close();
  });

  it('marks the cookie Secure when the proxy says the request came over TLS', async () => {
    expect((await signIn(app, 'viewer@team.example', PASSWORD, { 'x-forwarded-proto': 'https' })).setCookie).toMatch(/; Secure$/);
    expect((await signIn(app, 'viewer@team.example', PASSWORD, { 'x-forwarded-proto': 'http' })).setCookie).not.toMatch(/Secure/);
  });

  it('keys an email’s failed sign-ins by client address: an attacker failing on a user’s email does not lock that user out', async () => {
    const from = (ip: string) => ({ 'x-forwarded-for': ip });
    for (let i = 0; i < 5; i++)
      expect((await raw(app, '/auth/sign-in', { body: { email: 'operator@team.example', password: `wrong ${i}` }, headers: from('198.51.100.9') })).status).toBe(401);
    expect((await raw(app, '/auth/sign-in', { body: { email: 'operator@team.example', password: PASSWORD }, headers: from('198.51.100.9') })).status).toBe(429);
    await signIn(app, 'operator@team.example', PASSWORD, from('198.51.100.10'));
  });

  it('rate-limits failed sign-ins per client address, whichever emails they try', async () => {
    const from = (ip: string) => ({ 'x-forwarded-for': `${ip}, 10.0.0.1` });
    for (let i = 0; i < 20; i++)
      expect((await raw(app, '/auth/sign-in', { body: { email: `guess${i}@team.example`, password: 'guess' }, headers: from('192.0.2.7') })).status).toBe(401);
    const r = await raw(app, '/auth/sign-in', { body: { email: 'admin@team.example', password: PASSWORD }, headers: from('192.0.2.7') });
    expect(r.status).toBe(429);
    expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
    await signIn(app, 'admin@team.example', PASSWORD, from('192.0.2.8'));
  });
});

describe('team mode under a public name (--public-url, behind a proxy)', () => {
  let app: App;
  beforeAll(async () => {
    app = await startTeam(true, ['https://SyncDesk.Example.com']);
  });
  afterAll(async () => {
    await app.close();
  });

  it('answers its public name and loopback, and refuses any other Host or Origin', async () => {
    const pub = { host: 'syncdesk.example.com', origin: 'https://syncdesk.example.com', 'x-forwarded-proto': 'https' };
    const s = await signIn(app, 'viewer@team.example', PASSWORD, pub);
    expect(s.setCookie).toMatch(/; Secure$/);
    expect((await raw(app, '/api/log:page', { body: {}, headers: { ...pub, cookie: s.cookie, 'x-csrf-token': s.csrf } })).status).toBe(200);
    (await openSocket(app, { host: pub.host, origin: pub.origin, cookie: s.cookie })).close();
    const refused = await raw(app, '/api/log:page', { body: {}, headers: { ...pub, origin: 'https://syncdesk.example.com.evil.example', cookie: s.cookie, 'x-csrf-token': s.csrf } });
    expect(refused.status).toBe(403);
    expect((await raw(app, '/api/log:page', { body: {}, headers: { host: 'rebound.example', cookie: s.cookie, 'x-csrf-token': s.csrf } })).status).toBe(403);
    await expect(openSocket(app, { host: 'syncdesk.example.com', origin: 'http://syncdesk.example.com', cookie: s.cookie })).rejects.toThrow(/403/);
  });

  it('refuses a --public-url that is not a bare web address, in plain words', () => {
    expect(() => parseServeArgs(['--team', '--public-url', 'https://syncdesk.example.com/console'])).toThrow(
      '--public-url https://syncdesk.example.com/console must be the server\'s address alone, e.g. https://syncdesk.example.com',
    );
    expect(() => parseServeArgs(['--team', '--public-url', 'syncdesk'])).toThrow('--public-url syncdesk is not a web address (e.g. https://syncdesk.example.com)');
    expect(() => parseServeArgs(['--public-url', 'https://syncdesk.example.com'])).toThrow('--public-url only applies with --team (staff sign-in)');
    expect(parseServeArgs(['--team', '--public-url=https://syncdesk.example.com']).team).toEqual({ trustProxy: false, publicUrls: ['https://syncdesk.example.com'] });
  });
});

describe('team mode with short sessions', () => {
  let app: App;
  beforeAll(async () => {
    app = await startTeam(false, [], { idleMs: 1_000, sessionSweepMs: 100 });
  });
  afterAll(async () => {
    await app.close();
  });

  it('closes a live-events socket once its session has expired, and refuses it a new one', async () => {
    const s = await signIn(app, 'viewer@team.example');
    const ws = await openSocket(app, { cookie: s.cookie });
    expect(await closeOf(ws)).toEqual({ code: SESSION_ENDED_CLOSE, reason: 'Your session has ended: sign in again.' });
    await expect(openSocket(app, { cookie: s.cookie })).rejects.toThrow(/403/);
    expect((await call(app, s, 'log:page')).status).toBe(401);
  });
});
