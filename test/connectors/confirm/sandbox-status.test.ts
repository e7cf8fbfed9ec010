// sandbox:confirm-status: the simulated Confirm changes a case's Enquiry status and its CRM Agent posts the update to
// the listener over a real socket (or the polling fallback's run finds it); refused outside sandbox mode.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONFIRM_ID, POLL_TASK_ID } from '../../../src-main/connectors/confirm';
import { until } from '../../support/harness';
import { setUpPotholes, startConfirmCore, type ConfirmCore } from './confirm-core';

let h: ConfirmCore;
beforeEach(async () => {
  h = await startConfirmCore();
});
afterEach(async () => {
  await h.close();
});

async function raisedCase(opts: { incoming?: boolean } = {}) {
  const { incoming } = await setUpPotholes(h);
  if (opts.incoming === false) await h.call('templates:delete', { id: incoming.id });
  const { case: c } = await h.call('cases:save', { title: 'Pothole', values: { depth: 12, notes: 'x' } });
  await h.services.jobs.whenSettled();
  const number = (await h.call('cases:get', { id: c.id })).references[0]!.value!;
  expect(number).toMatch(/^\d+$/);
  return { caseId: c.id, number };
}

async function refusal(input: unknown) {
  const r = await h.core.dispatch('sandbox:confirm-status', input);
  if (r.ok) throw new Error('expected a refusal');
  return r.error;
}

describe('a status changed in the simulated Confirm', () => {
  it('reaches the case through a CRM Agent post to the listener, and says what changed', async () => {
    const { caseId, number } = await raisedCase();
    const before = (await h.call('cases:get', { id: caseId })).case;
    expect(before.status).not.toBe('resolved');
    const out = await h.call('sandbox:confirm-status', { caseId, statusCode: '0900' });
    expect(out).toMatchObject({ enquiryNumber: number, statusCode: '0900', delivery: 'crm-agent' });
    expect(out.statusName.length).toBeGreaterThan(0);
    expect(out.message).toContain(`Enquiry ${number}`);
    expect(out.message).toContain(`case #${caseId}`);
    // A real HTTP post, answered 200 by the listener's CRM Agent route with this install's key.
    const push = h.sandbox.pushes.at(-1)!;
    expect(push).toMatchObject({ enquiryNumber: number, status: 200, error: null });
    expect(h.sandbox.enquiries.get(number)!.logs.at(-1)!.statusCode).toBe('0900');
    const after = await h.call('cases:get', { id: caseId });
    expect(after.case.status).toBe('resolved');
    expect(after.case.values.confirm_notes).toMatch(/simulated Confirm/);
    expect(after.log.some((e) => e.action === 'incoming-update' && /from the CRM Agent/.test(e.message))).toBe(true);
    // The key it posted with is the one the CRM Agent section shows as set.
    expect((await h.call('confirm:crm-agent', {})).key).toBe('set');
  });

  it('says why nothing changed on a case whose Reference has no incoming template', async () => {
    const { caseId } = await raisedCase({ incoming: false });
    const out = await h.call('sandbox:confirm-status', { caseId, statusCode: '0900' });
    expect(out.delivery).toBe('crm-agent');
    expect(out.message).toMatch(/no incoming \(Enquiry updated\) template/);
    expect((await h.call('cases:get', { id: caseId })).case.status).not.toBe('resolved');
  });

  it('with the polling fallback on, posts nothing and the next Poll Confirm run applies it', async () => {
    const { caseId, number } = await raisedCase();
    await h.call('sync:schedule', { connectorId: CONFIRM_ID, taskId: POLL_TASK_ID, intervalMinutes: 15 });
    const pushes = h.sandbox.pushes.length;
    const out = await h.call('sandbox:confirm-status', { caseId, statusCode: '0900' });
    expect(out).toMatchObject({ enquiryNumber: number, delivery: 'poll' });
    expect(out.message).toMatch(/polling fallback is on/);
    expect(h.sandbox.pushes.length).toBe(pushes);
    expect((await h.call('cases:get', { id: caseId })).case.status).not.toBe('resolved');
    const { runId } = await h.call('sync:run', { connectorId: CONFIRM_ID, taskId: POLL_TASK_ID });
    await until(async () => (await h.services.repos.runs.get(runId))?.finishedAt, 'the poll to finish');
    expect((await h.call('cases:get', { id: caseId })).case.status).toBe('resolved');
  });

  it('refuses an unknown status, a case without an Enquiry, and any call outside sandbox mode, changing nothing', async () => {
    const { caseId, number } = await raisedCase();
    const logs = h.sandbox.enquiries.get(number)!.logs.length;
    const unknown = await refusal({ caseId, statusCode: 'NOPE' });
    expect(unknown).toMatchObject({ code: 'invalid_input', issues: [{ path: 'statusCode' }] });
    expect(unknown.message).toMatch(/no status NOPE/);
    const { case: bare } = await h.call('cases:save', { title: 'No enquiry', values: {} });
    // A new case is raised by the Raise rule; before its job runs, or with its Reference cleared, it holds no Enquiry.
    await h.services.jobs.whenSettled();
    await h.services.repos.references.set(bare.id, (await h.call('cases:get', { id: bare.id })).references[0]!.referenceId, '', Date.now());
    expect((await refusal({ caseId: bare.id, statusCode: '0900' })).message).toMatch(/has no Enquiry yet/);
    expect((await refusal({ caseId: 99_999, statusCode: '0900' })).code).toBe('not_found');
    await h.services.sandboxMode.set(false);
    const off = await refusal({ caseId, statusCode: '0900' });
    expect(off.code).toBe('conflict');
    expect(off.message).toMatch(/sandbox mode only/);
    expect(h.sandbox.enquiries.get(number)!.logs.length).toBe(logs);
  });
});
