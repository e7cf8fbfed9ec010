// The template editor's rules, checked on save: the reference's (Service and Subject code on Create; the Customer
// group) and Confirm's (static codes must exist in its lookups). Each issue names the row and says why.
import type { IssueView, MappingRow, TemplateType } from '../../../src-preload/contract';
import { CUSTOMER_FIELDS, ENQUIRY_FIELDS, UPDATE_FIELDS } from './enquiry-fields';
import type { CustomerLookups, EnquiryLookups } from './parse';
import { emptyTypeCodeMessage, emptyValueMessage } from '../../../src-preload/contract';

export interface TemplateDraft {
  type: TemplateType;
  rows: MappingRow[];
}

export const REQUIRED_ON_CREATE = ['ServiceCode', 'SubjectCode'] as const;
export const REQUIRED_WITH_CUSTOMER = ['CustomerSurname', 'CustomerTypeCode', 'PointOfContactCode', 'EnquiryMethodCode'] as const;
const CUSTOMER_EXTRA = new Set(['AddressReference', 'AutomatedContactMethod', 'EnquiryMethodCode', 'PointOfContactCode']);

const LABELS = new Map<string, string>([...ENQUIRY_FIELDS, ...CUSTOMER_FIELDS, ...UPDATE_FIELDS].map((f) => [f.name, f.label]));
const CREATE_NAMES = new Set<string>([...ENQUIRY_FIELDS, ...CUSTOMER_FIELDS].map((f) => f.name));
const UPDATE_NAMES = new Set<string>(UPDATE_FIELDS.map((f) => f.name));
/** What an incoming update can carry: GetEnquiry's answer, the CRM Agent's push and a status change log. */
export const INCOMING_FIELDS = [
  { name: 'EnquiryNumber', label: 'Enquiry Number' },
  { name: 'EnquiryStatusCode', label: 'Enquiry Status code' },
  { name: 'StatusLogNotes', label: 'Status Log Notes' },
  { name: 'ServiceCode', label: 'Service code' },
  { name: 'SubjectCode', label: 'Subject code' },
  { name: 'EnquiryDescription', label: 'Enquiry Description' },
  { name: 'EnquiryX', label: 'Enquiry X' },
  { name: 'EnquiryY', label: 'Enquiry Y' },
  { name: 'LoggedTime', label: 'Logged Time' },
  { name: 'LogEffectiveTime', label: 'Log Effective Time' },
  { name: 'EnquiryLogNumber', label: 'Enquiry Log Number' },
  { name: 'ExternalSystemReference', label: 'External System Reference' },
] as const;
const INCOMING_NAMES = new Set<string>(INCOMING_FIELDS.map((f) => f.name));

export const PLACEHOLDER = /\{\{\s*case\.([a-z][a-z0-9_]*)\s*\}\}/g;

export function isCustomerField(name: string): boolean {
  return name.startsWith('Customer') || CUSTOMER_EXTRA.has(name);
}

/** The field as the editor lists it ("Service code"), for sentences that need not name Confirm's own field too. */
export function plainFieldLabel(name: string): string {
  return LABELS.get(name) ?? name;
}

export function fieldLabel(name: string): string {
  const label = LABELS.get(name);
  return label ? `${label} (${name})` : name;
}

const outgoing = (t: TemplateType) => t !== 'enquiry_updated';

function staticValue(row: MappingRow): string | null {
  return row.direction === 'out' && row.source.kind === 'static' ? row.source.value.trim() : null;
}

