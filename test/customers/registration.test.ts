import { afterEach, describe, expect, it } from 'vitest';
import { startTestCore } from '../support/harness';
import { createCermConnector, CERM_ID } from '../../src-main/connectors/cerm';
import type { RegistrationResult } from '../../src-preload/contract';
import type { SandboxServer } from '../../src-main/sandbox/sandbox-server';

type Harness = Awaited<ReturnType<typeof startTestCore>>;
let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

async function cermCore(settings: Record<string, unknown>) {
  h = await startTestCore({ core: { connectors: [createCermConnector({ customers: 300 })] } });
  const saved = await h.core.dispatch('connections:save', { connectorId: CERM_ID, values: settings, secrets: {} });
  if (!saved.ok) throw new Error(saved.error.message);
  // The auto-link rule matches cost codes against CERM's customer list: download it first.
  const run = await h.core.dispatch('sync:run', { connectorId: CERM_ID, taskId: 'download-customers' });
  if (!run.ok) throw new Error(run.error.message);
  const done = await h.services.tasks.wait((run.data as { runId: number }).runId);
  expect(done?.status).toBe('success');
  return h;
}

/** A department linked to a CERM customer that has a cost code; returns both. */
async function linkedDepartment(h: Harness, name: string) {
  const page = await h.services.repos.cermCustomers.search({ limit: 50 });
  let cc: (typeof page.rows)[number] | undefined;
  for (const r of page.rows) if (r.costCode && (await h.services.repos.departments.forCostCode(r.costCode)).length === 0) { cc = r; break; }
  if (!cc) throw new Error('no CERM customer with a free cost code');
  const id = await h.services.repos.departments.create(name, null, Date.now());
  await h.services.repos.departments.linkCerm(id, cc.cermId, Date.now());
  return { departmentId: id, cermCustomer: cc };
}

async function register(h: Harness, input: Record<string, unknown>) {
  return h.core.dispatch('customers:register', { firstName: 'Ann', lastName: 'Peeters', ...input });
}

function sandboxOf(h: Harness) {
  return h.services.sandboxes.get(CERM_ID) as SandboxServer;
}

