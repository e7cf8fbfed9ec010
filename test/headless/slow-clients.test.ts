// Issue 9, item 8 on the headless console server, over raw sockets: dripped bodies and headers are cut off at the
// stated timeouts, idle sockets are reaped, connections beyond the cap are refused; a handler that takes longer than
// the idle timeout and the events WebSocket are left alone. Small limits are injected; HEADLESS_LIMITS stay production.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startHeadless } from '../../src-main/headless/start-headless';
import { HEADLESS_LIMITS, type HttpLimits } from '../../src-main/listener/http-limits';
import { createKeytarStore } from '../../src-main/secrets/credential-store';
import { createTestkitConnector } from '../support/testkit-connector';
import { tempDir } from '../support/harness';
import { postHead, rawConnections, within } from '../support/raw-http';

const LIMITS: HttpLimits = { headersTimeoutMs: 800, requestTimeoutMs: 1_500, keepAliveTimeoutMs: 300, idleTimeoutMs: 1_000, maxConnections: 12, checkIntervalMs: 100 };
const SLACK = 700;

let app: Awaited<ReturnType<typeof startHeadless>>;
let port: number;
const connections = rawConnections(() => port);

beforeAll(async () => {
  const renderer = tempDir();
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>SyncDesk</title>');
  app = await startHeadless({
    dataDir: tempDir(),
    launch: { port: 0, listenerPort: 0, sandbox: true, listenerHost: '127.0.0.1' },
    rendererDir: renderer,
    connectors: [createTestkitConnector()],
    core: { credentials: createKeytarStore({ service: 'SyncDesk-test-headless-slow' }) },
    limits: LIMITS,
  });
  port = app.server.port;
});
afterAll(async () => {
  connections.destroyAll();
  await app.close();
});

const conn = (initial = '') => connections.open(initial);

const api = (channel: string, headers: Record<string, string | number>) =>
  postHead(port, `/api/${channel}`, { Authorization: `Bearer ${app.server.token}`, 'Content-Type': 'application/json', ...headers });

describe('headless mode and slow clients', () => {
  it('states production limits by default', () => {
    expect(HEADLESS_LIMITS).toEqual({ headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000, idleTimeoutMs: 60_000, maxConnections: 64, checkIntervalMs: 1_000 });
  });

  it('cuts off a body dripped a byte at a time at the request timeout (408), with the token', async () => {
    const c = await conn(api('settings:get', { 'content-length': 400 }));
    c.drip(' ', 300);
    const r = await within(c.closed, 8_000);
    expect(r).not.toBe('timeout');
    if (r === 'timeout') return;
    expect(r.status).toBe(408);
    expect(r.afterMs).toBeGreaterThanOrEqual(LIMITS.requestTimeoutMs - 100);
    expect(r.afterMs).toBeLessThan(LIMITS.requestTimeoutMs + SLACK);
  });

  it('cuts off headers dripped a byte at a time at the headers timeout (408)', async () => {
    const c = await conn(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Slow: `);
    c.drip('a', 200);
    const r = await within(c.closed, 8_000);
    expect(r).not.toBe('timeout');
    if (r === 'timeout') return;
    expect(r.status).toBe(408);
    expect(r.afterMs).toBeLessThan(LIMITS.headersTimeoutMs + SLACK);
  });

  it('reaps idle sockets: never used, stalled after the headers, kept alive after an answer', async () => {
    const silent = await Promise.all(Array.from({ length: 8 }, () => conn()));
    const stalled = await conn(api('settings:get', { 'content-length': 100 }));
    const kept = await conn(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
    const results = await within(Promise.all([...silent, stalled, kept].map((c) => c.closed)), 8_000);
    expect(results).not.toBe('timeout');
    if (results === 'timeout') return;
    for (const r of results.slice(0, 8)) expect(r.afterMs).toBeLessThan(LIMITS.headersTimeoutMs + SLACK);
    expect(results[8]!.afterMs).toBeLessThan(LIMITS.idleTimeoutMs + SLACK);
    expect(results[9]!.status).toBe(200);
    expect(results[9]!.afterMs).toBeLessThan(LIMITS.keepAliveTimeoutMs + 1_000 + SLACK);
  });

  it('refuses connections beyond maxConnections, and takes new ones once those are gone', async () => {
    await new Promise((r) => setTimeout(r, 100));
    const held = await Promise.all(Array.from({ length: LIMITS.maxConnections }, () => conn(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Held: `)));
    await new Promise((r) => setTimeout(r, 100));
    const extra = await conn(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
    const r = await within(extra.closed, 2_000);
    expect(r).not.toBe('timeout');
    if (r === 'timeout') return;
    expect(r.text).toBe('');
    expect(r.afterMs).toBeLessThan(300);
    for (const c of held) c.socket.destroy();
    await Promise.all(held.map((c) => c.closed));
    await new Promise((r) => setTimeout(r, 100));
    expect((await fetch(`${app.server.base}/`)).status).toBe(200);
  });

  it('lets a handler that works longer than the idle timeout answer, and keeps the events socket open', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/events?token=${app.server.token}`);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const faults = await app.core.dispatch('sandbox:set-faults', { connectorId: 'testkit', faults: { latencyMs: 2_500 } });
    expect(faults.ok).toBe(true);
    const body = JSON.stringify({ connectorId: 'testkit' });
    const c = await conn(`${api('connections:test', { 'content-length': Buffer.byteLength(body), connection: 'close' })}${body}`);
    const r = await within(c.closed, 8_000);
    await app.core.dispatch('sandbox:set-faults', { connectorId: 'testkit', faults: { latencyMs: 0 } });
    expect(r).not.toBe('timeout');
    if (r === 'timeout') return;
    expect(r.status).toBe(200);
    expect(r.afterMs).toBeGreaterThan(LIMITS.idleTimeoutMs + 1_000);
    expect(r.text).toContain('"ok":true');
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
  });
});
