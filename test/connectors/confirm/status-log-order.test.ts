// Status logs are applied per Enquiry in LoggedTime order (then log number), however Confirm lists them, and a log
// older than the newest one applied never changes the case's status: it is recorded and logged. Polling and the CRM
// Agent's pushes, both over real sockets.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONFIRM_ID, POLL_TASK_ID } from '../../../src-main/connectors/confirm';
import { CRM_AGENT_PATH } from '../../../src-main/connectors/confirm/crm-agent-route';
import { inApplyOrder } from '../../../src-main/connectors/confirm/status-log-order';
import type { StatusLogRecord } from '../../../src-main/connectors/confirm/parse';
import { setUpPotholes, startConfirmCore, type ConfirmCore } from './confirm-core';

let h: ConfirmCore;
beforeEach(async () => {
  h = await startConfirmCore();
});
afterEach(async () => {
  await h.close();
});

/** A case whose Enquiry was raised at `at` (the simulator's clock), two minutes ago unless told. */
async function raisedCase(at = Date.now() - 120_000) {
  await setUpPotholes(h);
  h.sandbox.now = () => at;
  const { case: c } = await h.call('cases:save', { title: 'Pothole', values: { depth: 12, notes: 'x' } });
  await h.services.jobs.whenSettled();
  const number = (await h.call('cases:get', { id: c.id })).references[0]!.value!;
  return { caseId: c.id, number, at };
}

/** A Confirm user changes the status at a given time (the simulator's clock). */
function statusAt(number: string, at: number, code: string, notes: string) {
  h.sandbox.now = () => at;
  return h.sandbox.setEnquiryStatus(number, code, notes);
}

async function poll() {
  const { runId } = await h.services.tasks.start(CONFIRM_ID, POLL_TASK_ID, 'manual');
  return h.services.tasks.wait(runId);
}

const caseOf = async (id: number) => (await h.call('cases:get', { id })).case;
const lines = async (caseId: number, part: string) => (await h.logOf(caseId)).filter((l) => l.action === 'incoming-update' && l.message.includes(part));

