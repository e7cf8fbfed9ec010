// Confirm's updates to cases keep their field diffs: from polling (with the run) and from the CRM Agent (a push, no run).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONFIRM_ID, POLL_TASK_ID } from '../../../src-main/connectors/confirm';
import { CRM_AGENT_PATH } from '../../../src-main/connectors/confirm/crm-agent-route';
import { setUpPotholes, startConfirmCore, type ConfirmCore } from './confirm-core';

let h: ConfirmCore;
beforeEach(async () => {
  h = await startConfirmCore();
});
afterEach(async () => {
  await h.close();
});

const update = (number: string, log: string, status: string, notes: string) =>
  `<EnquiryStatusUpdate><Enquiry><EnquiryNumber>${number}</EnquiryNumber><EnquiryStatusLog><EnquiryLogNumber>${log}</EnquiryLogNumber><EnquiryStatusCode>${status}</EnquiryStatusCode><StatusLogNotes>${notes}</StatusLogNotes></EnquiryStatusLog></Enquiry></EnquiryStatusUpdate>`;

describe('Confirm field-level diffs', () => {
  it('a polled status change records the case fields it changed with the run, a CRM Agent push without one', async () => {
    await setUpPotholes(h);
    const { case: c } = await h.call('cases:save', { title: 'Pothole', values: { depth: 12, notes: 'x' } });
    await h.services.jobs.whenSettled();
    const number = (await h.call('cases:get', { id: c.id })).references[0]!.value!;
    // What the read-back after raising it changed (if anything) is not this test's business.
    const earlier = (await h.call('changes:of-records', { records: [{ entityType: 'case', entityId: String(c.id) }] })).changes.length;
    h.sandbox.setEnquiryStatus(number, '0300', 'Crew on site');

    const { runId } = await h.services.tasks.start(CONFIRM_ID, POLL_TASK_ID, 'manual');
    expect(await h.services.tasks.wait(runId)).toMatchObject({ status: 'success' });
    const ofRun = await h.call('changes:of-run', { runId });
    expect(ofRun.changes.map((x) => [x.entityType, x.entityId, x.field, x.from, x.to])).toEqual([
      ['case', String(c.id), 'status', 'open', 'in_progress'],
      ['case', String(c.id), 'confirm_notes', null, 'Crew on site'],
    ]);
    expect(ofRun.changes.every((x) => x.source === 'poll' && x.connectorId === CONFIRM_ID)).toBe(true);
    // The run's item is the case, keyed as its field changes are, so the run's page lists them beside it.
    const detail = await h.call('sync:run-detail', { runId });
    expect(detail.items.filter((i) => i.action === 'updated').map((i) => [i.entityType, i.entityId, i.changes?.map((x) => x.field)])).toEqual([
      ['case', String(c.id), ['status', 'confirm_notes']],
    ]);
    expect(detail.items[0]!.message).toContain(`Enquiry ${number}, case #${c.id}: `);

    const key = (await h.call('confirm:rotate-crm-agent-key', {})).newKey;
    const res = await fetch(`${h.core.listenerUrl}${CRM_AGENT_PATH}?key=${encodeURIComponent(key)}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: update(number, '99', '0900', 'Done') });
    expect(await res.text()).toContain('applied');
    const ofCase = await h.call('changes:of-records', { records: [{ entityType: 'case', entityId: String(c.id) }] });
    // Newest first: the push's two fields, then the poll's.
    expect(ofCase.changes).toHaveLength(earlier + 4);
    expect(ofCase.changes.slice(0, 4).map((x) => [x.runId, x.source, x.field, x.from, x.to])).toEqual([
      [null, 'crm-agent', 'confirm_notes', 'Crew on site', 'Done'],
      [null, 'crm-agent', 'status', 'in_progress', 'resolved'],
      [runId, 'poll', 'confirm_notes', null, 'Crew on site'],
      [runId, 'poll', 'status', 'open', 'in_progress'],
    ]);
    // The same push again changes nothing and records nothing more.
    await fetch(`${h.core.listenerUrl}${CRM_AGENT_PATH}?key=${encodeURIComponent(key)}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: update(number, '99', '0900', 'Done') });
    expect((await h.call('changes:of-records', { records: [{ entityType: 'case', entityId: String(c.id) }] })).changes).toHaveLength(earlier + 4);
  });
});
