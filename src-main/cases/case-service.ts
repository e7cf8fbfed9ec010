// Cases: saving one (or adding an attachment) and, in the same transaction, the jobs its rules cause (the outbox):
// one Confirm job per matching rule, so a crash can never leave a change without its job or a job without its change.
import type { CaseAttachmentView, CaseDetail, CaseFieldDef, IssueView, ParsedInput, RuleView } from '../../src-preload/contract';
import type { Repositories } from '../store/repositories';
import type { IntegrationLog } from '../engine/integration-log';
import { AppErrorException } from '../errors/app-error';
import { attachmentLink } from './attachment-route';
import type { CaseInput } from '../store/cases-repo';
import { ADD_DOCUMENT_JOB, APPLY_TEMPLATE_JOB, CONFIRM_ID, caseEntityKey } from '../connectors/confirm/ids';
import type { ApplyTemplatePayload } from '../connectors/confirm/apply-template-job';
import type { AddDocumentPayload } from '../connectors/confirm/add-document-job';
import { ruleMatches } from './rule-evaluation';
import { decodeAttachment, removeAttachment, storeAttachment } from './attachment-store';

export interface CaseServiceDeps {
  repos: Repositories;
  log: IntegrationLog;
  now: () => number;
  kickJobs: () => void;
  attachmentsDir: string;
  /** Whether the Confirm connector is installed (rules and documents enqueue its jobs). */
  confirmInstalled: () => boolean;
  /** Base of the links Enquiry Documents carry (the listener's address). */
  linkBase: () => string | null;
}

type Trigger = RuleView['trigger'];

function checkValues(values: CaseInput['values'], fields: CaseFieldDef[]): IssueView[] {
  const issues: IssueView[] = [];
  const byKey = new Map(fields.map((f) => [f.key, f]));
  for (const [key, v] of Object.entries(values)) {
    const f = byKey.get(key);
    const path = `values.${key}`;
    if (!f) issues.push({ path, message: 'there is no such case field' });
    else if (v === null || v === '') continue;
    else if ((f.kind === 'number' || f.kind === 'date') && typeof v !== 'number') issues.push({ path, message: f.kind === 'date' ? 'a date is sent as milliseconds since 1970' : 'a number is required' });
    else if (f.kind === 'choice' && !f.options.includes(String(v))) issues.push({ path, message: `one of ${f.options.join(', ')}` });
  }
  for (const f of fields) {
    const v = values[f.key];
    if (f.required && (v === null || v === undefined || String(v).trim() === '')) issues.push({ path: `values.${f.key}`, message: `${f.label} is required` });
  }
  return issues;
}

export function createCaseService(deps: CaseServiceDeps) {
  const { repos, now } = deps;

  function detail(id: number): CaseDetail {
    const c = repos.cases.get(id);
    if (!c) throw new AppErrorException('not_found', `There is no case ${id}.`);
    return {
      case: c,
      fields: repos.caseFields.list(),
      references: repos.references.ofCase(id),
      attachments: repos.attachments.ofCase(id).map(({ id: aid, fileName, description, contentType, size, createdAt }) => ({ id: aid, fileName, description, contentType, size, createdAt })),
      log: repos.log.forEntity('case', String(id), 200),
    };
  }

  /** Call inside the transaction of the change. Returns the number of jobs enqueued. */
  function fireRules(trigger: Trigger, caseId: number, event: string, t: number): number {
    if (!deps.confirmInstalled()) return 0;
    const c = repos.cases.get(caseId)!;
    let n = 0;
    for (const rule of repos.caseRules.enabledFor(trigger)) {
      if (!ruleMatches(rule, c)) continue;
      const payload: ApplyTemplatePayload = { caseId, templateId: rule.templateId, firedAt: t, trigger, ruleId: rule.id };
      repos.jobs.enqueue(
        { connectorId: CONFIRM_ID, kind: APPLY_TEMPLATE_JOB, entityKey: caseEntityKey(caseId), idempotencyKey: `confirm:apply-template:${caseId}:${rule.templateId}:${event}`, payload },
        t,
      );
      n++;
    }
    return n;
  }

  function save(input: ParsedInput<'cases:save'>): CaseDetail {
    const issues = checkValues(input.values, repos.caseFields.list());
    if (input.personId !== null && !repos.customers.get(input.personId)) issues.push({ path: 'personId', message: `there is no person ${input.personId}` });
    if (issues.length > 0) throw new AppErrorException('invalid_input', `The case cannot be saved: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}.`, issues);
    const data: CaseInput = { title: input.title, description: input.description || null, status: input.status, values: input.values, personId: input.personId, address: input.address, dueAt: input.dueAt };
    const t = now();
    const { id, jobs } = repos.transaction(() => {
      if (input.id === undefined) {
        const id = repos.cases.insert(data, t);
        return { id, jobs: fireRules('case_created', id, 'created', t) };
      }
      if (!repos.cases.update(input.id, data, t)) throw new AppErrorException('not_found', `There is no case ${input.id}.`);
      return { id: input.id, jobs: fireRules('case_updated', input.id, `updated@${t}`, t) };
    });
    if (jobs > 0) deps.kickJobs();
    return detail(id);
  }

  function addAttachment(input: ParsedInput<'cases:add-attachment'>): CaseAttachmentView {
    if (!repos.cases.get(input.caseId)) throw new AppErrorException('not_found', `There is no case ${input.caseId}.`);
    const data = decodeAttachment(input.contentBase64);
    const stored = storeAttachment(deps.attachmentsDir, data);
    const t = now();
    let id: number;
    try {
      id = repos.transaction(() => {
        const id = repos.attachments.insert(
          { caseId: input.caseId, fileName: input.fileName, description: input.description || null, contentType: input.contentType || 'application/octet-stream', ...stored },
          t,
        );
        fireRules('attachment_added', input.caseId, `attachment-${id}`, t);
        if (deps.confirmInstalled()) {
          const payload: AddDocumentPayload = { caseId: input.caseId, attachmentId: id, link: attachmentLink(deps.linkBase() ?? 'syncdesk:', id, stored.sha256) };
          repos.jobs.enqueue({ connectorId: CONFIRM_ID, kind: ADD_DOCUMENT_JOB, entityKey: caseEntityKey(input.caseId), idempotencyKey: `confirm:add-document:${id}`, payload }, t);
        }
        return id;
      });
    } catch (err) {
      removeAttachment(deps.attachmentsDir, stored.storedName);
      throw err;
    }
    deps.kickJobs();
    const a = repos.attachments.get(id)!;
    deps.log.write({ connectorId: 'cases', action: 'add-attachment', entityType: 'case', entityId: String(input.caseId), outcome: 'success', message: `Attachment ${a.fileName} (${a.size} bytes) added.` });
    return { id: a.id, fileName: a.fileName, description: a.description, contentType: a.contentType, size: a.size, createdAt: a.createdAt };
  }

  return { detail, save, addAttachment };
}

export type CaseService = ReturnType<typeof createCaseService>;
