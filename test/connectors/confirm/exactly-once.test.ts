// Exactly one Enquiry per case, whatever Confirm's answers do: a lost answer after Confirm applied the request makes
// the next attempt reconcile first; where reconciliation cannot tell, the job waits for staff and raises nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { setUpPotholes, startConfirmCore, type ConfirmCore } from './confirm-core';
import { externalReferenceOf } from '../../../src-main/connectors/confirm/apply-template-job';
import { until } from '../../support/harness';
import { whenRunAlone, type CoreStore } from '../../support/core-store';

const enquiriesOf = (h: ConfirmCore, caseId: number) => h.sandbox.enquiriesByExternalReference.get(externalReferenceOf(caseId)) ?? 0;

async function raise(h: ConfirmCore, n: number): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < n; i++) ids.push((await h.call('cases:save', { title: `Pothole ${i}`, values: { depth: 20 + i, notes: `pothole ${i}` } })).case.id);
  return ids;
}

/** One Enquiry per case whatever Confirm's answers do, on the store given (see connectors-matrix.test.ts). */
export function describeConfirmExactlyOnce(store: CoreStore): void {
  describe(`exactly one Enquiry per case (${store.name})`, () => {
    let h: ConfirmCore | null = null;
    const start = async (core: Parameters<typeof startConfirmCore>[0] = {}) => await startConfirmCore(core, { store });
    afterEach(async () => {
      await h?.close();
      h = null;
    });

    it('raises none twice when 10% of Confirm answers are lost after Confirm applied them', async () => {
      h = await start();
      const { ref } = await setUpPotholes(h);
      h.sandbox.lostReplyRate = 0.1;
      const ids = await raise(h, 200);
      await h.services.jobs.whenSettled();
      expect(h.sandbox.lostReplies).toBeGreaterThan(0);
      expect(ids.filter((id) => enquiriesOf(h!, id) !== 1)).toEqual([]);
      const unreferenced = [];
      for (const id of ids) if ((await h.services.repos.references.valueOf(id, ref.id)) === null) unreferenced.push(id);
      expect(unreferenced).toEqual([]);
      const counts = await h.call('jobs:counts', {});
      expect([counts.inDoubt, counts.dead, counts.recordFailed]).toEqual([0, 0, 0]);
      // Some raises came back through reconciliation, not a second NewEnquiry.
      const reconciled = (await h.services.repos.log.page({ q: 'earlier attempt' }, null, 500)).entries.filter((e) => e.message.startsWith('Found Enquiry'));
      expect(reconciled.length).toBeGreaterThan(0);
    });

    it('stops in doubt when reconciliation cannot tell, raises nothing, and takes the existing number from staff', async () => {
      h = await start();
      const { ref } = await setUpPotholes(h);
      // A tenant whose GetEnquiry does not say the external reference: an Enquiry logged meanwhile cannot be ruled out.
      h.sandbox.answersExternalReference = false;
      h.sandbox.loseAnswersTo.set('NewEnquiry', 1);
      const [caseId] = await raise(h, 1);
      const waiting = await until(async () => (await h!.call('jobs:in-doubt', {})).find((j) => j.kind === 'apply-template'), 'the job in doubt');
      expect(enquiriesOf(h, caseId!)).toBe(1);
      expect(waiting).toMatchObject({ connectorId: 'confirm', entityKey: `case-${caseId}`, canUseExisting: true });
      expect(waiting.reason).toMatch(/do not say their external reference/);
      expect((await h.call('jobs:counts', {})).inDoubt).toBe(1);
      // Nothing more is sent while staff decide.
      await h.services.jobs.whenSettled().catch(() => undefined);
      expect(enquiriesOf(h, caseId!)).toBe(1);

      const number = [...h.sandbox.enquiries.values()].find((e) => e.externalSystemReference === externalReferenceOf(caseId!))!.enquiryNumber;
      const bad = await h.core.dispatch('jobs:resolve-in-doubt', { jobId: waiting.id, action: 'use-existing', remoteId: 'ENQ-1' });
      expect(bad.ok === false && bad.error.code).toBe('invalid_input');
      const done = await h.call('jobs:resolve-in-doubt', { jobId: waiting.id, action: 'use-existing', remoteId: number });
      expect(done).toMatchObject({ resolved: true, message: expect.stringContaining(`Enquiry ${number} kept for case ${caseId}`) });
      expect(await h.services.repos.references.valueOf(caseId!, ref.id)).toBe(number);
      expect((await h.services.repos.jobs.get(waiting.id))!.status).toBe('done');
      expect(enquiriesOf(h, caseId!)).toBe(1);
      expect((await h.call('jobs:resolve-in-doubt', { jobId: waiting.id, action: 'raise-again' })).resolved).toBe(false);
    });

    it('raises again only when staff say so', async () => {
      h = await start();
      const { ref } = await setUpPotholes(h);
      h.sandbox.answersExternalReference = false;
      h.sandbox.loseAnswersTo.set('NewEnquiry', 1);
      const [caseId] = await raise(h, 1);
      const waiting = await until(async () => (await h!.call('jobs:in-doubt', {})).find((j) => j.kind === 'apply-template'), 'the job in doubt');
      await h.call('jobs:resolve-in-doubt', { jobId: waiting.id, action: 'raise-again' });
      await until(async () => await h!.services.repos.references.valueOf(caseId!, ref.id), 'the Enquiry number');
      // Staff chose a second Enquiry knowingly; it was not silent.
      expect(enquiriesOf(h, caseId!)).toBe(2);
      const lines = (await h.services.repos.log.forEntity('case', String(caseId), 50)).map((l) => l.message);
      expect(lines.some((m) => m.startsWith('Staff chose to act again'))).toBe(true);
    });

    it('stops as "recorded failed" when the number Confirm answered cannot be stored, and raises no second Enquiry', async () => {
      h = await start();
      const { ref } = await setUpPotholes(h);
      const [first] = await raise(h, 1);
      await h.services.jobs.whenSettled();
      expect(await h.services.repos.references.valueOf(first!, ref.id)).not.toBeNull();
      // Another case already holds the number the simulator will answer next (as after a simulator restart before the fix).
      const other = (await h.call('cases:save', { title: 'Unrelated', values: {} })).case.id;
      await h.services.jobs.whenSettled();
      const next = String(Math.max(...[...h.sandbox.enquiries.keys()].map(Number)) + 1);
      await h.services.repos.references.set(other, ref.id, next, Date.now());
      const [second] = await raise(h, 1);
      await h.services.jobs.whenSettled();
      expect(enquiriesOf(h, second!)).toBe(1);
      const job = (await h.call('jobs:counts', {})).recordFailed;
      expect(job).toBe(1);
      const line = (await h.services.repos.log.forEntity('case', String(second), 50)).find((l) => l.outcome === 'failure')!;
      expect(line.message).toMatch(new RegExp(`^Raised Enquiry ${next} .*But recording it failed: .*Not repeated at the remote`));
    });
  });
}

whenRunAlone(import.meta.url, describeConfirmExactlyOnce);
