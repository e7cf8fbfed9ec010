import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'node:http';
import { connect } from 'node:net';
import WebSocket from 'ws';
import { CONTENT_SECURITY_POLICY } from '../../src-preload/contract';
import { startHeadless } from '../../src-main/headless/start-headless';
import { createTestkitConnector } from '../support/testkit-connector';
import { tempDir } from '../support/harness';
import { createKeytarStore } from '../../src-main/secrets/credential-store';

let app: Awaited<ReturnType<typeof startHeadless>>;
let base: string;
let port: number;

beforeAll(async () => {
  const renderer = tempDir();
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>SyncDesk</title>');
  mkdirSync(join(renderer, 'assets'));
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)');
  app = await startHeadless({
    dataDir: tempDir(),
    launch: { port: 0, listenerPort: 0, sandbox: true, listenerHost: '127.0.0.1' },
    rendererDir: renderer,
    connectors: [createTestkitConnector()],
    core: { credentials: createKeytarStore({ service: 'SyncDesk-test-headless' }) },
  });
  base = app.server.base;
  port = app.server.port;
});
afterAll(async () => {
  await app.close();
});

/** Raw HTTP, so the Host header can be anything (fetch would not let a test forge it). */
function raw(path: string, opts: { method?: string; host?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: { host: opts.host ?? `127.0.0.1:${port}`, ...opts.headers } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

const auth = () => ({ authorization: `Bearer ${app.server.token}`, 'content-type': 'application/json' });

describe('headless mode', () => {
  it('prints a console URL with a fresh token on 127.0.0.1', () => {
    expect(app.server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32,}$/);
    expect(app.core.listenerUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('serves the renderer with the strict CSP and hardening headers', async () => {
    const r = await raw('/');
    expect(r.status).toBe(200);
    expect(r.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(r.headers['x-frame-options']).toBe('DENY');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
  });

  it('refuses every /api/ request without the right token', async () => {
    for (const headers of [{} as Record<string, string>, { authorization: 'Bearer nope' }, { authorization: `Bearer ${app.server.token}x` }, { authorization: app.server.token }]) {
      const r = await raw('/api/settings:get', { method: 'POST', headers, body: '{}' });
      expect(r.status).toBe(401);
      expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    const okay = await raw('/api/settings:get', { method: 'POST', headers: auth(), body: '{}' });
    expect(okay.status).toBe(200);
    expect(JSON.parse(okay.body)).toMatchObject({ ok: true, data: { mode: 'headless', sandboxMode: true } });
  });

  it('refuses a foreign Host header (DNS rebinding) even with the token', async () => {
    for (const host of ['evil.example:' + port, `127.0.0.1.nip.io:${port}`, '127.0.0.1', `localhost:${port + 1}`]) {
      const r = await raw('/api/settings:get', { method: 'POST', host, headers: auth(), body: '{}' });
      expect(r.status).toBe(403);
    }
    expect((await raw('/', { host: 'evil.example' })).status).toBe(403);
    expect((await raw('/api/settings:get', { method: 'POST', host: `localhost:${port}`, headers: auth(), body: '{}' })).status).toBe(200);
  });

  it('answers malformed request lines with 400 and keeps serving (console and listener)', async () => {
    expect((await raw('/api/%ff', { method: 'POST', headers: auth(), body: '{}' })).status).toBe(400);
    expect((await raw(`/downloads/%E0%A4%A?token=${app.server.token}`)).status).toBe(400);
    for (const target of [port, Number(new URL(app.core.listenerUrl!).port)]) {
      const answer = await new Promise<string>((resolve) => {
        const sock = connect(target, '127.0.0.1', () => sock.end(`GET http://[::1 HTTP/1.1\r\nHost: 127.0.0.1:${target}\r\n\r\n`));
        let data = '';
        sock.on('data', (d) => (data += d));
        sock.on('close', () => resolve(data));
        sock.on('error', () => resolve(data));
      });
      expect(answer).toMatch(/^HTTP\/1\.1 400/);
    }
    expect((await raw('/api/settings:get', { method: 'POST', headers: auth(), body: '{}' })).status).toBe(200);
    expect((await fetch(`${app.core.listenerUrl}/health`)).status).toBe(200);
  });

  it('refuses a cross-origin API call', async () => {
    const r = await raw('/api/settings:get', { method: 'POST', headers: { ...auth(), origin: 'https://evil.example' }, body: '{}' });
    expect(r.status).toBe(403);
  });

  it('answers malformed JSON, bad input and oversized bodies with typed errors', async () => {
    const bad = await raw('/api/log:page', { method: 'POST', headers: auth(), body: '{"limit":' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const invalid = await raw('/api/log:page', { method: 'POST', headers: auth(), body: '{"limit":"all"}' });
    expect(JSON.parse(invalid.body)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const unknown = await raw('/api/shell:exec', { method: 'POST', headers: auth(), body: '{}' });
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    const huge = await raw('/api/log:page', { method: 'POST', headers: auth(), body: JSON.stringify({ q: 'x'.repeat(3 * 1024 * 1024) }) });
    expect(huge.status).toBe(413);
    expect(JSON.parse(huge.body)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('streams events over a WebSocket only with the token and our origin', async () => {
    const refused = await new Promise<string>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/events?token=wrong`);
      ws.on('error', (e) => resolve(String(e.message)));
      ws.on('open', () => resolve('opened'));
    });
    expect(refused).toMatch(/403/);
    const foreign = await new Promise<string>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/events?token=${app.server.token}`, { origin: 'https://evil.example' });
      ws.on('error', (e) => resolve(String(e.message)));
      ws.on('open', () => resolve('opened'));
    });
    expect(foreign).toMatch(/403/);

    const ws = new WebSocket(`ws://127.0.0.1:${port}/events?token=${app.server.token}`, { origin: base });
    await new Promise((r) => ws.on('open', r));
    const got = new Promise<{ event: string; payload: { id: number } }>((resolve) =>
      ws.on('message', (m) => {
        const msg = JSON.parse(String(m));
        if (msg.event === 'sync:run-updated') resolve(msg);
      }),
    );
    const start = await raw('/api/sync:run', { method: 'POST', headers: auth(), body: JSON.stringify({ connectorId: 'testkit', taskId: 'pull-widgets' }) });
    const started = JSON.parse(start.body);
    expect(started, start.body).toMatchObject({ ok: true });
    expect((await got).payload.id).toBe(started.data.runId);
    ws.close();
  });

  it('exports the log as CSV and serves it only with the token, never outside the exports folder', async () => {
    const r = await raw('/api/log:export', { method: 'POST', headers: auth(), body: '{}' });
    const { data } = JSON.parse(r.body);
    expect(data.downloadUrl).toMatch(/^\/downloads\/integration-log-.*\.csv\?token=/);
    const file = await raw(data.downloadUrl);
    expect(file.status).toBe(200);
    expect(file.headers['content-disposition']).toMatch(/attachment/);
    expect(file.body).toContain('time,connector,action');
    expect((await raw(data.downloadUrl.replace(/token=.*/, 'token=bad'))).status).toBe(401);
    expect((await raw(`/downloads/..%2F..%2Fsyncdesk.db?token=${app.server.token}`)).status).toBe(404);
  });
});
