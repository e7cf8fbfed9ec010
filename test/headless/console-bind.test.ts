import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startHeadless } from '../../src-main/headless/start-headless';
import { startHeadlessServer } from '../../src-main/headless/headless-server';
import { parseServeArgs } from '../../src-main/headless/team-args';
import type { CoreHandle } from '../../src-main/core/core-handle';
import { createKeytarStore } from '../../src-main/secrets/credential-store';
import { createTestkitConnector } from '../support/testkit-connector';
import { tempDir } from '../support/harness';

// `serve --host`: the console of a team server on an address other computers reach, and still nothing but its own
// names in Host and Origin. Reached through this machine's own non-loopback address (127.0.0.2, which Linux routes
// to loopback, where it has none).

const PUBLIC = 'https://syncdesk.test';
const PASSWORD = 'correct horse battery';

/** An address of this machine that is not 127.0.0.1: its first non-loopback IPv4, else 127.0.0.2. */
function otherAddress(): string {
  const all = Object.values(networkInterfaces()).flatMap((list) => list ?? []);
  return all.find((i) => i.family === 'IPv4' && !i.internal)?.address ?? '127.0.0.2';
}

interface Answer {
  status: number;
  body: string;
}

function ask(address: string, port: number, path: string, headers: Record<string, string>, body?: unknown): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: address, port, path, method: body === undefined ? 'GET' : 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, body: text }));
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

function upgrade(address: string, port: number, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://${address}:${port}/events`, { headers });
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => resolve(0));
  });
}

function renderer(): string {
  const dir = tempDir();
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>SyncDesk</title>');
  return dir;
}

describe('serve --host: which binds it allows', () => {
  it('refuses a non-loopback address outside team mode, and without TLS or a TLS proxy’s https address, in plain words', () => {
    expect(() => parseServeArgs(['--host', '0.0.0.0'])).toThrow(
      '--host 0.0.0.0 lets other computers reach the console, and only staff sign-in may guard it there: add --team (or --database), or leave --host at 127.0.0.1',
    );
    expect(() => parseServeArgs(['--team', '--host', '0.0.0.0'])).toThrow(
      '--host 0.0.0.0 serves the console to the network, where passwords and session cookies must travel encrypted: give --tls-cert and --tls-key, or put a TLS proxy in front and name its address with --public-url https://...',
    );
    expect(() => parseServeArgs(['--team', '--host', '192.0.2.10', '--public-url', 'http://syncdesk.test'])).toThrow(/must travel encrypted/);
    expect(() => parseServeArgs(['--team', '--host', 'syncdesk.test'])).toThrow('--host must be an IP address of this computer to listen on, e.g. --host 0.0.0.0 (every interface) or --host 192.0.2.10; "syncdesk.test" is not one');
  });

  it('takes loopback anywhere, and a network address on a team server with TLS or a public https address', () => {
    expect(parseServeArgs([]).host).toBe('127.0.0.1');
    expect(parseServeArgs(['--host', '127.0.0.2']).host).toBe('127.0.0.2');
    expect(parseServeArgs(['--host', '::1']).host).toBe('::1');
    expect(parseServeArgs(['--team', '--host', '0.0.0.0', '--public-url', PUBLIC])).toMatchObject({ host: '0.0.0.0', team: { publicUrls: [PUBLIC] } });
    expect(parseServeArgs(['--database', 'postgres://x@db/x', '--host', '::', '--tls-cert', 'c.pem', '--tls-key', 'k.pem']).host).toBe('::');
  });
});

describe('a team server’s console on 0.0.0.0', () => {
  const address = otherAddress();
  let app: Awaited<ReturnType<typeof startHeadless>>;
  let port: number;

  beforeAll(async () => {
    app = await startHeadless({
      dataDir: tempDir(),
      launch: { port: 0, listenerPort: 0, sandbox: false, listenerHost: '127.0.0.1' },
      rendererDir: renderer(),
      connectors: [createTestkitConnector()],
      core: { credentials: createKeytarStore({ service: 'SyncDesk-test-console-bind' }) },
      team: { publicUrls: [PUBLIC] },
      host: '0.0.0.0',
    });
    port = app.server.port;
    await app.core.services.staff.add({ email: 'viewer@team.example', name: 'Viewer', role: 'viewer', password: PASSWORD });
  });
  afterAll(async () => {
    await app?.close();
  });

  it(`is reached through this machine's address (${address}) under its public name and its own address, and names loopback in its console line`, async () => {
    expect(app.server.url).toBe(`http://127.0.0.1:${port}/`);
    expect(await ask(address, port, '/', { host: 'syncdesk.test' })).toMatchObject({ status: 200, body: expect.stringContaining('<title>SyncDesk</title>') });
    expect((await ask(address, port, '/', { host: `${address}:${port}` })).status).toBe(200);
    const signIn = await ask(address, port, '/auth/sign-in', { host: 'syncdesk.test', origin: PUBLIC }, { email: 'viewer@team.example', password: PASSWORD });
    expect(signIn.status, signIn.body).toBe(200);
  });

  it('refuses any other Host or Origin there: a page whose DNS rebinds to this address gets nothing', async () => {
    for (const host of ['evil.example', `evil.example:${port}`, 'syncdesk.test.evil.example', `${address}:${port + 1}`]) {
      const r = await ask(address, port, '/', { host });
      expect(r, host).toMatchObject({ status: 403, body: expect.stringContaining('Unexpected Host header.') });
    }
    for (const origin of ['https://evil.example', 'http://syncdesk.test', `https://${address}:${port}`]) {
      const r = await ask(address, port, '/auth/sign-in', { host: 'syncdesk.test', origin }, { email: 'viewer@team.example', password: PASSWORD });
      expect(r, origin).toMatchObject({ status: 403, body: expect.stringContaining('Cross-origin request refused.') });
    }
    expect(await upgrade(address, port, { host: 'syncdesk.test', origin: 'https://evil.example' })).toBe(403);
    expect(await upgrade(address, port, { host: 'evil.example', origin: PUBLIC })).toBe(403);
  });
});

describe('a console on one address', () => {
  it('names that address in its URL, answers to it, and refuses other names', async () => {
    const address = otherAddress();
    const core: CoreHandle = { mode: 'headless', dataDir: tempDir(), listenerUrl: null, dispatch: async () => ({ ok: true, data: null }), onEvent: () => () => undefined, close: async () => undefined };
    const server = await startHeadlessServer(core, { host: address, port: 0, rendererDir: renderer(), exportsDir: tempDir() });
    try {
      expect(server.url).toMatch(new RegExp(`^http://${address.replace(/\./g, '\\.')}:${server.port}/\\?token=`));
      expect((await ask(address, server.port, '/', { host: `${address}:${server.port}` })).status).toBe(200);
      expect((await ask(address, server.port, '/', { host: `rebound.example:${server.port}` })).status).toBe(403);
    } finally {
      await server.close();
    }
  });
});
