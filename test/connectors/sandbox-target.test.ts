// Sandbox mode is honest about where a connection points: at its simulator (whose address and demo credentials are
// shown as set by it), or at an address typed for it, which is validated and tested exactly as outside sandbox mode.
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CERM_ID } from '../../src-main/connectors/cerm';
import type { ConnectionView } from '../../src-preload/contract';
import { startCermCore, type CermHarness } from './cerm/cerm-harness';
import { startConfirmCore, type ConfirmCore } from './confirm/confirm-core';
import { CONFIRM_ID } from '../../src-main/connectors/confirm';
import { fieldMessage } from '../../src-preload/contract';

let h: CermHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** A local port nobody listens on (it was free a moment ago). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function view(harness: CermHarness): Promise<ConnectionView> {
  const r = await harness.core.dispatch('connections:list', {});
  if (!r.ok) throw new Error(r.error.message);
  const v = (r.data as ConnectionView[]).find((c) => c.connectorId === CERM_ID);
  if (!v) throw new Error('no CERM connection');
  return v;
}

describe('sandbox mode: simulator or typed address, per connection', () => {
  it('shows the fields the simulator sets, refuses a wrong typed endpoint with its reason and saves nothing, then switches back', async () => {
    h = await startCermCore({ customers: 5 });
    const creds = h.sandbox.credentials;

    const first = await view(h);
    expect(first.sandbox).toMatchObject({ target: 'simulator', simulatorUrl: h.sandbox.url });
    expect(first.sandbox?.overridden.sort()).toEqual(['apiUrl', 'clientId', 'clientSecret', 'password', 'username']);
    expect(first.values.apiUrl).toBe(`${h.sandbox.url}/`);
    expect(first.sandboxUrl).toBe(h.sandbox.url);

    // Nothing listens there: the typed endpoint is tried before anything is kept.
    const deadUrl = `http://127.0.0.1:${await closedPort()}/`;
    const typed = { apiUrl: deadUrl, clientId: creds.clientId, username: creds.username };
    const secrets = { clientSecret: creds.clientSecret, password: creds.password };
    const refused = await h.core.dispatch('connections:save', { connectorId: CERM_ID, values: typed, secrets, sandboxTarget: 'typed' });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.code).toBe('connection_failed');
    expect(refused.error.message).toMatch(/^The connection test failed, so nothing was saved\. CERM sign-in: .*refused/i);
    const afterRefusal = await view(h);
    expect(afterRefusal.sandbox?.target).toBe('simulator');
    expect(afterRefusal.updatedAt).toBe(first.updatedAt);
    expect(afterRefusal.sandbox?.ownValues.apiUrl ?? null).toBeNull();
    // The simulator's demo secrets are not the connection's own: none is stored for a typed address yet.
    expect(afterRefusal.sandbox?.ownSecrets).toEqual([]);
    expect(afterRefusal.secrets).toEqual(first.secrets);

    // A malformed typed endpoint is named, as outside sandbox mode.
    const malformed = await h.core.dispatch('connections:save', { connectorId: CERM_ID, values: { ...typed, apiUrl: 'yourcompany' }, secrets, sandboxTarget: 'typed' });
    expect(malformed.ok).toBe(false);
    if (malformed.ok) return;
    expect(malformed.error.issues?.map((i) => i.path)).toContain('apiUrl');
    expect((await view(h)).sandbox?.target).toBe('simulator');

    // The simulator's own address, typed: tested, saved, and from then on nothing is overridden.
    const ownUrl = `${h.sandbox.url}/`;
    const saved = await h.core.dispatch('connections:save', { connectorId: CERM_ID, values: { ...typed, apiUrl: ownUrl }, secrets, sandboxTarget: 'typed' });
    if (!saved.ok) throw new Error(saved.error.message);
    const savedView = saved.data as ConnectionView;
    expect(savedView.sandbox).toMatchObject({ target: 'typed', overridden: [], ownValues: {} });
    expect(savedView.sandboxUrl).toBeNull();
    expect(savedView.values.apiUrl).toBe(ownUrl);
    expect(savedView.secrets).toEqual({ clientSecret: 'set', password: 'set' });
    const run = await h.run('download-customers');
    expect(run.status).toBe('success');

    // Typed address, now wrong: refused, and the connection keeps the working one.
    const wrong = await h.core.dispatch('connections:save', { connectorId: CERM_ID, values: { apiUrl: deadUrl }, secrets: {} });
    expect(wrong.ok).toBe(false);
    expect((await view(h)).values.apiUrl).toBe(ownUrl);

    // Back to the simulator: the typed values are kept for later, shown apart from what the simulator sets.
    const back = await h.core.dispatch('connections:save', { connectorId: CERM_ID, values: {}, secrets: {}, sandboxTarget: 'simulator' });
    if (!back.ok) throw new Error(back.error.message);
    const backView = back.data as ConnectionView;
    expect(backView.sandbox?.target).toBe('simulator');
    expect(backView.sandbox?.overridden).toContain('apiUrl');
    expect(backView.sandbox?.ownValues.apiUrl).toBe(ownUrl);
    expect([...backView.sandbox!.ownSecrets].sort()).toEqual(['clientSecret', 'password']);
    expect(backView.sandboxUrl).toBe(h.sandbox.url);
  });

  it('keeps the choice across a restart of the same data folder', async () => {
    h = await startCermCore({ customers: 5 });
    const creds = h.sandbox.credentials;
    const r = await h.core.dispatch('connections:save', {
      connectorId: CERM_ID,
      values: { apiUrl: `${h.sandbox.url}/`, clientId: creds.clientId, username: creds.username },
      secrets: { clientSecret: creds.clientSecret, password: creds.password },
      sandboxTarget: 'typed',
    });
    if (!r.ok) throw new Error(r.error.message);
    const dataDir = h.dataDir;
    await h.close(false);
    h = await startCermCore({ customers: 5, dataDir });
    expect((await view(h)).sandbox?.target).toBe('typed');
  });
});

