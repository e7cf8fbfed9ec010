import { afterEach, describe, expect, it } from 'vitest';
import { startCermCore, type CermHarness } from './cerm-harness';
import { forgetCermTokens } from '../../../src-main/connectors/cerm/client';
import { SANDBOX_CREDENTIALS } from '../../../src-main/connectors/cerm/sandbox';

let h: CermHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('CERM sign-in', () => {
  it('renews a token that expires during a run, and the run succeeds', async () => {
    h = await startCermCore();
    await h.configure({ pageSize: 200 });
    forgetCermTokens();
    h.sandbox.tokenLifetimeSec = 1;
    h.sandbox.resetCounters();
    await h.sandbox.setFaults({ latencyMs: 150 });
    const run = await h.run('download-customers');
    expect(run.status).toBe('success');
    expect(run.counts.fetched).toBe(2000);
    // Ten pages at 150 ms each outlive a one-second token: it was renewed with the refresh token.
    expect(h.sandbox.tokensIssued).toBeGreaterThanOrEqual(2);
    expect(h.sandbox.refreshGrants).toBeGreaterThanOrEqual(1);
  });

  it('signs in again once when CERM forgets its tokens (401 on a call), and goes on', async () => {
    h = await startCermCore();
    expect((await h.run('download-customers')).status).toBe('success');
    const issued = h.sandbox.tokensIssued;
    h.sandbox.revokeTokens();
    const run = await h.run('download-customers');
    expect(run.status).toBe('success');
    expect(h.sandbox.tokensIssued).toBe(issued + 1);
  });

  it('pauses the connection when the token endpoint answers 401, keeps queued creates waiting, and resumes on save', async () => {
    h = await startCermCore();
    h.sandbox.credentials.clientSecret = 'rotated-by-cerm-admin';
    forgetCermTokens();
    const run = await h.run('download-customers');
    expect(run.status).toBe('failed');
    expect(run.message).toBe('Download customers from CERM failed: CERM refused the sign-in (HTTP 401 "The client id or client secret is not valid."): check the client id, client secret, username and password; 0 customers of this download were stored, nothing stored before was removed');
    expect((await h.repos.connections.get('cerm'))!.state).toBe('auth_required');
    const line = (await h.logLines('run:download-customers')).at(-1)!;
    expect(line.outcome).toBe('failure');
    // The sign-in request carries the secrets: the log's details hold only CERM's answer.
    expect(line.details).toContain('invalid_client');
    expect(line.details).not.toContain(SANDBOX_CREDENTIALS.password);
    expect(line.details).not.toContain(SANDBOX_CREDENTIALS.clientSecret);

    const id = await h.addCustomer(1);
    const jobId = await h.repos.jobs.enqueue({ connectorId: 'cerm', kind: 'create-customer', entityKey: `customer-${id}`, idempotencyKey: `cerm:create-customer:${id}`, payload: { customerId: id } }, Date.now());
    h.services.jobs.kick();
    await new Promise((r) => setTimeout(r, 300));
    expect(await h.sql.get(`SELECT status, attempts FROM jobs WHERE id = ?`, jobId)).toEqual({ status: 'pending', attempts: 0 });

    h.sandbox.credentials.clientSecret = SANDBOX_CREDENTIALS.clientSecret;
    await h.configure({});
    await h.services.jobs.whenSettled();
    expect((await h.repos.customers.get(id))!.cermId).not.toBeNull();
  });

  it('tests the connection: signs in and asks for one customer, with a clear answer either way', async () => {
    h = await startCermCore();
    const ok = await h.core.dispatch('connections:test', { connectorId: 'cerm' });
    expect(ok.ok && ok.data).toMatchObject({ ok: true, message: `Connected to CERM at ${new URL(h.sandbox.url!).host} as demo; the customer list answers (2,000 customers).` });
    h.sandbox.credentials.password = 'changed';
    const bad = await h.core.dispatch('connections:test', { connectorId: 'cerm' });
    expect(bad.ok && bad.data).toMatchObject({ ok: false, message: 'CERM refused the sign-in (HTTP 400 "The user name or password is incorrect."): check the client id, client secret, username and password' });
  });
});
