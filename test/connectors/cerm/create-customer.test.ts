import { afterEach, describe, expect, it } from 'vitest';
import { startCermCore, type CermHarness } from './cerm-harness';
import { cermReferenceOf } from '../../../src-main/connectors/cerm/create-customer';
import { whenRunAlone, type CoreStore } from '../../support/core-store';

/** What the registration service enqueues for a registrant to be created in CERM. */
async function enqueueCreate(h: CermHarness, customerId: number, key = `cerm:create-customer:${customerId}`): Promise<number> {
  return await h.repos.transaction(async (tx) =>
    await h.services.queue.enqueue(tx, { connectorId: 'cerm', kind: 'create-customer', entityKey: `customer-${customerId}`, idempotencyKey: key, payload: { customerId } }));
}

async function job(h: CermHarness, id: number) {
  return (await h.sql.get<{ status: string; attempts: number; result: string | null }>(`SELECT status, attempts, result FROM jobs WHERE id = ?`, id))!;
}

async function jobLog(h: CermHarness, id: number) {
  return await h.sql.all<{ outcome: string; message: string }>(`SELECT outcome, message FROM integration_log WHERE job_id = ? ORDER BY id`, id);
}

/** CERM's create-customer job, on the store given (both run it: test/store/postgres/connectors-matrix.test.ts). */
export function describeCermCreateCustomer(store: CoreStore): void {
  describe(`create-customer job (${store.name})`, () => {
    let h: CermHarness | null = null;
    const start = async (opts: Parameters<typeof startCermCore>[0] = {}) => await startCermCore({ ...opts, store });
    afterEach(async () => {
      await h?.close();
      h = null;
    });

    it('creates the registrant in CERM once, stores the CERM id, and does nothing for a customer already linked', async () => {
      h = await start();
      const id = await h.addCustomer(7);
      const before = h.sandbox.customers.length;
      const jobId = await enqueueCreate(h, id);
      await h.services.jobs.whenSettled();

      expect((await job(h, jobId)).status).toBe('done');
      const cermId = (await h.repos.customers.get(id))!.cermId!;
      expect(cermId).toMatch(/^\d{6}$/);
      const remote = h.sandbox.customersById.get(cermId)!;
      expect(remote).toMatchObject({ Name: 'Company 7', Email: 'person7@example.test', ExternalReference: cermReferenceOf(id) });
      expect(h.sandbox.customers.length).toBe(before + 1);
      expect(h.sandbox.createsByReference.get(cermReferenceOf(id))).toBe(1);
      expect(h.sandbox.effectsByKey.get(`cerm:create-customer:${id}`)).toBe(1);
      expect(await jobLog(h, jobId)).toEqual([{ outcome: 'success', message: `Created customer ${id} in CERM as ${cermId}.` }]);

      // A second job for the same registrant (another key): nothing is sent.
      const requests = h.sandbox.requests;
      const again = await enqueueCreate(h, id, 'another-key');
      await h.services.jobs.whenSettled();
      expect(await jobLog(h, again)).toEqual([{ outcome: 'success', message: `Customer ${id} is already linked to CERM customer ${cermId}: nothing sent.` }]);
      expect(h.sandbox.requests).toBe(requests);
      expect(h.sandbox.customers.length).toBe(before + 1);
    });

    it('links instead of creating when CERM already has the registrant (an earlier attempt created it)', async () => {
      h = await start();
      const id = await h.addCustomer(8);
      const existing = h.sandbox.addCustomer({ Name: 'First8 Last8', Email: 'PERSON8@example.test', ExternalReference: cermReferenceOf(id) });
      const jobId = await enqueueCreate(h, id);
      await h.services.jobs.whenSettled();
      expect((await job(h, jobId)).status).toBe('done');
      expect((await h.repos.customers.get(id))!.cermId).toBe(existing.Id);
      expect(h.sandbox.createsByReference.get(cermReferenceOf(id))).toBeUndefined();
      expect((await jobLog(h, jobId))[0]!.message).toBe(`Customer ${id} already existed in CERM as ${existing.Id} (reference ${cermReferenceOf(id)}): linked, not created again.`);
    });

    it('refuses, without retrying, to adopt a CERM customer that carries the reference but another email', async () => {
      h = await start();
      const id = await h.addCustomer(9);
      h.sandbox.addCustomer({ Name: 'Someone else', Email: 'other@example.test', ExternalReference: cermReferenceOf(id) });
      const jobId = await enqueueCreate(h, id);
      await h.services.jobs.whenSettled();
      expect(await job(h, jobId)).toMatchObject({ status: 'failed', attempts: 1 });
      expect((await jobLog(h, jobId))[0]).toMatchObject({ outcome: 'validation_failure' });
      expect((await jobLog(h, jobId))[0]!.message).toMatch(/carries the reference syncdesk:customer:\d+ but another email address/);
      expect((await h.repos.customers.get(id))!.cermId).toBeNull();
    });

    it('creates once when the answer is lost after CERM applied the create, with no help from Idempotency-Key', async () => {
      h = await start();
      await h.configure({ timeoutMs: 1000 });
      h.sandbox.honourIdempotencyKey = false;
      h.sandbox.replyDelayMs = 1500;
      const id = await h.addCustomer(10);
      const jobId = await enqueueCreate(h, id);
      await h.services.jobs.whenSettled();
      expect(await job(h, jobId)).toMatchObject({ status: 'done', attempts: 2 });
      const log = await jobLog(h, jobId);
      expect(log[0]).toMatchObject({ outcome: 'retrying' });
      expect(log[0]!.message).toMatch(/create the customer in CERM: the remote did not answer in time/);
      expect(log[1]!.message).toMatch(/already existed in CERM .*linked, not created again/);
      expect(h.sandbox.createsByReference.get(cermReferenceOf(id))).toBe(1);
      expect((await h.repos.customers.get(id))!.cermId).toBe(h.sandbox.customerByReference(cermReferenceOf(id))!.Id);
    });

    it('creates every registrant exactly once across 30% seeded faults (503, resets, hangs) and 20% lost answers', async () => {
      h = await start();
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
      expect(await Promise.all(jobs.map(async (j) => (await job(h!, j)).status))).toEqual(jobs.map(() => 'done'));
      expect((await Promise.all(jobs.map(async (j) => (await job(h!, j)).attempts))).some((n) => n > 1)).toBe(true);
      for (const id of ids) {
        expect(h.sandbox.createsByReference.get(cermReferenceOf(id))).toBe(1);
        expect((await h.repos.customers.get(id))!.cermId).toBe(h.sandbox.customerByReference(cermReferenceOf(id))!.Id);
      }
      expect(new Set(await Promise.all(ids.map(async (id) => (await h!.repos.customers.get(id))!.cermId))).size).toBe(40);
    });

    it('fails a job whose customer is gone, once, with a clear message', async () => {
      h = await start();
      const jobId = await enqueueCreate(h, 999);
      await h.services.jobs.whenSettled();
      expect(await job(h, jobId)).toMatchObject({ status: 'failed', attempts: 1 });
      expect(await jobLog(h, jobId)).toEqual([{ outcome: 'validation_failure', message: 'customer 999 no longer exists here; nothing was sent to CERM (not retried)' }]);
    });
  });
}

whenRunAlone(import.meta.url, describeCermCreateCustomer);