describe("sandbox mode: Confirm's Tenant ID at a typed address", () => {
  let c: ConfirmCore | undefined;
  afterEach(async () => {
    await c?.close();
    c = undefined;
  });

  it('refuses a cleared Tenant ID with the reason beside the field, and keeps what was saved: never "Saved", then the old value back', async () => {
    c = await startConfirmCore();
    const list = async () => ((await c!.call('connections:list', {})) as ConnectionView[]).find((v) => v.connectorId === CONFIRM_ID)!;
    const first = await list();
    expect(first.sandbox?.target).toBe('simulator');
    const creds = c.sandbox.credentials;
    const typed = { endpoint: first.values.endpoint, tenantId: creds.tenantId, username: creds.username };
    const saved = await c.core.dispatch('connections:save', { connectorId: CONFIRM_ID, values: typed, secrets: { password: creds.password }, sandboxTarget: 'typed' });
    if (!saved.ok) throw new Error(saved.error.message);
    expect((saved.data as ConnectionView).values.tenantId).toBe(creds.tenantId);

    const cleared = await c.core.dispatch('connections:save', { connectorId: CONFIRM_ID, values: { ...typed, tenantId: '' }, secrets: {} });
    expect(cleared.ok).toBe(false);
    if (cleared.ok) return;
    const issue = cleared.error.issues?.find((i) => i.path === 'tenantId');
    expect(issue).toBeDefined();
    expect(fieldMessage(issue!, 'Tenant ID')).toMatch(/Tenant ID.*required/i);
    const after = await list();
    expect(after.sandbox?.target).toBe('typed');
    expect(after.values.tenantId).toBe(creds.tenantId);
    expect(after.updatedAt).toBe((saved.data as ConnectionView).updatedAt);
  });
});
