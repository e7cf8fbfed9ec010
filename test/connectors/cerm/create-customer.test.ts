import { afterEach, describe, expect, it } from 'vitest';
import { startCermCore, type CermHarness } from './cerm-harness';
import { cermReferenceOf } from '../../../src-main/connectors/cerm/create-customer';

let h: CermHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

/** What the registration service enqueues for a registrant to be created in CERM. */
async function enqueueCreate(h: CermHarness, customerId: number, key = `cerm:create-customer:${customerId}`): Promise<number> {
  const id = await h.repos.jobs.enqueue({ connectorId: 'cerm', kind: 'create-customer', entityKey: `customer-${customerId}`, idempotencyKey: key, payload: { customerId } }, Date.now());
  h.services.jobs.kick();
  return id;
}

function job(h: CermHarness, id: number) {
  return h.sql.prepare(`SELECT status, attempts, result FROM jobs WHERE id = ?`).get(id) as { status: string; attempts: number; result: string | null };
}

function jobLog(h: CermHarness, id: number) {
  return h.sql.prepare(`SELECT outcome, message FROM integration_log WHERE job_id = ? ORDER BY id`).all(id) as { outcome: string; message: string }[];
}

describe('create-customer job', () => {
  it('creates the registrant in CERM once, stores the CERM id, and does nothing for a customer already linked', async () => {
    h = await startCermCore();
    const id = await h.addCustomer(7);
    const before = h.sandbox.customers.length;
    const jobId = await enqueueCreate(h, id);
    await h.services.jobs.whenSettled();

    expect(job(h, jobId).status).toBe('done');
    const cermId = (await h.repos.customers.get(id))!.cermId!;
    expect(cermId).toMatch(/^\d{6}$/);
    const remote = h.sandbox.customersById.get(cermId)!;
    expect(remote).toMatchObject({ Name: 'Company 7', Email: 'person7@example.test', ExternalReference: cermReferenceOf(id) });
    expect(h.sandbox.customers.length).toBe(before + 1);
    expect(h.sandbox.createsByReference.get(cermReferenceOf(id))).toBe(1);
    expect(h.sandbox.effectsByKey.get(`cerm:create-customer:${id}`)).toBe(1);
    expect(jobLog(h, jobId)).toEqual([{ outcome: 'success', message: `Created customer ${id} in CERM as ${cermId}.` }]);

    // A second job for the same registrant (another key): nothing is sent.
    const requests = h.sandbox.requests;
    const again = await enqueueCreate(h, id, 'another-key');
    await h.services.jobs.whenSettled();
    expect(jobLog(h, again)).toEqual([{ outcome: 'success', message: `Customer ${id} is already linked to CERM customer ${cermId}: nothing sent.` }]);
    expect(h.sandbox.requests).toBe(requests);
    expect(h.sandbox.customers.length).toBe(before + 1);
  });

  it('links instead of creating when CERM already has the registrant (an earlier attempt created it)', async () => {
    h = await startCermCore();
    const id = await h.addCustomer(8);
    const existing = h.sandbox.addCustomer({ Name: 'First8 Last8', Email: 'PERSON8@example.test', ExternalReference: cermReferenceOf(id) });
    const jobId = await enqueueCreate(h, id);
    await h.services.jobs.whenSettled();
    expect(job(h, jobId).status).toBe('done');
    expect((await h.repos.customers.get(id))!.cermId).toBe(existing.Id);
    expect(h.sandbox.createsByReference.get(cermReferenceOf(id))).toBeUndefined();
    expect(jobLog(h, jobId)[0]!.message).toBe(`Customer ${id} already existed in CERM as ${existing.Id} (reference ${cermReferenceOf(id)}): linked, not created again.`);
  });

  it('refuses, without retrying, to adopt a CERM customer that carries the reference but another email', async () => {
    h = await startCermCore();
    const id = await h.addCustomer(9);
    h.sandbox.addCustomer({ Name: 'Someone else', Email: 'other@example.test', ExternalReference: cermReferenceOf(id) });
    const jobId = await enqueueCreate(h, id);
    await h.services.jobs.whenSettled();
    expect(job(h, jobId)).toMatchObject({ status: 'failed', attempts: 1 });
    expect(jobLog(h, jobId)[0]).toMatchObject({ outcome: 'validation_failure' });
    expect(jobLog(h, jobId)[0]!.message).toMatch(/carries the reference syncdesk:customer:\d+ but another email address/);
    expect((await h.repos.customers.get(id))!.cermId).toBeNull();
  });

  it('creates once when the answer is lost after CERM applied the create, with no help from Idempotency-Key', async () => {
    h = await startCermCore();
    await h.configure({ timeoutMs: 1000 });
    h.sandbox.honourIdempotencyKey = false;
    h.sandbox.replyDelayMs = 1500;
    const id = await h.addCustomer(10);
    const jobId = await enqueueCreate(h, id);
    await h.services.jobs.whenSettled();
    expect(job(h, jobId)).toMatchObject({ status: 'done', attempts: 2 });
    const log = jobLog(h, jobId);
    expect(log[0]).toMatchObject({ outcome: 'retrying' });
    expect(log[0]!.message).toMatch(/create the customer in CERM: the remote did not answer in time/);
    expect(log[1]!.message).toMatch(/already existed in CERM .*linked, not created again/);
    expect(h.sandbox.createsByReference.get(cermReferenceOf(id))).toBe(1);
    expect((await h.repos.customers.get(id))!.cermId).toBe(h.sandbox.customerByReference(cermReferenceOf(id))!.Id);
  });

  it('creates every registrant exactly once across 30% seeded faults (503, resets, hangs) and 20% lost answers', async () => {
    h = await startCermCore();
    await h.configure({ timeoutMs: 1000 });
    h.sandbox.honourIdempotencyKey = false;
    const ids: number[] = [];
    for (let i = 0; i < 40; i++) ids.push(await h.addCustomer(100 + i));
    await h.sandbox.setFaults({ errorRate: 0.3 });
    // Answers lost after CERM applied the create: the retry must find the customer by reference, not create again.
    h.sandbox.lostReplyRate = 0.2;
    const jobs = await Promise.all(ids.map(async (id) => await enqueueCreate(h!, id)));
    await h.services.jobs.whenSettled();
    await h.sandbox.setFaults({ errorRate: 0 });
    h.sandbox.lostReplyRate = 0;

    expect(h.sandbox.faultsInjected).toBeGreaterThan(10);
    expect(h.sandbox.lostReplies).toBeGreaterThan(3);
    expect(jobs.map((j) => job(h!, j).status)).toEqual(jobs.map(() => 'done'));
    expect(jobs.some((j) => job(h!, j).attempts > 1)).toBe(true);
    for (const id of ids) {
      expect(h.sandbox.createsByReference.get(cermReferenceOf(id))).toBe(1);
      expect((await h.repos.customers.get(id))!.cermId).toBe(h.sandbox.customerByReference(cermReferenceOf(id))!.Id);
    }
    expect(new Set(await Promise.all(ids.map(async (id) => (await h!.repos.customers.get(id))!.cermId))).size).toBe(40);
  });

  it('fails a job whose customer is gone, once, with a clear message', async () => {
    h = await startCermCore();
    const jobId = await enqueueCreate(h, 999);
    await h.services.jobs.whenSettled();
    expect(job(h, jobId)).toMatchObject({ status: 'failed', attempts: 1 });
    expect(jobLog(h, jobId)).toEqual([{ outcome: 'validation_failure', message: 'customer 999 no longer exists here; nothing was sent to CERM (not retried)' }]);
  });
});
