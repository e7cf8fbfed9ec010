// Issue 9, item 8 on the listener, over raw sockets: a dripped body or header is cut off at the stated timeout, idle
// sockets are reaped, connections beyond the cap are refused, and a caller without a key is answered 401 before its
// body is read. Small limits are injected so the test is quick; the defaults (LISTENER_LIMITS) stay production values.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CRM_AGENT_PATH } from '../../src-main/connectors/confirm/crm-agent-route';
import { LISTENER_LIMITS, type HttpLimits } from '../../src-main/listener/http-limits';
import { startConfirmCore, type ConfirmCore } from '../connectors/confirm/confirm-core';
import { postHead, rawConnections, within } from '../support/raw-http';

const LIMITS: HttpLimits = { headersTimeoutMs: 800, requestTimeoutMs: 1_500, keepAliveTimeoutMs: 300, idleTimeoutMs: 1_000, maxConnections: 16, checkIntervalMs: 100 };
// Node checks the headers and request timeouts every checkIntervalMs, and adds a 1 s buffer to keep-alive.
const SLACK = 700;

let h: ConfirmCore;
let port: number;
let apiKey: string;
let crmKey: string;
const connections = rawConnections(() => port);

beforeAll(async () => {
  h = await startConfirmCore({ listenerLimits: LIMITS });
  port = Number(new URL(h.core.listenerUrl!).port);
  apiKey = (await h.call('platform:rotate-key', {})).newKey;
  crmKey = (await h.call('confirm:rotate-crm-agent-key', {})).newKey;
});
afterAll(async () => {
  connections.destroyAll();
  await h.close();
});

const conn = (initial = '') => connections.open(initial);

const head = (path: string, headers: Record<string, string | number>) => postHead(port, path, headers);

const refusalRows = async () => (await h.services.repos.log.page({}, null, 500)).entries.filter((e) => e.action === 'crm-agent' || e.action === 'register').length;

describe('the listener and slow clients', () => {
  it('states production limits by default', () => {
    expect(LISTENER_LIMITS).toEqual({ headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000, idleTimeoutMs: 15_000, maxConnections: 256, checkIntervalMs: 1_000 });
  });

  it('cuts off a body dripped a byte at a time at the request timeout (408), with the key', async () => {
    const c = await conn(head('/platform/registrations', { 'x-api-key': apiKey, 'content-type': 'application/json', 'content-length': 400 }));
    c.drip(' ', 300);
    const r = await within(c.closed, 8_000);
    expect(r).not.toBe('timeout');
    if (r === 'timeout') return;
    expect(r.status).toBe(408);
    expect(r.afterMs).toBeGreaterThanOrEqual(LIMITS.requestTimeoutMs - 100);
    expect(r.afterMs).toBeLessThan(LIMITS.requestTimeoutMs + SLACK);
    expect(await h.services.repos.customers.count()).toBe(0);
  });

  it('cuts off headers dripped a byte at a time at the headers timeout (408)', async () => {
    const c = await conn(`POST /platform/registrations HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Slow: `);
    c.drip('a', 200);
    const r = await within(c.closed, 8_000);
    expect(r).not.toBe('timeout');
    if (r === 'timeout') return;
    expect(r.status).toBe(408);
    expect(r.afterMs).toBeLessThan(LIMITS.headersTimeoutMs + SLACK);
  });

  it('reaps idle sockets: never used, stalled after the headers, kept alive after an answer', async () => {
    const silent = await Promise.all(Array.from({ length: 10 }, () => conn()));
    const stalled = await conn(head('/platform/registrations', { 'x-api-key': apiKey, 'content-type': 'application/json', 'content-length': 100 }));
    const kept = await conn(`GET /health HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
    const results = await within(Promise.all([...silent, stalled, kept].map((c) => c.closed)), 8_000);
    expect(results).not.toBe('timeout');
    if (results === 'timeout') return;
    for (const r of results.slice(0, 10)) expect(r.afterMs).toBeLessThan(LIMITS.headersTimeoutMs + SLACK);
    expect(results[10]!.afterMs).toBeLessThan(LIMITS.idleTimeoutMs + SLACK);
    expect(results[11]!.status).toBe(200);
    expect(results[11]!.afterMs).toBeLessThan(LIMITS.keepAliveTimeoutMs + 1_000 + SLACK);
  });

  it('refuses connections beyond maxConnections, and takes new ones once those are gone', async () => {
    await new Promise((r) => setTimeout(r, 100));
    const held = await Promise.all(Array.from({ length: LIMITS.maxConnections }, () => conn(`GET /health HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Held: `)));
    await new Promise((r) => setTimeout(r, 100));
    const extra = await conn(`GET /health HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
    const r = await within(extra.closed, 2_000);
    expect(r).not.toBe('timeout');
    if (r === 'timeout') return;
    expect(r.text).toBe('');
    expect(r.afterMs).toBeLessThan(300);
    for (const c of held) c.socket.destroy();
    await Promise.all(held.map((c) => c.closed));
    await new Promise((r) => setTimeout(r, 100));
    expect((await fetch(`${h.core.listenerUrl}/health`)).status).toBe(200);
  });

  it('answers a bad key at once, with a large slow body unread, on the CRM Agent and the platform route', async () => {
    const before = await refusalRows();
    const calls = [
      head(`${CRM_AGENT_PATH}?key=nope`, { 'content-type': 'text/xml', 'content-length': 50 * 1024 * 1024 }),
      head(CRM_AGENT_PATH, { 'content-type': 'text/xml', 'content-length': 50 * 1024 * 1024 }),
      head('/platform/registrations', { 'x-api-key': `${apiKey}x`, 'content-type': 'application/json', 'content-length': 50 * 1024 * 1024 }),
      head('/platform/registrations', { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }),
    ];
    // The chunked one opens a chunk of 64 KB and drips it.
    const conns = await Promise.all(calls.map((c, i) => conn(`${c}${i === 3 ? 'ffff\r\n' : ''}<a>`)));
    for (const c of conns) c.drip('x', 200);
    const answers = await within(Promise.all(conns.map((c) => c.answered)), 3_000);
    expect(answers).not.toBe('timeout');
    if (answers === 'timeout') return;
    for (const a of answers) {
      expect(a.status).toBe(401);
      // Long before the request timeout: the body was never waited for.
      expect(a.afterMs).toBeLessThan(500);
    }
    // And the connection is closed, not kept draining the body.
    const closed = await within(Promise.all(conns.map((c) => c.closed)), 3_000);
    expect(closed).not.toBe('timeout');
    if (closed === 'timeout') return;
    for (const c of closed) expect(c.afterMs).toBeLessThan(LIMITS.requestTimeoutMs);
    expect(closed[0]!.text).toContain('<Result>unauthorized</Result>');
    expect(closed[2]!.text).toContain('missing or wrong API key');
    // Counted, one line per route at most.
    expect(await refusalRows() - before).toBeLessThanOrEqual(2);
  });

  it('still reads the body of a request with the right key', async () => {
    const body = '<EnquiryStatusUpdate><EnquiryNumber>424242</EnquiryNumber></EnquiryStatusUpdate>';
    const c = await conn(head(`${CRM_AGENT_PATH}?key=${crmKey}`, { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(body), connection: 'close' }) + body);
    const r = await within(c.closed, 5_000);
    expect(r).not.toBe('timeout');
    if (r === 'timeout') return;
    expect(r.status).toBe(200);
    expect(r.text).toContain('<Result>ignored</Result>');
  });
});
