import type { EnquiryFieldCatalog } from '../../../../../src-preload/contract';
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
