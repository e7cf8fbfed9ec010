// Confirm's answer to the case domain's events: each enabled rule whose trigger and conditions match queues its
// template's job, and an added attachment queues its Enquiry Document, in the transaction of the change (outbox).
import type { RuleView } from '../../../src-preload/contract';
import type { Repositories } from '../../store/repositories';
import type { ConnectorHost } from '../connector';
import type { EventAnswer } from '../../events/domain-events';
import { ruleMatches } from '../../cases/rule-evaluation';
import { attachmentLink } from '../../cases/attachment-route';
import { ADD_DOCUMENT_JOB, APPLY_TEMPLATE_JOB, CONFIRM_ID, caseEntityKey } from './ids';
import type { ApplyTemplatePayload } from './apply-template-job';
import type { AddDocumentPayload } from './add-document-job';

type Trigger = RuleView['trigger'];

export function subscribeToCaseEvents(host: ConnectorHost): void {
  const { events, queue } = host;

  async function fireRules(tx: Repositories, trigger: Trigger, caseId: number, event: string, t: number): Promise<EventAnswer> {
    const c = (await tx.cases.get(caseId))!;
    const jobIds: number[] = [];
    for (const rule of await tx.caseRules.enabledFor(trigger)) {
      if (!ruleMatches(rule, c)) continue;
      const payload: ApplyTemplatePayload = { caseId, templateId: rule.templateId, firedAt: t, trigger, ruleId: rule.id };
      jobIds.push(
        await queue.enqueue(tx, {
          connectorId: CONFIRM_ID,
          kind: APPLY_TEMPLATE_JOB,
          entityKey: caseEntityKey(caseId),
          idempotencyKey: `confirm:apply-template:${caseId}:${rule.templateId}:${event}`,
          payload,
          runAt: t,
        }),
      );
    }
    return { connectorId: CONFIRM_ID, jobIds };
  }

  events.subscribe('case.created', async (tx, e) => await fireRules(tx, 'case_created', e.caseId, 'created', e.at));
  events.subscribe('case.changed', async (tx, e) => await fireRules(tx, 'case_updated', e.caseId, `updated@${e.at}`, e.at));
  events.subscribe('attachment.added', async (tx, e) => {
    const answer = await fireRules(tx, 'attachment_added', e.caseId, `attachment-${e.attachmentId}`, e.at);
    // The link carries the attachment's own capability; this job's payload is the one place it is written in the
    // clear, because it is the message that hands the link to Confirm (a crash before sending must not lose it).
    const payload: AddDocumentPayload = { caseId: e.caseId, attachmentId: e.attachmentId, link: attachmentLink(host.listenerUrl() ?? 'syncdesk:', e.attachmentId, e.linkToken) };
    answer.jobIds.push(
      await queue.enqueue(tx, { connectorId: CONFIRM_ID, kind: ADD_DOCUMENT_JOB, entityKey: caseEntityKey(e.caseId), idempotencyKey: `confirm:add-document:${e.attachmentId}`, payload, runAt: e.at }),
    );
    return answer;
  });
}
