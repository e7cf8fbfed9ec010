import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDocumentJob } from '../../../src-main/connectors/confirm/add-document-job';
import { CONFIRM_ID, POLL_TASK_ID } from '../../../src-main/connectors/confirm';
import type { JobRow } from '../../../src-main/store/jobs-repo';
import { settingsFor } from './confirm-harness';
import { setUpPotholes, startConfirmCore, type ConfirmCore } from './confirm-core';
import { peekDb } from '../../support/harness';

let h: ConfirmCore;
beforeEach(async () => {
  h = await startConfirmCore();
});
afterEach(async () => {
  await h.close();
});

async function raisedCase(h: ConfirmCore) {
  await setUpPotholes(h);
  const { case: c } = await h.call('cases:save', { title: 'Pothole', values: { depth: 12, notes: 'x' } });
  await h.services.jobs.whenSettled();
  const number = (await h.call('cases:get', { id: c.id })).references[0]!.value!;
  return { caseId: c.id, number };
}

describe('Enquiry Documents', () => {
  it('links the file and its description when no ConfirmWeb base url is set', async () => {
    const { caseId, number } = await raisedCase(h);
    const att = await h.call('cases:add-attachment', { caseId, fileName: 'plan.pdf', description: 'Site plan', contentBase64: Buffer.from('%PDF').toString('base64') });
    const job = { id: 1, connectorId: CONFIRM_ID, kind: 'add-document', entityKey: `case-${caseId}`, idempotencyKey: 'doc-test', payload: { caseId, attachmentId: att.id, link: 'http://127.0.0.1:9/cases/1/attachments/1' } } as JobRow;
    const s = h.services;
    const outcome = await addDocumentJob.perform(job, {
      connectorId: CONFIRM_ID,
      settings: settingsFor(h.sandbox.url!, { confirmWebBaseUrl: null }),
      repos: s.repos,
      own: s.registry.own(CONFIRM_ID),
      queue: s.queue,
      log: s.log,
      now: s.now,
      signal: AbortSignal.timeout(5_000),
      files: { downloads: s.paths.downloads, exports: s.paths.exports },
    });
    expect(outcome.message).toContain(`linked as an Enquiry Document`);
    expect(h.sandbox.enquiries.get(number)!.documents).toContainEqual(expect.objectContaining({ notes: 'Site plan', location: 'http://127.0.0.1:9/cases/1/attachments/1' }));
  });

  it('gives each attachment a link the listener serves with the file, and refuses a wrong token alike', async () => {
    const { caseId } = await raisedCase(h);
    const content = Buffer.from('%PDF-1.7 site plan \u0000 bytes');
    const att = await h.call('cases:add-attachment', { caseId, fileName: 'plan "v2".pdf', description: 'Site plan', contentType: 'application/pdf', contentBase64: content.toString('base64') });
    const job = peekDb(h.services.paths.database).prepare(`SELECT payload FROM jobs WHERE kind = 'add-document'`).pluck().get() as string;
    const link = (JSON.parse(job) as { link: string }).link;
    // The token is the attachment's random capability (32 bytes, base64url), no longer the file's sha256 (issue 9, item 10).
    expect(link).toMatch(new RegExp(`^${h.core.listenerUrl}/attachments/${att.id}\\?token=[A-Za-z0-9_-]{43}$`));
    const res = await fetch(link);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="plan _v2_.pdf"');
    expect(Buffer.from(await res.arrayBuffer()).equals(content)).toBe(true);
    const wrong = await fetch(link.replace(/token=.*/, `token=${'0'.repeat(64)}`));
    const missing = await fetch(`${h.core.listenerUrl}/attachments/99999?token=x`);
    const none = await fetch(link.replace(/\?token=.*/, ''));
    expect([wrong.status, missing.status, none.status]).toEqual([404, 404, 404]);
    expect(await wrong.text()).toBe(await missing.text());
  });

  it('sends nothing for a case without an Enquiry, and says so', async () => {
    await setUpPotholes(h, { withRules: false });
    const { case: c } = await h.call('cases:save', { title: 'Not raised', values: {} });
    await h.call('cases:add-attachment', { caseId: c.id, fileName: 'a.txt', contentBase64: Buffer.from('a').toString('base64') });
    await h.services.jobs.whenSettled();
    expect(h.sandbox.uploads).toHaveLength(0);
    expect((await h.logOf(c.id)).some((l) => l.action === 'add-document' && l.message.includes('has no Enquiry'))).toBe(true);
  });
});

describe('polling for status changes (the fallback without a CRM Agent)', () => {
  it('applies status changes once, however often it runs', async () => {
    const { caseId, number } = await raisedCase(h);
    h.sandbox.setEnquiryStatus(number, '0300', 'Crew on site');
    h.sandbox.setEnquiryStatus('000123', '0200', 'Not ours');
    const run = async () => {
      const { runId } = await h.services.tasks.start(CONFIRM_ID, POLL_TASK_ID, 'manual');
      return h.services.tasks.wait(runId);
    };
    const first = await run();
    expect(first).toMatchObject({ status: 'success' });
    let detail = await h.call('cases:get', { id: caseId });
    expect(detail.case).toMatchObject({ status: 'in_progress', values: { confirm_notes: 'Crew on site' } });
    const appliedLines = async () => (await h.logOf(caseId)).filter((l) => l.message.includes('from polling') && l.message.includes('status open → in_progress')).length;
    expect(await appliedLines()).toBe(1);
    await run();
    expect(await appliedLines()).toBe(1);
    detail = await h.call('cases:get', { id: caseId });
    expect(detail.case.status).toBe('in_progress');
    expect(await h.services.repos.log.forEntity('enquiry', '000123', 10)).toHaveLength(0);
  });

  it('is off by default', async () => {
    expect((await h.services.repos.schedules.get(CONFIRM_ID, POLL_TASK_ID)).intervalMinutes).toBeNull();
  });
});
