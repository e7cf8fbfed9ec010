import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src-preload/contract';
import { backoffDelay } from '../../src-renderer/src/api/event-socket';
import { createHttpInvoke } from '../../src-renderer/src/api/http-invoke';
import { splitToken } from '../../src-renderer/src/api/session-token';
import { parseHash, routeHash } from '../../src-renderer/src/app/routes';

describe('renderer transport', () => {
  it('takes the token out of the query string and keeps the rest', () => {
    expect(splitToken('?token=abc')).toEqual({ token: 'abc', search: '' });
    expect(splitToken('?a=1&token=abc&b=2')).toEqual({ token: 'abc', search: '?a=1&b=2' });
    expect(splitToken('')).toEqual({ token: null, search: '' });
    expect(splitToken('?token=')).toEqual({ token: null, search: '' });
  });

  it('backs off exponentially with jitter, capped', () => {
    expect(backoffDelay(0, () => 0)).toBe(500);
    expect(backoffDelay(0, () => 1)).toBe(500);
    expect(backoffDelay(3, () => 1)).toBe(4000);
    expect(backoffDelay(50, () => 1)).toBe(15_000);
    expect(backoffDelay(50, () => 0.5)).toBeLessThan(15_000);
  });

  it('posts to /api/<channel> with the bearer token and returns the Result even on 4xx', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const original = globalThis.fetch;
    globalThis.fetch = (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response(JSON.stringify({ ok: false, error: { code: 'invalid_input', message: 'bad' } }), { status: 400 });
    }) as typeof fetch;
    try {
      const result = await createHttpInvoke('T0K', 'http://h')('log:page', { limit: 5 });
      expect(result).toEqual({ ok: false, error: { code: 'invalid_input', message: 'bad' } });
      expect(calls[0].url).toBe('http://h/api/log%3Apage');
      expect(calls[0].init.headers).toMatchObject({ Authorization: 'Bearer T0K', 'Content-Type': 'application/json' });
      expect(calls[0].init.body).toBe('{"limit":5}');
    } finally {
      globalThis.fetch = original;
    }
  });

  it('turns a non-JSON answer or a network failure into an internal error', async () => {
    const original = globalThis.fetch;
    try {
      globalThis.fetch = (async () => new Response('<html>', { status: 502 })) as unknown as typeof fetch;
      const bad = await createHttpInvoke('t')('settings:get', {});
      expect(bad.ok === false && bad.error.code).toBe('internal');
      globalThis.fetch = (async () => new Response('nope', { status: 401 })) as unknown as typeof fetch;
      const refused = await createHttpInvoke('t')('settings:get', {});
      expect(refused.ok === false && refused.error.code).toBe('forbidden');
      globalThis.fetch = (async () => {
        throw new TypeError('Failed to fetch');
      }) as unknown as typeof fetch;
      const down = await createHttpInvoke('t')('settings:get', {});
      expect(down.ok === false && down.error.message).toMatch(/Cannot reach/);
    } finally {
      globalThis.fetch = original;
    }
  });

  it('routes by hash', () => {
    expect(parseHash('#/runs/42')).toEqual({ name: 'run', runId: 42 });
    expect(parseHash('#/log')).toEqual({ name: 'log' });
    expect(parseHash('')).toEqual({ name: 'sync-status' });
    expect(parseHash('#/nowhere')).toEqual({ name: 'sync-status' });
    expect(routeHash({ name: 'run', runId: 7 })).toBe('#/runs/7');
  });

  it('carries exactly the contract CSP in index.html, with no inline script or style', () => {
    const html = readFileSync(resolve(__dirname, '../../src-renderer/index.html'), 'utf8');
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html);
    expect(meta?.[1]).toBe(CONTENT_SECURITY_POLICY);
    expect(html).not.toMatch(/<style|style=|<script(?![^>]*\ssrc=)/);
  });
});
