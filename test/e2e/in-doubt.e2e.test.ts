import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConfirmConnector, CONFIRM_ID } from '../../src-main/connectors/confirm';
import type { ConfirmSandbox } from '../../src-main/connectors/confirm/sandbox';
import { externalReferenceOf } from '../../src-main/connectors/confirm/apply-template-job';
import { openConsole, type ConsoleSession } from './console-session';
import { until } from '../support/harness';
import { setUpRaiseRule } from '../../src-main/bench/confirm-crash-round';

// A raise whose answer was lost, at a Confirm whose answers cannot rule an Enquiry out: the job waits in doubt on
// Sync Status, and staff enter the Enquiry number the earlier attempt made.
let session: ConsoleSession;

beforeAll(async () => {
  session = await openConsole('e2e-in-doubt', { connectors: [createConfirmConnector()] });
}, 120_000);
afterAll(async () => {
  await session?.close();
});

async function call<T>(channel: string, input: unknown): Promise<T> {
  const r = await session.app.core.dispatch(channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
  return r.data as T;
}

describe('jobs in doubt in the console', () => {
  it('shows a raise in doubt on Sync Status and takes the existing Enquiry number from staff', async () => {
    const { app, page } = session;
    const sandbox = app.core.services.sandboxes.get(CONFIRM_ID) as ConfirmSandbox;
    const { referenceId } = await setUpRaiseRule(call);
    sandbox.answersExternalReference = false;
    sandbox.loseAnswersTo.set('NewEnquiry', 1);
    const caseId = (await call<{ case: { id: number } }>('cases:save', { title: 'Pothole on Mill Lane', values: {} })).case.id;
    await until(async () => (await call<unknown[]>('jobs:in-doubt', {})).length === 1, 'the job in doubt');

    await page.goto(app.server.url);
    const panel = page.getByTestId('in-doubt-panel');
    await panel.waitFor();
    expect(await panel.textContent()).toContain('1 job in doubt');
    await page.setViewportSize({ width: 1024, height: 700 });
    await session.shot('in-doubt-01-sync-status-1024');
    await page.setViewportSize({ width: 1440, height: 900 });
    const number = [...sandbox.enquiries.values()].find((e) => e.externalSystemReference === externalReferenceOf(caseId))!.enquiryNumber;
    await panel.getByLabel("Existing record's id").fill(number);
    await panel.getByRole('button', { name: 'Use this record' }).click();
    await panel.waitFor({ state: 'detached' });
    await session.shot('in-doubt-02-resolved');
    expect(await app.core.services.repos.references.valueOf(caseId, referenceId)).toBe(number);
    expect(sandbox.enquiriesByExternalReference.get(externalReferenceOf(caseId))).toBe(1);
  });
});