function push(body: string, key: string) {
  return fetch(`${h.core.listenerUrl}${CRM_AGENT_PATH}?key=${encodeURIComponent(key)}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body });
}

const pushed = (number: string, log: string, status: string, loggedTime: string, notes: string) =>
  `<EnquiryStatusUpdate><Enquiry><EnquiryNumber>${number}</EnquiryNumber><EnquiryStatusLog><EnquiryLogNumber>${log}</EnquiryLogNumber><EnquiryStatusCode>${status}</EnquiryStatusCode><LoggedTime>${loggedTime}</LoggedTime><StatusLogNotes>${notes}</StatusLogNotes></EnquiryStatusLog></Enquiry></EnquiryStatusUpdate>`;

const log = (n: string, loggedTime: string | null, statusCode = '0200'): StatusLogRecord => ({ enquiryNumber: 'E', enquiryLogNumber: n, statusCode, notes: null, logEffectiveTime: null, loggedTime });

describe('status logs in LoggedTime order', () => {
  it('orders each Enquiry\'s logs by LoggedTime, then log number (10 after 9), listed however often, untimed ones last', () => {
    const ordered = inApplyOrder(
      [
        { enquiryNumber: 'E', logs: [log('10', '2026-07-01T10:00:05'), log('4', null)] },
        { enquiryNumber: 'F', logs: [{ ...log('1', '2026-07-01T09:00:00'), enquiryNumber: 'F' }] },
        { enquiryNumber: 'E', logs: [log('9', '2026-07-01T10:00:05'), log('3', '2026-07-01T10:00:01+01:00'), log('2', '2026-07-01T09:30:00')] },
      ],
      'Europe/London',
    );
    expect(ordered.map((c) => [c.enquiryNumber, c.logs.map((l) => l.enquiryLogNumber)])).toEqual([
      // 09:30 without an offset is London's wall time (BST): 08:30Z, before 10:00:01+01:00 (09:00:01Z).
      ['E', ['2', '3', '9', '10', '4']],
      ['F', ['1']],
    ]);
  });

  it('polling applies an Enquiry listed several times newest first in LoggedTime order: a closed case is not reopened', async () => {
    const { caseId, number, at } = await raisedCase();
    expect((await caseOf(caseId)).status).toBe('open');
    h.sandbox.statusChangesNewestFirst = true;
    statusAt(number, at + 30_000, '0300', 'Crew on site');
    statusAt(number, at + 60_000, '0900', 'Filled');
    const run = await poll();
    expect(run?.status).toBe('success');
    expect(await caseOf(caseId)).toMatchObject({ status: 'resolved', values: { confirm_notes: 'Filled' } });
    // The log reads newest first.
    const moves = (await lines(caseId, 'from polling'))
      .reverse()
      .flatMap((l) => l.message.match(/status \w+ → \w+/) ?? []);
    expect(moves).toEqual(['status open → in_progress', 'status in_progress → resolved']);
  });

  it('a log logged before the newest one applied is recorded and logged, and changes nothing (polled or pushed)', async () => {
    // Recent enough that the second poll's window (it goes back a minute) lists both logs again.
    const { caseId, number, at } = await raisedCase(Date.now() - 40_000);
    statusAt(number, at + 20_000, '0900', 'Filled');
    await poll();
    expect((await caseOf(caseId)).status).toBe('resolved');
    // Confirm records a log later whose Logged Time is earlier (entered after the fact).
    const late = statusAt(number, at + 10_000, '0300', 'Crew on site (entered late)');
    h.sandbox.statusChangesNewestFirst = true;
    const run = await poll();
    expect(run?.status).toBe('success');
    expect(await caseOf(caseId)).toMatchObject({ status: 'resolved', values: { confirm_notes: 'Filled' } });
    const superseded = await lines(caseId, `log ${late.logNumber} (Logged Time`);
    expect(superseded).toHaveLength(1);
    expect(superseded[0]!.message).toContain('is older than the newest one applied, log 2');
    expect(superseded[0]!.message).toContain('recorded, the case was left as it was');
    // Recorded: the same log pushed afterwards is a duplicate, not a second judgement.
    const { newKey } = await h.call('confirm:rotate-crm-agent-key', {});
    const e = h.sandbox.enquiries.get(number)!;
    expect(await (await push(h.sandbox.crmAgentXml(e, late), newKey)).text()).toContain('<Result>duplicate</Result>');
    expect((await caseOf(caseId)).status).toBe('resolved');
  });

  it("polling after SyncDesk's own update does not put back the status of the Enquiry's first log", async () => {
    // The update's log was applied by its read-back (which knows its number, not its Logged Time); the poll then
    // lists the first log (never seen: the read-back after a create has no log number) and the update's log.
    const { caseId, number, at } = await raisedCase();
    h.sandbox.now = () => at + 20_000;
    await h.call('cases:save', { id: caseId, title: 'Pothole', status: 'in_progress', values: { depth: 12, notes: 'Crew booked' } });
    await h.services.jobs.whenSettled();
    expect(h.sandbox.enquiries.get(number)!.logs.map((l) => l.statusCode)).toEqual(['0100', '0200']);
    expect((await caseOf(caseId)).status).toBe('in_progress');
    expect((await poll())?.status).toBe('success');
    expect((await caseOf(caseId)).status).toBe('in_progress');
    expect(await lines(caseId, 'from polling: status log 1 (Logged Time')).toHaveLength(1);
  });

  it('CRM Agent pushes arriving out of order: older by LoggedTime, or by log number at the same time, change nothing', async () => {
    const { caseId, number } = await raisedCase();
    const { newKey } = await h.call('confirm:rotate-crm-agent-key', {});
    const newer = await push(pushed(number, '6', '0900', '2026-07-01T12:00:00', 'Filled'), newKey);
    expect(await newer.text()).toContain('<Result>applied</Result>');
    const older = await push(pushed(number, '5', '0300', '2026-07-01T11:59:00', 'Crew on site'), newKey);
    expect(older.status).toBe(200);
    expect(await older.text()).toContain('<Result>superseded</Result>');
    const sameTime = await push(pushed(number, '4', '0200', '2026-07-01T12:00:00', 'Booked'), newKey);
    expect(await sameTime.text()).toContain('<Result>superseded</Result>');
    expect(await caseOf(caseId)).toMatchObject({ status: 'resolved', values: { confirm_notes: 'Filled' } });
    expect(await lines(caseId, 'from the CRM Agent: status log 5 (Logged Time 2026-07-01T11:59:00+01:00) is older than the newest one applied, log 6')).toHaveLength(1);
    expect(await lines(caseId, 'status log 4')).toHaveLength(1);
    // Both were recorded: pushed again they are duplicates.
    expect(await (await push(pushed(number, '5', '0300', '2026-07-01T11:59:00', 'Crew on site'), newKey)).text()).toContain('<Result>duplicate</Result>');
    // Log 10 after log 9 at the same time (numbers, not text); a later log applies as before.
    expect(await (await push(pushed(number, '10', '0200', '2026-07-01T12:05:00', 'Reopened'), newKey)).text()).toContain('applied');
    expect(await (await push(pushed(number, '9', '0900', '2026-07-01T12:05:00', 'Closed'), newKey)).text()).toContain('superseded');
    expect(await caseOf(caseId)).toMatchObject({ status: 'in_progress', values: { confirm_notes: 'Reopened' } });
  });
});