describe('registration rules (CERM customer sync)', () => {
  it('links a registrant to the department whose CERM customer has the same cost code', async () => {
    const h = await cermCore({ autoLinkDepartment: true, autoCreateCustomers: true });
    const { departmentId, cermCustomer } = await linkedDepartment(h, 'Marketing');
    const r = await register(h, { email: 'ann@example.com', costCode: ` ${cermCustomer.costCode!.toLowerCase()} ` });
    expect(r).toMatchObject({ ok: true, data: { outcome: 'linked', departmentId, departmentName: 'Marketing', cermId: cermCustomer.cermId } });
    const c = (await h.services.repos.customers.byEmail('ann@example.com'))!;
    expect(c.departmentId).toBe(departmentId);
    expect(c.departmentCermId).toBe(cermCustomer.cermId);
    expect(c.cermId).toBeNull();
    // Linked by the rule: never created in CERM as well.
    expect((await h.services.repos.jobs.counts()).pending + (await h.services.repos.jobs.counts()).done).toBe(0);
  });

  it('refuses a registration without the cost code when it is required, naming the renamed field', async () => {
    const h = await cermCore({ autoLinkDepartment: true, autoLinkRequired: true, costCodeLabel: 'PO number' });
    const form = await h.core.dispatch('customers:registration-form', {});
    expect(form).toMatchObject({ ok: true, data: { costCodeLabel: 'PO number', costCodeRequired: true } });
    const r = await register(h, { email: 'no-code@example.com' });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input', message: 'PO number is required to register.', issues: [{ path: 'costCode' }] } });
    expect(await h.services.repos.customers.byEmail('no-code@example.com')).toBeNull();
    const blank = await register(h, { email: 'no-code@example.com', costCode: '   ' });
    expect(blank.ok).toBe(false);
  });

  it('creates a registrant the rule did not link in CERM, once, and stores the CERM id', async () => {
    const h = await cermCore({ autoLinkDepartment: true, autoCreateCustomers: true });
    const r = await register(h, { email: 'new@example.com', costCode: 'NO-SUCH-CODE' });
    expect(r.ok).toBe(true);
    const data = (r as { data: RegistrationResult }).data;
    expect(['created', 'queued']).toContain(data.outcome);
    await h.services.jobs.whenSettled();
    const c = (await h.services.repos.customers.byEmail('new@example.com'))!;
    expect(c.cermId).toMatch(/\S/);
    expect(c.departmentId).toBeNull();
    expect(sandboxOf(h).effectsByKey.get(`cerm:create-customer:${c.id}`)).toBe(1);
    const log = await h.core.dispatch('customers:get', { id: c.id });
    expect(log.ok && (log.data as { log: { action: string; outcome: string }[] }).log.map((e) => `${e.action}:${e.outcome}`)).toEqual(
      expect.arrayContaining(['register:success', 'create-customer:success']),
    );
  });

  it('does not create in CERM when auto-create is off', async () => {
    const h = await cermCore({ autoLinkDepartment: true, autoCreateCustomers: false });
    const r = await register(h, { email: 'plain@example.com', costCode: 'NO-SUCH-CODE' });
    expect(r).toMatchObject({ ok: true, data: { outcome: 'registered', jobId: null, cermId: null } });
    expect((await h.services.repos.jobs.counts()).pending).toBe(0);
    expect(sandboxOf(h).effectsByKey.size).toBe(0);
  });

  it('refuses a second registration with the same email, whatever its case', async () => {
    const h = await cermCore({});
    expect((await register(h, { email: 'twice@example.com' })).ok).toBe(true);
    expect(await register(h, { email: 'TWICE@example.com' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });
});

describe('the platform API on the listener', () => {
  it('registers with the same rules, behind an API key kept in the keychain', async () => {
    const h = await cermCore({ autoLinkDepartment: true, autoCreateCustomers: false });
    const { cermCustomer } = await linkedDepartment(h, 'Sales');
    const url = `${h.core.listenerUrl}/platform/registrations`;
    const post = (body: unknown, headers: Record<string, string>) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

    expect((await post({ email: 'x@example.com', firstName: 'X', lastName: 'Y' }, {})).status).toBe(401);
    const rotated = await h.core.dispatch('platform:rotate-key', {});
    expect(rotated.ok).toBe(true);
    const key = (rotated as { data: { newKey: string } }).data.newKey;
    expect((await h.core.dispatch('platform:api', {}))).toMatchObject({ ok: true, data: { apiKey: 'set' } });
    expect(JSON.stringify(await h.core.dispatch('platform:api', {}))).not.toContain(key);

    expect((await post({ email: 'x@example.com' }, { 'x-api-key': `${key}x` })).status).toBe(401);
    const ok = await post({ email: 'store@example.com', firstName: 'Sam', lastName: 'Store', costCode: cermCustomer.costCode }, { 'x-api-key': key });
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({ outcome: 'linked', departmentName: 'Sales' });
    expect((await h.services.repos.customers.byEmail('store@example.com'))?.origin).toBe('storefront');

    expect((await post({ email: 'store@example.com', firstName: 'Sam', lastName: 'Store' }, { 'x-api-key': key })).status).toBe(409);
    const bad = await post({ email: 'nope', firstName: '', lastName: 'Y' }, { 'x-api-key': key });
    expect(bad.status).toBe(400);
    expect((await bad.json()).issues.map((i: { path: string }) => i.path).sort()).toEqual(['email', 'firstName']);
    expect((await post('{"email":', { 'x-api-key': key })).status).toBe(400);
    const wrongType = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain', 'x-api-key': key }, body: 'hello' });
    expect(wrongType.status).toBe(415);
    const huge = await post({ email: 'big@example.com', firstName: 'x'.repeat(100_000), lastName: 'Y' }, { 'x-api-key': key });
    expect(huge.status).toBe(413);
  });

  it('takes a burst from the storefront simulator', async () => {
    const h = await cermCore({ autoLinkDepartment: true, autoCreateCustomers: true });
    await linkedDepartment(h, 'Print buyers');
    await h.core.dispatch('platform:rotate-key', {});
    const r = await h.core.dispatch('sandbox:storefront-burst', { count: 30 });
    expect(r.ok).toBe(true);
    const data = (r as { data: { sent: number; failed: number; outcomes: Record<string, number> } }).data;
    expect(data.sent).toBe(30);
    expect(data.failed).toBe(0);
    expect(Object.values(data.outcomes).reduce((a, b) => a + b, 0)).toBe(30);
    expect(await h.services.repos.customers.count()).toBe(30);
    await h.services.jobs.whenSettled();
  });
});
