// Cases: saving one (or adding an attachment) raises the domain's event in the same transaction, so the jobs that
// connectors queue in answer (the outbox) commit with the change: a crash can never leave one without the other.
import type { CaseAttachmentView, CaseDetail, CaseFieldDef, IssueView, ParsedInput } from '../../src-preload/contract';
import type { Repositories } from '../store/repositories';
import type { IntegrationLog } from '../engine/integration-log';
import type { DomainEvents } from '../events/domain-events';
import { AppErrorException, cannotBeSaved } from '../errors/app-error';
import type { CaseInput } from '../store/cases-repo';
import { decodeAttachment, removeAttachment, storeAttachment } from './attachment-store';
import { newLinkCapability } from './attachment-capability';
import type { AttachmentRow } from '../store/attachments-repo';
import { grouped } from '../engine/count-words';

export interface CaseServiceDeps {
  repos: Repositories;
  events: DomainEvents;
  log: IntegrationLog;
  now: () => number;
  attachmentsDir: string;
}

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

const viewOf = (a: AttachmentRow): CaseAttachmentView => ({
  id: a.id,
  fileName: a.fileName,
  description: a.description,
  contentType: a.contentType,
  size: a.size,
  createdAt: a.createdAt,
  linkLegacy: a.linkLegacy,
  linkRevokedAt: a.linkRevokedAt,
  linkExpiresAt: a.linkExpiresAt,
});

export function createCaseService(deps: CaseServiceDeps) {
  const { repos, now } = deps;

  async function detail(id: number): Promise<CaseDetail> {
    const c = await repos.cases.get(id);
    if (!c) throw new AppErrorException('not_found', `There is no case ${id}.`);
    return {
      case: c,
      fields: await repos.caseFields.list(),
      references: await repos.references.ofCase(id),
      attachments: (await repos.attachments.ofCase(id)).map(viewOf),
      log: await repos.log.forEntity('case', String(id), 200),
    };
  }

  async function save(input: ParsedInput<'cases:save'>): Promise<CaseDetail> {
    const issues = checkValues(input.values, await repos.caseFields.list());
    if (input.personId !== null && !await repos.customers.get(input.personId)) issues.push({ path: 'personId', message: `there is no person ${input.personId}` });
    if (issues.length > 0) throw cannotBeSaved('case', issues, issues.length);
    const data: CaseInput = { title: input.title, description: input.description || null, status: input.status, values: input.values, personId: input.personId, address: input.address, dueAt: input.dueAt };
    const t = now();
    const id = await repos.transaction(async (tx) => {
      if (input.id === undefined) {
        const id = await tx.cases.insert(data, t);
        await deps.events.raise(tx, 'case.created', { caseId: id, at: t });
        return id;
      }
      if (!await tx.cases.update(input.id, data, t)) throw new AppErrorException('not_found', `There is no case ${input.id}.`);
      await deps.events.raise(tx, 'case.changed', { caseId: input.id, at: t });
      return input.id;
    });
    return await detail(id);
  }

  async function addAttachment(input: ParsedInput<'cases:add-attachment'>): Promise<CaseAttachmentView> {
    if (!await repos.cases.get(input.caseId)) throw new AppErrorException('not_found', `There is no case ${input.caseId}.`);
    const t = now();
    if (input.linkExpiresAt !== null && input.linkExpiresAt <= t)
      throw new AppErrorException('invalid_input', 'The link would have expired already: choose a time in the future, or no expiry.', [{ path: 'linkExpiresAt', message: 'in the past' }]);
    const data = decodeAttachment(input.contentBase64);
    const stored = storeAttachment(deps.attachmentsDir, data);
    // Minted here and stored as a hash with the row; the token itself goes only into the event, to the subscriber that
    // hands the link out.
    const link = newLinkCapability();
    let id: number;
    try {
      id = await repos.transaction(async (tx) => {
        const id = await tx.attachments.insert(
          {
            caseId: input.caseId,
            fileName: input.fileName,
            description: input.description || null,
            contentType: input.contentType,
            ...stored,
            linkTokenHash: link.hash,
            linkExpiresAt: input.linkExpiresAt,
          },
          t,
        );
        await deps.events.raise(tx, 'attachment.added', { caseId: input.caseId, attachmentId: id, linkToken: link.token, at: t });
        return id;
      });
    } catch (err) {
      removeAttachment(deps.attachmentsDir, stored.storedName);
      throw err;
    }
    const a = (await repos.attachments.get(id))!;
    await deps.log.write({ connectorId: 'cases', action: 'add-attachment', entityType: 'case', entityId: String(input.caseId), outcome: 'success', message: `Attachment ${a.fileName} (${grouped(a.size)} bytes) added.` });
    return viewOf(a);
  }

  async function revokeAttachmentLink(attachmentId: number): Promise<CaseAttachmentView> {
    const before = await repos.attachments.get(attachmentId);
    if (!before) throw new AppErrorException('not_found', `There is no attachment ${attachmentId}.`);
    await repos.attachments.revokeLink(attachmentId, now());
    const a = (await repos.attachments.get(attachmentId))!;
    if (before.linkRevokedAt === null)
      await deps.log.write({ connectorId: 'cases', action: 'revoke-attachment-link', entityType: 'case', entityId: String(a.caseId), outcome: 'success', message: `The link of attachment ${a.fileName} was revoked: it answers 404 from now on.` });
    return viewOf(a);
  }

  return { detail, save, addAttachment, revokeAttachmentLink };
}

export type CaseService = ReturnType<typeof createCaseService>;