/** The reference's rules and the shape of each row; needs nothing from Confirm. */
export function structuralIssues(t: TemplateDraft, caseFieldKeys: ReadonlySet<string>): IssueView[] {
  const issues: IssueView[] = [];
  const mapped = new Map<string, number>();
  const known = t.type === 'create_enquiry' ? CREATE_NAMES : t.type === 'update_enquiry' ? UPDATE_NAMES : INCOMING_NAMES;
  const caseField = (key: string, path: string) => {
    if (!caseFieldKeys.has(key)) issues.push({ path, message: `There is no case field "${key}": choose one that exists, or add it under References.` });
  };
  t.rows.forEach((row, i) => {
    const at = `rows.${i}`;
    if ((row.direction === 'out') !== outgoing(t.type)) {
      issues.push({ path: `${at}.direction`, message: outgoing(t.type) ? 'An outgoing template maps case values to Enquiry fields.' : 'An incoming template maps Enquiry values to the case.' });
      return;
    }
    const enquirySide = row.direction === 'out' ? row.target : row.source;
    const enquiryPath = `${at}.${row.direction === 'out' ? 'target' : 'source'}`;
    if (enquirySide.kind === 'field') {
      if (!known.has(enquirySide.name)) issues.push({ path: enquiryPath, message: `${enquirySide.name} is not a field a ${t.type.replace('_', ' ')} template can map: choose one from the list.` });
      else if (row.direction === 'out' && mapped.has(enquirySide.name)) issues.push({ path: enquiryPath, message: `${fieldLabel(enquirySide.name)} is already mapped in row ${mapped.get(enquirySide.name)! + 1}: remove one of the two rows.` });
      else if (row.direction === 'out') mapped.set(enquirySide.name, i);
    } else if (row.direction === 'in') {
      // Neither GetEnquiry nor the CRM Agent's push carries Enquiry Attributes: such a row would never get a value.
      issues.push({ path: enquiryPath, message: 'Confirm does not send Enquiry Attributes back with its updates, so an incoming template cannot map one: map an Enquiry field instead.' });
    } else if (enquirySide.typeCode.trim() === '') {
      issues.push({ path: enquiryPath, message: emptyTypeCodeMessage(i) });
    } else {
      for (const m of enquirySide.typeCode.matchAll(PLACEHOLDER)) caseField(m[1]!, enquiryPath);
    }
    if (row.direction === 'out') {
      if (row.source.kind === 'case_field') caseField(row.source.key, `${at}.source`);
      if (row.source.kind === 'static' && row.source.value.trim() === '') issues.push({ path: `${at}.source`, message: emptyValueMessage(i, row.target) });
    } else if (row.target.kind === 'case_field') caseField(row.target.key, `${at}.target`);
  });
  if (t.type === 'create_enquiry') {
    for (const name of REQUIRED_ON_CREATE) if (!mapped.has(name)) issues.push({ path: 'rows', message: `${fieldLabel(name)} is required on a Create Enquiry template: add a row for it.` });
    const customer = [...mapped.keys()].find(isCustomerField);
    if (customer)
      for (const name of REQUIRED_WITH_CUSTOMER)
        if (!mapped.has(name)) issues.push({ path: 'rows', message: `${fieldLabel(name)} is required because a Customer field (${fieldLabel(customer)}) is mapped: add a row for it.` });
  }
  return issues;
}

export interface ConfirmLookups {
  enquiry: EnquiryLookups;
  customer: CustomerLookups;
}

/** Which lookups the static codes of a template need (none: no request is made). */
export function lookupsNeeded(t: TemplateDraft): { enquiry: boolean; customer: boolean } {
  let enquiry = false;
  let customer = false;
  for (const row of t.rows) {
    if (row.direction === 'in') {
      if (row.target.kind === 'case_status' || (row.source.kind === 'attribute' && !row.source.typeCode.includes('{{'))) enquiry = true;
      continue;
    }
    if (row.target.kind === 'attribute') enquiry ||= !row.target.typeCode.includes('{{');
    else if (staticValue(row) !== null) {
      if (['ServiceCode', 'SubjectCode', 'EnquiryStatusCode'].includes(row.target.name)) enquiry = true;
      if (['CustomerTypeCode', 'PointOfContactCode', 'EnquiryMethodCode'].includes(row.target.name)) customer = true;
    }
  }
  return { enquiry, customer };
}

