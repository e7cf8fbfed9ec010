// The read-back after SyncDesk's own creates shares GetEnquiry requests, ten Enquiries at most, one job each.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONFIRM_ID, PULL_ENQUIRY_JOB } from '../../../src-main/connectors/confirm/ids';
import { setUpPotholes, startConfirmCore, type ConfirmCore } from './confirm-core';
import { FAST_RETRY, peekDb } from '../../support/harness';

let h: ConfirmCore;
beforeEach(async () => {
  // One job at a time, so every Create runs before the read-backs it queues and those wait to be batched.
  h = await startConfirmCore({ jobRunner: { retry: FAST_RETRY, pollMs: 20, leaseMs: 5_000, concurrency: 1 } });
});
afterEach(async () => {
  await h.close();
});

function jobsOfKind(kind: string) {
  return peekDb(h.services.paths.database).prepare(`SELECT id, status, attempts FROM jobs WHERE kind = ? ORDER BY id`).all(kind) as { id: number; status: string; attempts: number }[];
}

describe('reading Enquiries back in batches', () => {
  it('reads twelve raised Enquiries back in two GetEnquiry requests, each case updated and logged on its own', async () => {
    const { ref } = await setUpPotholes(h);
    await h.services.jobs.stop();
    const ids: number[] = [];
    for (let i = 0; i < 12; i++) ids.push((await h.call('cases:save', { title: `Pothole ${i}`, values: { depth: 10 + i, notes: `n${i}` } })).case.id);
    h.sandbox.resetCounters();
    h.services.jobs.start();
    await h.services.jobs.whenSettled();

    expect(h.sandbox.operationCount('NewEnquiry')).toBe(12);
    expect(h.sandbox.operationCount('GetEnquiry')).toBe(12);
    expect(h.sandbox.requestsWith.get('GetEnquiry')).toBe(2);
    const pulls = jobsOfKind(PULL_ENQUIRY_JOB);
    expect(pulls).toHaveLength(12);
    expect(pulls.every((j) => j.status === 'done' && j.attempts === 1)).toBe(true);
    for (const id of ids) {
      const number = (await h.services.repos.references.valueOf(id, ref.id))!;
      const lines = await h.logOf(id);
      expect(lines.filter((l) => l.action === PULL_ENQUIRY_JOB && l.outcome === 'success' && l.message.startsWith(`Read Enquiry ${number} back for case ${id}`))).toHaveLength(1);
      expect(lines.some((l) => l.action === 'incoming-update' && l.message.includes(`Enquiry ${number} after creating it`))).toBe(true);
    }
  });

  it('lets an Enquiry Confirm does not know fail alone; the others of its batch are applied', async () => {
    const { ref } = await setUpPotholes(h);
    const { repos } = h.services;
    const cases: { id: number; number: string }[] = [];
    for (let i = 0; i < 3; i++) {
      const { case: c } = await h.call('cases:save', { title: `Pothole ${i}`, values: { depth: 10, notes: 'x' } });
      cases.push({ id: c.id, number: '' });
    }
    await h.services.jobs.whenSettled();
    for (const c of cases) c.number = (await repos.references.valueOf(c.id, ref.id))!;
    cases[1]!.number = '99999';
    await h.services.jobs.stop();
    await repos.transaction(async () => {
      for (const c of cases)
        await repos.jobs.enqueue(
          { connectorId: CONFIRM_ID, kind: PULL_ENQUIRY_JOB, entityKey: `case-${c.id}`, idempotencyKey: `pull-${c.id}`, payload: { caseId: c.id, enquiryNumber: c.number, source: 'after-update', dedupeKey: null } },
          Date.now(),
        );
    });
    h.sandbox.resetCounters();
    h.services.jobs.start();
    await h.services.jobs.whenSettled();

    const pulls = jobsOfKind(PULL_ENQUIRY_JOB).slice(-3);
    expect(pulls.map((j) => j.status)).toEqual(['done', 'failed', 'done']);
    // The batch was refused as a whole (one Fault answers for the request), then read one by one.
    expect(h.sandbox.requestsWith.get('GetEnquiry')).toBe(4);
    const failed = (await h.logOf(cases[1]!.id)).filter((l) => l.action === PULL_ENQUIRY_JOB && l.outcome !== 'success');
    expect(failed).toHaveLength(1);
    expect(failed[0]!).toMatchObject({ outcome: 'validation_failure' });
    expect(failed[0]!.message).toContain('99999');
    for (const c of [cases[0]!, cases[2]!]) expect((await h.logOf(c.id)).filter((l) => l.action === PULL_ENQUIRY_JOB && l.outcome === 'success')).toHaveLength(2);
  });
});
