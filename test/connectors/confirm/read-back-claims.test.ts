// Batchable jobs are claimed as batches first: ten due read-backs with eight free slots are one GetEnquiry request,
// not seven single ones and a batch of three.
import { afterEach, describe, expect, it } from 'vitest';
import { PULL_ENQUIRY_JOB, CONFIRM_ID } from '../../../src-main/connectors/confirm/ids';
import { setUpPotholes, startConfirmCore, type ConfirmCore } from './confirm-core';
import { FAST_RETRY } from '../../support/harness';

let h: ConfirmCore | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('claiming batchable jobs', () => {
  it('reads ten due Enquiries back in one request when eight slots are free', async () => {
    h = await startConfirmCore({ jobRunner: { retry: FAST_RETRY, pollMs: 20, leaseMs: 5_000, concurrency: 8 } });
    const { ref } = await setUpPotholes(h);
    const ids: number[] = [];
    for (let i = 0; i < 10; i++) ids.push((await h.call('cases:save', { title: `Pothole ${i}`, values: { depth: 10 + i, notes: `n${i}` } })).case.id);
    await h.services.jobs.whenSettled();
    await h.services.jobs.stop();
    const { repos, queue } = h.services;
    await repos.transaction(async (tx) => {
      for (const caseId of ids)
        await queue.enqueue(tx, {
          connectorId: CONFIRM_ID,
          kind: PULL_ENQUIRY_JOB,
          entityKey: `case-${caseId}`,
          idempotencyKey: `again:${caseId}`,
          payload: { caseId, enquiryNumber: await repos.references.valueOf(caseId, ref.id), source: 'after-create', dedupeKey: null },
        });
    });
    h.sandbox.resetCounters();
    h.services.jobs.start();
    await h.services.jobs.whenSettled();
    expect(h.sandbox.operationCount('GetEnquiry')).toBe(10);
    expect(h.sandbox.requestsWith.get('GetEnquiry')).toBe(1);
  });
});