/** Static codes against Confirm's lookups. */
export function lookupIssues(t: TemplateDraft, lookups: Partial<ConfirmLookups>): IssueView[] {
  const issues: IssueView[] = [];
  const e = lookups.enquiry;
  const c = lookups.customer;
  const statics = new Map<string, string>();
  t.rows.forEach((row) => {
    const v = staticValue(row);
    if (v !== null && row.direction === 'out' && row.target.kind === 'field') statics.set(row.target.name, v);
  });
  // One service may have come as several groups (parse.ts merges them; a hand-made list may not): all count.
  const groups = e?.services.filter((s) => s.code === statics.get('ServiceCode')) ?? [];
  const service = groups[0];
  const codeLists: Record<string, { list: { code: string }[] | undefined; what: string }> = {
    ServiceCode: { list: e?.services, what: 'service' },
    SubjectCode: { list: (service ? groups : (e?.services ?? [])).flatMap((s) => s.subjects), what: service ? `subject of service ${service.code}` : 'subject' },
    EnquiryStatusCode: { list: e?.statuses, what: 'enquiry status' },
    CustomerTypeCode: { list: c?.customerTypes, what: 'customer type' },
    PointOfContactCode: { list: c?.pointsOfContact, what: 'point of contact' },
    EnquiryMethodCode: { list: c?.enquiryMethods, what: 'enquiry method' },
  };
  t.rows.forEach((row, i) => {
    const at = `rows.${i}`;
    if (row.direction === 'out') {
      const v = staticValue(row);
      // An empty text is a structural issue already; it is no code of anything.
      if (row.target.kind === 'field' && v) {
        const check = codeLists[row.target.name];
        if (check?.list && !check.list.some((x) => x.code === v)) issues.push({ path: `${at}.source`, message: `${v} is not ${/^[aeiou]/.test(check.what) ? 'an' : 'a'} ${check.what} code in Confirm: pick one from the list.` });
      } else if (row.target.kind === 'attribute' && e && row.target.typeCode.trim() !== '' && !row.target.typeCode.includes('{{')) {
        const typeCode = row.target.typeCode.trim();
        const type = e.attributeTypes.find((a) => a.code === typeCode);
        if (!type) issues.push({ path: `${at}.target`, message: `${typeCode} is not an Enquiry Attribute type code in Confirm: pick one from the list.` });
        else if (v && type.values.length > 0 && !type.values.some((x) => x.code === v))
          issues.push({ path: `${at}.source`, message: `${v} is not a value of the attribute ${type.code} (${type.name}): pick one from the list.` });
      }
      return;
    }
    if (row.target.kind === 'case_status' && e)
      for (const code of Object.keys(row.target.map))
        if (!e.statuses.some((s) => s.code === code)) issues.push({ path: `${at}.target.map.${code}`, message: `${code} is not an enquiry status code in Confirm: pick one from the list.` });
    const source = row.source;
    if (source.kind === 'attribute' && e && source.typeCode.trim() !== '' && !source.typeCode.includes('{{') && !e.attributeTypes.some((a) => a.code === source.typeCode.trim()))
      issues.push({ path: `${at}.source`, message: `${source.typeCode} is not an Enquiry Attribute type code in Confirm: pick one from the list.` });
  });
  return issues;
}

/** Every issue of a template: the structural ones first; Confirm is asked only when static codes need checking. */
export async function validateTemplate(
  t: TemplateDraft,
  caseFieldKeys: ReadonlySet<string>,
  load: { enquiry(): Promise<EnquiryLookups>; customer(): Promise<CustomerLookups> },
): Promise<IssueView[]> {
  const issues = structuralIssues(t, caseFieldKeys);
  const need = lookupsNeeded(t);
  if (!need.enquiry && !need.customer) return issues;
  const lookups: Partial<ConfirmLookups> = {
    enquiry: need.enquiry ? await load.enquiry() : undefined,
    customer: need.customer ? await load.customer() : undefined,
  };
  return [...issues, ...lookupIssues(t, lookups)];
}
