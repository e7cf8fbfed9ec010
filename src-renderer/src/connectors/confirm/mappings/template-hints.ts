import type { ConfirmLookupsView, EnquiryFieldCatalog } from '../../../../../src-preload/contract';
import type { TemplateDraft } from './template-draft';

// The reference's rules for a Create template, checked as the draft changes so staff see what is missing before
// saving. The core checks the same rules (and the codes against Confirm) on save and has the last word.

export const CUSTOMER_REQUIRED = ['CustomerSurname', 'CustomerTypeCode', 'PointOfContactCode', 'EnquiryMethodCode'] as const;

function labelOf(catalog: EnquiryFieldCatalog | null, name: string): string {
  return catalog?.outgoingCreate.find((f) => f.name === name)?.label ?? name;
}

export function draftHints(draft: TemplateDraft, catalog: EnquiryFieldCatalog | null): string[] {
  if (draft.type !== 'create_enquiry') return [];
  const mapped = new Set(draft.rows.flatMap((r) => (r.direction === 'out' && r.target.kind === 'field' && r.target.name ? [r.target.name] : [])));
  const hints: string[] = [];
  for (const name of ['ServiceCode', 'SubjectCode']) {
    if (!mapped.has(name)) hints.push(`${labelOf(catalog, name)} is required to raise an Enquiry.`);
  }
  const customer = new Set(catalog?.outgoingCreate.filter((f) => f.customer).map((f) => f.name) ?? []);
  const anyCustomer = [...mapped].some((name) => customer.has(name) || name.startsWith('Customer'));
  if (anyCustomer) {
    const missing = CUSTOMER_REQUIRED.filter((name) => !mapped.has(name)).map((name) => labelOf(catalog, name));
    if (missing.length) hints.push(`A Customer field is mapped, so these are needed too: ${missing.join(', ')}.`);
  }
  return hints;
}

function staticOf(draft: TemplateDraft, name: string): string | null {
  for (const r of draft.rows) {
    if (r.direction === 'out' && r.target.kind === 'field' && r.target.name === name && r.source.kind === 'static') return r.source.value.trim() || null;
  }
  return null;
}

/**
 * Confirm's mandatory Enquiry Attributes for the template's Service and Subject (DEPT for HW/PH, say) that no row
 * fills, checked against the cached lookups: Confirm refuses such an Enquiry only when a case is raised.
 */
export function mandatoryAttributeHints(draft: TemplateDraft, lookups: ConfirmLookupsView | null): string[] {
  if (draft.type !== 'create_enquiry' || !lookups) return [];
  const serviceCode = staticOf(draft, 'ServiceCode');
  const subjectCode = staticOf(draft, 'SubjectCode');
  if (!serviceCode || !subjectCode) return [];
  const subject = lookups.services.filter((s) => s.code === serviceCode).flatMap((s) => s.subjects).find((s) => s.code === subjectCode);
  if (!subject) return [];
  const mapped = new Set(
    draft.rows.flatMap((r) => (r.direction === 'out' && r.target.kind === 'attribute' ? [r.target.typeCode.trim()] : [])),
  );
  // A placeholder type code ({{case.kind}}) may resolve to any attribute: it cannot be told missing from here.
  if ([...mapped].some((c) => c.includes('{{'))) return [];
  return lookups.attributeTypes
    .filter((t) => t.mandatory && subject.attributeCodes.includes(t.code) && !mapped.has(t.code))
    .map((t) => `Confirm requires the Enquiry Attribute ${t.name} (${t.code}) for service ${serviceCode}, subject ${subjectCode}: add a row for it, or Confirm refuses the Enquiry when a case is raised.`);
}
