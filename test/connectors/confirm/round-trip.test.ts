// Create → update → incoming update against the sandbox, through rules, jobs, the listener route and the templates.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CRM_AGENT_PATH } from '../../../src-main/connectors/confirm/crm-agent-route';
import { setUpPotholes, startConfirmCore, type ConfirmCore } from './confirm-core';
import { whenRunAlone, type CoreStore } from '../../support/core-store';

/** The Confirm round trip, on the store given (both run it: test/store/postgres/connectors-matrix.test.ts). */
export function describeConfirmRoundTrip(store: CoreStore): void {
  describe(`the Confirm round trip (${store.name})`, () => {
    let h: ConfirmCore;
    beforeEach(async () => {
      h = await startConfirmCore({}, { store });
    });
    afterEach(async () => {
      await h.close();
    });

    it('raises an Enquiry when a case is created, updates it when the case changes, and applies CRM Agent updates', async () => {
      const { ref } = await setUpPotholes(h);
      const created = await h.call('cases:save', { title: 'Pothole on Mill Lane', values: { depth: 40, notes: 'Deep one by the bus stop' } });
      const caseId = created.case.id;
      await h.services.jobs.whenSettled();

      let detail = await h.call('cases:get', { id: caseId });
      const enquiryNumber = detail.references.find((r) => r.referenceId === ref.id)!.value!;
      expect(enquiryNumber).toMatch(/^\d+$/);
      const e = h.sandbox.enquiries.get(enquiryNumber)!;
      expect(e).toMatchObject({ serviceCode: 'HW', subjectCode: 'PH', description: 'Deep one by the bus stop', externalSystemReference: `syncdesk-case-${caseId}` });
      expect(e.attributes).toEqual([expect.objectContaining({ typeCode: 'DEPT' })]);
      // The incoming template ran after the create: Confirm's initial status 0100 maps to "open".
      expect(detail.case.status).toBe('open');
      expect(detail.log.some((l) => l.outcome === 'success' && l.message.includes(`Raised Enquiry ${enquiryNumber}`))).toBe(true);

      await h.call('cases:save', { id: caseId, title: 'Pothole on Mill Lane', status: 'in_progress', values: { depth: 40, notes: 'Crew booked' } });
      await h.services.jobs.whenSettled();
      expect(e.logs.at(-1)).toMatchObject({ statusCode: '0200', notes: 'Crew booked' });
      detail = await h.call('cases:get', { id: caseId });
      expect(detail.case.status).toBe('in_progress');
      expect(detail.log.some((l) => l.message.includes(`Updated Enquiry ${enquiryNumber}`))).toBe(true);

      const { newKey } = await h.call('confirm:rotate-crm-agent-key', {});
      h.sandbox.crmAgent.url = `${h.core.listenerUrl}${CRM_AGENT_PATH}?key=${newKey}`;
      h.sandbox.setEnquiryStatus(enquiryNumber, '0900', 'Filled and rolled');
      await h.sandbox.pushesSettled();
      expect(h.sandbox.pushes.at(-1)).toMatchObject({ status: 200, error: null });
      detail = await h.call('cases:get', { id: caseId });
      expect(detail.case.status).toBe('resolved');
      expect(detail.case.values).toMatchObject({ depth: 40, notes: 'Crew booked', confirm_notes: 'Filled and rolled' });
      expect(detail.case.closedAt).not.toBeNull();
      expect(detail.references.find((r) => r.referenceId === ref.id)!.value).toBe(enquiryNumber);
      expect(detail.log.some((l) => l.action === 'incoming-update' && l.message.includes('from the CRM Agent') && l.message.includes('status in_progress → resolved'))).toBe(true);
      // Incoming updates never fire rules: no Update job came back from the status change.
      expect(h.sandbox.enquiriesByExternalReference.get(`syncdesk-case-${caseId}`)).toBe(1);
      expect(e.logs).toHaveLength(3);
    });

    it('logs an unmapped Confirm status code and leaves the status alone', async () => {
      await setUpPotholes(h);
      const { case: c } = await h.call('cases:save', { title: 'Pothole', values: { depth: 10, notes: 'x' } });
      await h.services.jobs.whenSettled();
      const number = (await h.call('cases:get', { id: c.id })).references[0]!.value!;
      const { newKey } = await h.call('confirm:rotate-crm-agent-key', {});
      h.sandbox.crmAgent.url = `${h.core.listenerUrl}${CRM_AGENT_PATH}?key=${newKey}`;
      h.sandbox.setEnquiryStatus(number, '0990', 'Withdrawn');
      await h.sandbox.pushesSettled();
      const detail = await h.call('cases:get', { id: c.id });
      expect(detail.case.status).toBe('open');
      expect(detail.log.some((l) => l.outcome === 'validation_failure' && l.message.includes('status code 0990 is not mapped'))).toBe(true);
    });

    it('does nothing for a Create when the case already holds an Enquiry number, and logs it', async () => {
      const { create } = await setUpPotholes(h, { withRules: false });
      const { case: c } = await h.call('cases:save', { title: 'Pothole', values: { depth: 10, notes: 'x' } });
      await h.call('rules:save', { name: 'Raise on update', trigger: 'case_updated', templateId: create.id });
      await h.call('cases:save', { id: c.id, title: 'Pothole', values: { depth: 10, notes: 'x' } });
      await h.services.jobs.whenSettled();
      await new Promise((r) => setTimeout(r, 2));
      await h.call('cases:save', { id: c.id, title: 'Pothole again', values: { depth: 10, notes: 'x' } });
      await h.services.jobs.whenSettled();
      expect(h.sandbox.enquiriesByExternalReference.get(`syncdesk-case-${c.id}`)).toBe(1);
      const log = await h.logOf(c.id);
      expect(log.some((l) => l.message.includes('already holds Enquiry') && l.message.includes('sent nothing'))).toBe(true);
    });

    it('adds an attachment to the Enquiry through ConfirmWeb when its base url is set (sandbox mode)', async () => {
      await setUpPotholes(h);
      const { case: c } = await h.call('cases:save', { title: 'Pothole', values: { depth: 10, notes: 'x' } });
      const att = await h.call('cases:add-attachment', { caseId: c.id, fileName: 'photo.jpg', description: 'The hole', contentType: 'image/jpeg', contentBase64: Buffer.from('jpeg bytes').toString('base64') });
      await h.services.jobs.whenSettled();
      expect(att).toMatchObject({ fileName: 'photo.jpg', size: 10 });
      const number = (await h.call('cases:get', { id: c.id })).references[0]!.value!;
      expect(h.sandbox.uploads).toEqual([expect.objectContaining({ enquiryNumber: number, documentName: 'photo.jpg', documentNotes: 'The hole' })]);
      expect(h.sandbox.uploads[0]!.bytes.toString()).toBe('jpeg bytes');
      expect((await h.logOf(c.id)).some((l) => l.action === 'add-document' && l.outcome === 'success' && l.message.includes('uploaded through ConfirmWeb'))).toBe(true);
    });

    it('waits until the lookups cache window has passed before asking Confirm again on a template save', async () => {
      await h.close();
      let clock = Date.UTC(2026, 5, 1, 9);
      h = await startConfirmCore({ now: () => clock }, { store });
      const ref = await h.call('references:save', { name: 'Enquiry Number' });
      const save = (name: string) =>
        h.call('templates:save', {
          name,
          type: 'create_enquiry',
          referenceId: ref.id,
          rows: [
            { direction: 'out', target: { kind: 'field', name: 'ServiceCode' }, source: { kind: 'static', value: 'HW' } },
            { direction: 'out', target: { kind: 'field', name: 'SubjectCode' }, source: { kind: 'static', value: 'PH' } },
          ],
        });
      h.sandbox.resetCounters();
      await save('one');
      expect(h.sandbox.operationCount('GetEnquiryLookups')).toBe(1);
      clock += 1_799_000;
      await save('two');
      expect(h.sandbox.operationCount('GetEnquiryLookups')).toBe(1);
      clock += 2_000;
      await save('three');
      expect(h.sandbox.operationCount('GetEnquiryLookups')).toBe(2);
      // A wrong code is refused against the same (cached) lookups, with no further request.
      const r = await h.core.dispatch('templates:save', {
        name: 'four',
        type: 'create_enquiry',
        referenceId: ref.id,
        rows: [
          { direction: 'out', target: { kind: 'field', name: 'ServiceCode' }, source: { kind: 'static', value: 'HW' } },
          { direction: 'out', target: { kind: 'field', name: 'SubjectCode' }, source: { kind: 'static', value: 'ZZ' } },
        ],
      });
      expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'rows.1.source', message: 'ZZ is not a subject of service HW code in Confirm: pick one from the list.' }] } });
      expect(h.sandbox.operationCount('GetEnquiryLookups')).toBe(2);
    });

    describe('the read-back after a create', () => {
      it('is a job of its own: when Confirm fails to answer it, it is retried, and the incoming templates still apply', async () => {
        await setUpPotholes(h);
        // GetEnquiry answers 503 twice; NewEnquiry is untouched.
        const routes = (h.sandbox as unknown as { routes: Record<string, (req: { body: string }, s: unknown) => unknown> }).routes;
        const key = Object.keys(routes).find((k) => k.startsWith('POST ') && k.includes('ConfirmConnector'))!;
        const original = routes[key]!;
        let refused = 0;
        routes[key] = (req, s) => {
          if (req.body.includes('GetEnquiry>') && refused < 2) {
            refused++;
            return { status: 503, body: 'busy' };
          }
          return original(req, s);
        };
        const { case: c } = await h.call('cases:save', { title: 'Pothole', values: { depth: 20, notes: 'kerb side' } });
        await h.services.jobs.whenSettled();
        expect(refused).toBe(2);
        const detail = await h.call('cases:get', { id: c.id });
        expect(detail.case.status).toBe('open');
        const pulls = await h.sql.all(`SELECT status, attempts FROM jobs WHERE kind = 'pull-enquiry'`);
        expect(pulls).toEqual([{ status: 'done', attempts: 3 }]);
        expect(h.sandbox.enquiriesByExternalReference.get(`syncdesk-case-${c.id}`)).toBe(1);
      });
    });
  });
}

whenRunAlone(import.meta.url, describeConfirmRoundTrip);
