// The Enquiry fields SyncDesk can send, by their Confirm element names, with the lengths public clients keep to:
// free text 2,000 characters, names 50, phones 20. Truncation happens here and nowhere else, and is reported.

export interface FieldDef<N extends string = string> {
  name: N;
  label: string;
  /** Characters kept; longer values are cut and reported. null: a code or number, sent as given. */
  max: number | null;
}

const TEXT = 2_000;
const NAME = 50;
const PHONE = 20;

export const ENQUIRY_FIELDS = [
  { name: 'ServiceCode', label: 'Service code', max: null },
  { name: 'SubjectCode', label: 'Subject code', max: null },
  { name: 'EnquiryDescription', label: 'Enquiry Description', max: TEXT },
  { name: 'EnquiryLocation', label: 'Enquiry Location', max: TEXT },
  { name: 'EnquiryX', label: 'Enquiry X', max: null },
  { name: 'EnquiryY', label: 'Enquiry Y', max: null },
  { name: 'ContactName', label: 'Contact Name', max: NAME },
  { name: 'ContactEmail', label: 'Contact Email', max: TEXT },
  { name: 'ContactPhone', label: 'Contact Phone', max: PHONE },
  { name: 'EnquiryReference', label: 'Enquiry Reference', max: TEXT },
  { name: 'StatusLogNotes', label: 'Status Log Notes', max: TEXT },
  { name: 'AssignedOfficerCode', label: 'Assigned Officer code', max: null },
  { name: 'SiteCode', label: 'Site code', max: null },
  { name: 'CentralAssetId', label: 'Central Asset Id', max: null },
  { name: 'ExternalSystemNumber', label: 'External System Number', max: null },
  { name: 'ExternalSystemReference', label: 'External System Reference', max: TEXT },
  { name: 'EnquiryClassCode', label: 'Enquiry Class code', max: null },
] as const satisfies readonly FieldDef[];

export const CUSTOMER_FIELDS = [
  { name: 'CustomerEmail', label: 'Customer Email', max: TEXT },
  { name: 'CustomerPhone', label: 'Customer Phone', max: PHONE },
  { name: 'CustomerForename', label: 'Customer Forename', max: NAME },
  { name: 'CustomerSurname', label: 'Customer Surname', max: NAME },
  { name: 'EnquiryMethodCode', label: 'Enquiry Method code', max: null },
  { name: 'PointOfContactCode', label: 'Point of Contact code', max: null },
  { name: 'CustomerTypeCode', label: 'Customer Type code', max: null },
  { name: 'CustomerReference', label: 'Customer Reference', max: TEXT },
  // The reference counts these two as Customer fields too (they make the customer group required).
  { name: 'AddressReference', label: 'Address Reference', max: TEXT },
  { name: 'AutomatedContactMethod', label: 'Automated Contact Method', max: null },
] as const satisfies readonly FieldDef[];

export const UPDATE_FIELDS = [
  { name: 'StatusLogNotes', label: 'Status Log Notes', max: TEXT },
  { name: 'EnquiryStatusCode', label: 'Enquiry Status code', max: null },
  { name: 'ServiceCode', label: 'Service code', max: null },
  { name: 'SubjectCode', label: 'Subject code', max: null },
] as const satisfies readonly FieldDef[];

export type EnquiryFieldName = (typeof ENQUIRY_FIELDS)[number]['name'];
export type CustomerFieldName = (typeof CUSTOMER_FIELDS)[number]['name'];
export type UpdateFieldName = (typeof UPDATE_FIELDS)[number]['name'];

/** Text limits of the parts that are not plain fields. */
export const ATTRIBUTE_TEXT_MAX = TEXT;
export const DOCUMENT_TEXT_MAX = TEXT;

export interface Truncation {
  /** Where the value went, e.g. "EnquiryDescription" or "EnquiryAttribute[NOTE].EnqAttribStringValue". */
  field: string;
  /** Characters before and after. */
  from: number;
  to: number;
}

/** Cuts a value to max characters (whole code points, so no half of an emoji is sent), noting what was cut. */
export function limit(field: string, value: string, max: number | null, truncated: Truncation[]): string {
  if (max === null) return value;
  const chars = Array.from(value);
  if (chars.length <= max) return value;
  truncated.push({ field, from: chars.length, to: max });
  return chars.slice(0, max).join('');
}

/** Present values only (an empty or blank optional value is left out, never sent as ""), in catalogue order. */
export function presentFields<N extends string>(
  defs: readonly FieldDef<N>[],
  values: Partial<Record<N, string | number | null | undefined>>,
  truncated: Truncation[],
  prefix = '',
): [N, string][] {
  const out: [N, string][] = [];
  for (const def of defs) {
    const raw = values[def.name];
    if (raw === null || raw === undefined) continue;
    const text = String(raw);
    if (text.trim() === '') continue;
    out.push([def.name, limit(`${prefix}${def.name}`, text, def.max, truncated)]);
  }
  return out;
}
