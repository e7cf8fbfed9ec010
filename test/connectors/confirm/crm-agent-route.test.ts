// Hostile input at POST /integration/confirm/crm-agent: each refused with the right status and one log line, the
// process still answering afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CRM_AGENT_PATH } from '../../../src-main/connectors/confirm/crm-agent-route';
import { setUpPotholes, startConfirmCore, type ConfirmCore } from './confirm-core';

let h: ConfirmCore;
let key: string;
let caseId: number;
const ENQUIRY = '000777';

beforeAll(async () => {
  h = await startConfirmCore();
  const { ref } = await setUpPotholes(h, { withRules: false });
  const { case: c } = await h.call('cases:save', { title: 'Pothole', status: 'open', values: { notes: 'x' } });
  caseId = c.id;
  await h.services.repos.references.set(caseId, ref.id, ENQUIRY, Date.now());
  key = (await h.call('confirm:rotate-crm-agent-key', {})).newKey;
});
afterAll(async () => {
  await h.close();
});

function push(body: string, opts: { key?: string | null; type?: string } = {}) {
  const k = opts.key === undefined ? key : opts.key;
  const url = `${h.core.listenerUrl}${CRM_AGENT_PATH}${k === null ? '' : `?key=${encodeURIComponent(k)}`}`;
  return fetch(url, { method: 'POST', headers: { 'content-type': opts.type ?? 'text/xml' }, body });
}

const update = (number: string, log: string, status: string, notes = '') =>
  `<EnquiryStatusUpdate><Enquiry><EnquiryNumber>${number}</EnquiryNumber><EnquiryStatusLog><EnquiryLogNumber>${log}</EnquiryLogNumber><EnquiryStatusCode>${status}</EnquiryStatusCode><StatusLogNotes>${notes}</StatusLogNotes></EnquiryStatusLog></Enquiry></EnquiryStatusUpdate>`;

async function refusals(): Promise<string[]> {
  return (await h.services.repos.log.page({ connectorId: 'confirm' }, null, 500)).entries.filter((e) => e.action === 'crm-agent').map((e) => e.message);
}

async function stillAnswers() {
  expect((await fetch(`${h.core.listenerUrl}/health`)).status).toBe(200);
}

describe('the CRM Agent route', () => {
  it('answers a missing and a wrong key with the same 401, and counts them into one log line (issue 9, item 7)', async () => {
    const before = (await refusals()).length;
    const missing = await push(update(ENQUIRY, '2', '0200'), { key: null });
    // A key one character off (never the key itself: the last character is swapped for a different one).
    const wrong = await push(update(ENQUIRY, '2', '0200'), { key: `${key.slice(0, -1)}${key.endsWith('0') ? '1' : '0'}` });
    const empty = await push(update(ENQUIRY, '2', '0200'), { key: '' });
    expect([missing.status, wrong.status, empty.status]).toEqual([401, 401, 401]);
    const bodies = await Promise.all([missing.text(), wrong.text(), empty.text()]);
    expect(new Set(bodies).size).toBe(1);
    // Was one row per refusal; now the first is logged at once and the others counted for the minute's summary.
    expect((await refusals()).length - before).toBe(1);
    expect((await refusals())[0]).toMatch(/^CRM Agent: 1 request refused for a missing or wrong key since \d\d:\d\d/);
    expect((await refusals()).slice(0, 3).join('\n')).not.toContain(key);
    expect((await h.call('cases:get', { id: caseId })).case.status).toBe('open');
    await stillAnswers();
  });

  it('refuses a wrong content type with 415', async () => {
    const before = (await refusals()).length;
    const r = await push(JSON.stringify({ EnquiryNumber: ENQUIRY }), { type: 'application/json' });
    expect(r.status).toBe(415);
    expect((await refusals()).length - before).toBe(1);
    await stillAnswers();
  });

  it('reads the content type by its grammar: the XML media types with any parameters, nothing that only starts like one', async () => {
    for (const type of ['text/xml', 'TEXT/XML; charset=utf-8', 'application/xml;charset="utf-8"', 'application/soap+xml; charset=utf-8; action="urn:push"'])
      expect((await push(update('999998', '1', '0200'), { type })).status, type).toBe(200);
    const before = (await refusals()).length;
    const bad = ['text/xmlfoo', 'text/xml2', 'application/xml-dtd', 'text/xml garbage', 'text/xml/x', 'application/soap+xmlx', 'text/xml; charset'];
    for (const type of bad) expect((await push(update(ENQUIRY, '3', '0200'), { type })).status, type).toBe(415);
    expect((await refusals()).length - before).toBe(bad.length);
    expect((await h.call('cases:get', { id: caseId })).case.status).toBe('open');
    await stillAnswers();
  });

  it('refuses an oversized body with 413, whether the parser or the listener catches it', async () => {
    const before = (await refusals()).length;
    const big = `<EnquiryStatusUpdate><EnquiryNumber>${ENQUIRY}</EnquiryNumber><StatusLogNotes>${'x'.repeat(300 * 1024)}</StatusLogNotes></EnquiryStatusUpdate>`;
    expect((await push(big)).status).toBe(413);
    const huge = `<a>${'x'.repeat(2 * 1024 * 1024)}</a>`;
    expect((await push(huge)).status).toBe(413);
    expect((await refusals()).length - before).toBe(2);
    await stillAnswers();
  });

  it('refuses a DOCTYPE with entity expansion and 10,000 nested elements with 400', async () => {
    const before = (await refusals()).length;
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><EnquiryStatusUpdate><EnquiryNumber>${ENQUIRY}</EnquiryNumber><StatusLogNotes>&lol2;</StatusLogNotes></EnquiryStatusUpdate>`;
    expect((await push(bomb)).status).toBe(400);
    const deep = `${'<a>'.repeat(10_000)}<EnquiryNumber>${ENQUIRY}</EnquiryNumber>${'</a>'.repeat(10_000)}`;
    const started = Date.now();
    expect((await push(deep)).status).toBe(400);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect((await refusals()).length - before).toBe(2);
    expect((await h.call('cases:get', { id: caseId })).case.values.confirm_notes).toBeUndefined();
    await stillAnswers();
  });

  it('answers an unknown Enquiry number 200 (so the agent does not retry) and logs it', async () => {
    const r = await push(update('999999', '1', '0200'));
    expect(r.status).toBe(200);
    expect(await r.text()).toContain('<Result>ignored</Result>');
    const logged = await h.services.repos.log.forEntity('enquiry', '999999', 10);
    expect(logged).toEqual([expect.objectContaining({ outcome: 'validation_failure', message: expect.stringContaining('no case holds this Enquiry number') })]);
    await stillAnswers();
  });

  it('applies the same update once when it arrives twice', async () => {
    const first = await push(update(ENQUIRY, '5', '0300', 'Crew on site'));
    const second = await push(update(ENQUIRY, '5', '0300', 'Crew on site'));
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(await first.text()).toContain('<Result>applied</Result>');
    expect(await second.text()).toContain('<Result>duplicate</Result>');
    const detail = await h.call('cases:get', { id: caseId });
    expect(detail.case).toMatchObject({ status: 'in_progress', values: { confirm_notes: 'Crew on site' } });
    const applied = detail.log.filter((l) => l.action === 'incoming-update' && l.message.includes('status open → in_progress'));
    expect(applied).toHaveLength(1);
    // A later log of the same Enquiry is a new update.
    expect(await (await push(update(ENQUIRY, '6', '0900', 'Done'))).text()).toContain('applied');
    expect((await h.call('cases:get', { id: caseId })).case.status).toBe('resolved');
    await stillAnswers();
  });
});
