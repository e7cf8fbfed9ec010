// Connectivity failures are retried (up to 10 attempts), validation failures never; a case raised while Confirm is
// down raises exactly one Enquiry when it is back, with the Logged Time of the moment the rule fired.
import { afterEach, describe, expect, it } from 'vitest';
import { FAST_RETRY, until } from '../../support/harness';
import { setUpPotholes, startConfirmCore, type ConfirmCore } from './confirm-core';

let h: ConfirmCore;
afterEach(async () => {
  await h.close();
});

const jobsOf = async (h: ConfirmCore, caseId: number) => (await h.logOf(caseId)).filter((l) => l.jobId !== null && l.action === 'apply-template');

describe('retries', () => {
  it('raises exactly one Enquiry once Confirm is back, logged at the time the rule fired', async () => {
    h = await startConfirmCore({ jobRunner: { retry: { maxAttempts: 10, baseDelayMs: 150, maxDelayMs: 300 }, pollMs: 20, leaseMs: 5_000, concurrency: 4 } });
    await h.call('connections:save', { connectorId: 'confirm', values: { setLoggedTime: true } });
    await setUpPotholes(h);
    await h.sandbox.setFaults({ down: true });
    const { case: c } = await h.call('cases:save', { title: 'Pothole', values: { depth: 30, notes: 'Raised while Confirm is down' } });
    const firedAt = c.createdAt;
    await until(async () => (await jobsOf(h, c.id)).filter((l) => l.outcome === 'retrying').length >= 2 && Date.now() - firedAt > 1_200, 'two retries');
    await h.sandbox.setFaults({ down: false });
    await h.services.jobs.whenSettled();

    expect(h.sandbox.enquiriesByExternalReference.get(`syncdesk-case-${c.id}`)).toBe(1);
    const number = (await h.call('cases:get', { id: c.id })).references[0]!.value!;
    const e = h.sandbox.enquiries.get(number)!;
    // Confirm keeps whole seconds of wall time; the Enquiry was created over a second after the rule fired.
    expect(e.loggedAt).toBe(Math.floor(firedAt / 1000) * 1000);
    const lines = await jobsOf(h, c.id);
    expect(lines.filter((l) => l.outcome === 'retrying').every((l) => l.message.includes('connection refused'))).toBe(true);
    expect(lines.filter((l) => l.outcome === 'success')).toHaveLength(1);
    expect(lines.every((l) => l.entityType === 'case' && l.entityId === String(c.id))).toBe(true);
  });

  it('gives up after 10 connectivity failures', async () => {
    h = await startConfirmCore({ jobRunner: { retry: FAST_RETRY, pollMs: 20, leaseMs: 5_000, concurrency: 4 } });
    await setUpPotholes(h);
    await h.sandbox.setFaults({ down: true });
    const { case: c } = await h.call('cases:save', { title: 'Pothole', values: { depth: 30, notes: 'x' } });
    await h.services.jobs.whenSettled();
    const lines = await jobsOf(h, c.id);
    expect(lines.filter((l) => l.outcome === 'retrying')).toHaveLength(9);
    expect(lines.filter((l) => l.outcome === 'dead')).toHaveLength(1);
    expect(lines.find((l) => l.outcome === 'dead')!.attempt).toBe(10);
  });

  it('never retries a validation failure: one attempt, one log line naming the field and the reason', async () => {
    h = await startConfirmCore();
    const { ref } = await setUpPotholes(h, { withRules: false });
    // Depth is a mandatory attribute in Confirm; this template forgets it.
    const bare = await h.call('templates:save', {
      name: 'No depth',
      type: 'create_enquiry',
      referenceId: ref.id,
      rows: [
        { direction: 'out', target: { kind: 'field', name: 'ServiceCode' }, source: { kind: 'static', value: 'HW' } },
        { direction: 'out', target: { kind: 'field', name: 'SubjectCode' }, source: { kind: 'static', value: 'PH' } },
      ],
    });
    await h.call('rules:save', { name: 'Raise', trigger: 'case_created', templateId: bare.id });
    const { case: c } = await h.call('cases:save', { title: 'Pothole', values: { notes: 'x' } });
    await h.services.jobs.whenSettled();
    const lines = await jobsOf(h, c.id);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ outcome: 'validation_failure', attempt: 1 });
    expect(lines[0]!.message).toContain('DEPT');
    expect(lines[0]!.message).toContain('not retried');
    expect(h.sandbox.enquiriesByExternalReference.get(`syncdesk-case-${c.id}`)).toBeUndefined();
  });

  it('refuses to send a case whose mapped value is empty, naming the Enquiry field', async () => {
    h = await startConfirmCore();
    const { ref } = await setUpPotholes(h, { withRules: false });
    await h.call('case-fields:save', { key: 'subject', label: 'Subject', kind: 'text' });
    const t = await h.call('templates:save', {
      name: 'Subject from the case',
      type: 'create_enquiry',
      referenceId: ref.id,
      rows: [
        { direction: 'out', target: { kind: 'field', name: 'ServiceCode' }, source: { kind: 'static', value: 'HW' } },
        { direction: 'out', target: { kind: 'field', name: 'SubjectCode' }, source: { kind: 'case_field', key: 'subject' } },
      ],
    });
    await h.call('rules:save', { name: 'Raise', trigger: 'case_created', templateId: t.id });
    const { case: c } = await h.call('cases:save', { title: 'No subject', values: {} });
    await h.services.jobs.whenSettled();
    const lines = await jobsOf(h, c.id);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.outcome).toBe('validation_failure');
    expect(lines[0]!.message).toContain('Subject code is required, and case field subject is empty on this case');
    expect(h.sandbox.operationCount('NewEnquiry')).toBe(0);
  });
});
