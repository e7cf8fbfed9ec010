import type { Repositories } from '../../store/repositories';
import type { TemplateView } from '../../../src-preload/contract';
import { RemoteError } from '../../engine/remote-error';
import { statusCodesOf, type CaseSnapshot } from './templates';

/** A case with what templates read from it (its person and the field definitions); a job about a gone case fails once. */
export async function caseSnapshot(repos: Repositories, caseId: number): Promise<CaseSnapshot> {
  const c = await repos.cases.get(caseId);
  if (!c) throw new RemoteError('validation', `case ${caseId} no longer exists; nothing was sent to Confirm`);
  return { case: c, person: c.personId !== null ? await repos.customers.get(c.personId) : null, fields: await repos.caseFields.list() };
}

/** Case status → Confirm code for a Reference, from its incoming templates. */
export async function statusCodesFor(repos: Repositories, template: Pick<TemplateView, 'referenceId'>) {
  return statusCodesOf(await repos.templates.ofReference(template.referenceId, 'enquiry_updated'));
}
