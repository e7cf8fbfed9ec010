// Issue 9, item 7 over real sockets: 2,000 requests without a valid key, at the CRM Agent route and the
// platform route, write one log line each route (and the counted rest once the listener closes), not a row apiece.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { CRM_AGENT_PATH } from '../../src-main/connectors/confirm/crm-agent-route';
import { startConfirmCore, type ConfirmCore } from '../connectors/confirm/confirm-core';
import { peekDb } from '../support/harness';

let h: ConfirmCore;
let crmKey: string;
let apiKey: string;
let closed = false;

beforeAll(async () => {
  h = await startConfirmCore();
  crmKey = (await h.call('confirm:rotate-crm-agent-key', {})).newKey;
  apiKey = (await h.call('platform:rotate-key', {})).newKey;
});
afterAll(async () => {
  if (!closed) await h.close();
});

const XML = '<EnquiryStatusUpdate><EnquiryNumber>000777</EnquiryNumber></EnquiryStatusUpdate>';
const off = (k: string) => `${k.slice(0, -1)}${k.endsWith('0') ? '1' : '0'}`;

function crmAgent(i: number) {
  const variant = i % 3;
  const key = variant === 0 ? '' : `?key=${encodeURIComponent(variant === 1 ? off(crmKey) : 'guess')}`;
  // Variant 2 is what a page on another site can send without a preflight: a simple POST.
  const headers: Record<string, string> = variant === 2 ? { 'content-type': 'text/plain', origin: 'https://evil.example' } : { 'content-type': 'text/xml' };
  return fetch(`${h.core.listenerUrl}${CRM_AGENT_PATH}${key}`, { method: 'POST', headers, body: XML });
}

function platform(i: number) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (i % 2 === 1) headers['x-api-key'] = off(apiKey);
  return fetch(`${h.core.listenerUrl}/platform/registrations`, { method: 'POST', headers, body: JSON.stringify({ email: `x${i}@example.com`, firstName: 'X', lastName: 'Y' }) });
}

const rows = async (connectorId: string, action: string) =>
  (await h.services.repos.log.page({ connectorId }, null, 500)).entries.filter((e) => e.action === action).map((e) => e.message);

describe('requests without a valid key', () => {
  it('2,000 of them write one log line per route, and the count arrives when the listener closes', async () => {
    const N = 1_000;
    const statuses = new Map<number, number>();
    for (let i = 0; i < N; i += 50) {
      const batch = await Promise.all(Array.from({ length: 50 }, (_, j) => Promise.all([crmAgent(i + j), platform(i + j)])));
      for (const pair of batch)
        for (const r of pair) {
          statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
          await r.arrayBuffer();
        }
    }
    expect([...statuses]).toEqual([[401, 2 * N]]);
    h.services.log.flush();
    const crm = await rows('confirm', 'crm-agent');
    const api = await rows('platform', 'register');
    expect(crm.length).toBeLessThanOrEqual(2);
    expect(api.length).toBeLessThanOrEqual(2);
    expect(crm[0]).toMatch(/^CRM Agent: 1 request refused for a missing or wrong key since \d\d:\d\d/);
    expect(api[0]).toMatch(/^Platform API: 1 request refused for a missing or wrong API key since \d\d:\d\d/);
    expect(await h.services.repos.customers.count()).toBe(0);

    // Closing writes the rest of the minute's count, so no refusal goes unmentioned.
    const file = h.services.paths.database;
    await h.close(false);
    closed = true;
    const db = peekDb(file);
    const messages = (connectorId: string, action: string) =>
      (db.prepare('SELECT message FROM integration_log WHERE connector_id = ? AND action = ? ORDER BY id').all(connectorId, action) as { message: string }[]).map((r) => r.message);
    expect(messages('confirm', 'crm-agent')).toEqual([expect.stringMatching(/^CRM Agent: 1 request/), expect.stringMatching(/^CRM Agent: 999 requests refused/)]);
    expect(messages('platform', 'register')).toEqual([expect.stringMatching(/^Platform API: 1 request/), expect.stringMatching(/^Platform API: 999 requests refused/)]);
    db.close();
    rmSync(h.dataDir, { recursive: true, force: true });
  });
});
