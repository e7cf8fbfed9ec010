// Sandbox mode's way to see an incoming update: the simulated Confirm changes a case's Enquiry status as a Confirm user
// would, and its CRM Agent posts the change to the listener over real HTTP, as Confirm's would (or, with the polling
// fallback on, the change waits for the next Poll Confirm run). Nothing here touches the case: the listener does.
import type { ChannelOutput } from '../../../src-preload/contract';
import type { Repositories } from '../../store/repositories';
import type { Simulator } from '../../sandbox/simulator';
import { AppErrorException } from '../../errors/app-error';
import { ConfirmSandbox } from './sandbox';
import type { CrmAgentKey } from './crm-agent-key';
import { CRM_AGENT_PATH } from './crm-agent-route';
import { childText, readXml } from './xml';
import { CONFIRM_ID, POLL_TASK_ID } from './ids';

export interface SandboxStatusDeps {
  repos: Repositories;
  sandboxMode(): boolean;
  simulator(): Simulator | undefined;
  listenerUrl(): string | null;
  crmAgentKey: CrmAgentKey;
}

type Change = ChannelOutput<'sandbox:confirm-status'>;

/** The listener's CrmAgentResponse Message, or the raw text when it is not one. */
function answerText(answer: string | null): string {
  if (!answer) return '';
  try {
    return childText(readXml(answer).CrmAgentResponse, 'Message') ?? answer;
  } catch {
    return answer;
  }
}

export async function changeStatusInSimulator(d: SandboxStatusDeps, input: { caseId: number; statusCode: string }): Promise<Change> {
  const sim = d.simulator();
  if (!d.sandboxMode() || !(sim instanceof ConfirmSandbox) || !sim.url)
    throw new AppErrorException('conflict', 'The simulated Confirm runs in sandbox mode only: switch sandbox mode on in Settings to try an incoming update.');
  const c = await d.repos.cases.get(input.caseId);
  if (!c) throw new AppErrorException('not_found', `There is no case #${input.caseId}.`);
  const numbers = (await d.repos.references.ofCase(input.caseId)).map((r) => r.value).filter((v): v is string => !!v);
  const enquiryNumber = numbers.find((n) => sim.enquiries.has(n));
  if (!enquiryNumber)
    throw new AppErrorException(
      'conflict',
      numbers.length === 0
        ? `Case #${input.caseId} has no Enquiry yet: raise one in Confirm first (a rule with a Create Enquiry template does it).`
        : `The simulated Confirm holds no Enquiry ${numbers.join(' or ')}: the case's Enquiry was raised in another Confirm, or before the simulator's data was reset.`,
    );
  const status = sim.lookups.statuses.find((s) => s.code === input.statusCode);
  if (!status) throw new AppErrorException('invalid_input', `Confirm has no status ${input.statusCode}: pick one from the list.`, [{ path: 'statusCode', message: 'pick a status from the list', rule: 'choice' }]);
  const base = { enquiryNumber, statusCode: status.code, statusName: status.name };
  const notes = `Set in the simulated Confirm by SyncDesk's sandbox`;

  const polling = (await d.repos.schedules.get(CONFIRM_ID, POLL_TASK_ID)).intervalMinutes;
  const listener = d.listenerUrl();
  if (polling !== null || !listener) {
    sim.setEnquiryStatus(enquiryNumber, status.code, notes, null);
    const why = polling !== null ? `The polling fallback is on: Poll Confirm (every ${polling} min) finds it` : 'The listener is off, so the CRM Agent cannot post it: Poll Confirm finds it';
    return { ...base, delivery: 'poll', message: `Enquiry ${enquiryNumber} is now "${status.name}" in the simulated Confirm. ${why}; run it now from Sync Status.` };
  }
  // The simulator is this install's CRM Agent: it posts with the key staff would paste into Confirm, made now if none is.
  const key = (await d.crmAgentKey.current()) ?? (await d.crmAgentKey.rotate());
  const before = sim.pushes.length;
  sim.setEnquiryStatus(enquiryNumber, status.code, notes, `${listener}${CRM_AGENT_PATH}?key=${encodeURIComponent(key)}`);
  await sim.pushesSettled();
  const push = sim.pushes[before];
  if (!push || push.status !== 200)
    throw new AppErrorException(
      'connection_failed',
      `Enquiry ${enquiryNumber} is now "${status.name}" in the simulated Confirm, but its CRM Agent could not deliver the update to the listener. Run Poll Confirm on Sync Status to fetch it.`,
      undefined,
      push?.error ?? `HTTP ${push?.status ?? '?'}: ${answerText(push?.answer ?? null)}`,
    );
  return { ...base, delivery: 'crm-agent', message: answerText(push.answer) };
}
