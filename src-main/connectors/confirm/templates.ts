// Templates at work: an outgoing template rendered against a case into the client's input, and the incoming
// templates of a Reference applied to a case from an Enquiry's values. Pure functions; the jobs and the receiver
// do the I/O.
import type { CaseFieldDef, CaseStatus, CaseView, MappingRow, MappingSource } from '../../../src-preload/contract';
import type { CustomerRow } from '../../store/customers-repo';
import type { EnquiryAttributeInput, EnquiryUpdateInput, NewEnquiryInput } from './client';
import { CUSTOMER_FIELDS, ENQUIRY_FIELDS, UPDATE_FIELDS } from './enquiry-fields';
import type { AttributeTypeLookup } from './parse';
import { fromConfirmTime, toConfirmTime } from './logged-time';
import { PLACEHOLDER, REQUIRED_ON_CREATE, REQUIRED_WITH_CUSTOMER, isCustomerField, plainFieldLabel, type TemplateDraft } from './template-validation';

export interface CaseSnapshot {
  case: CaseView;
  person: CustomerRow | null;
  fields: CaseFieldDef[];
}

type Value = { text: string } | { instant: number };

export interface RenderProblem {
  /** The Enquiry field or attribute, as Confirm names it. */
  field: string;
  reason: string;
}

export interface RenderedTemplate {
  fields: Record<string, string>;
  attributes: EnquiryAttributeInput[];
  problems: RenderProblem[];
}

export interface RenderOptions {
  timeZone: string;
  /** Confirm's attribute types (null: unknown, values go as text). */
  attributeTypes: AttributeTypeLookup[] | null;
  /** The Confirm status code for a case status, from the incoming templates' maps (both ways). */
  statusCodeOf(status: CaseStatus): string | null;
}

function text(v: string | number | null | undefined): Value | null {
  if (v === null || v === undefined) return null;
  const t = String(v).trim();
  return t === '' ? null : { text: t };
}

function instant(ms: number | null): Value | null {
  return ms === null ? null : { instant: ms };
}

function oneLine(a: NonNullable<CaseView['address']>): string {
  const street = [a.street, a.number].filter(Boolean).join(' ');
  const town = [a.postalCode, a.city].filter(Boolean).join(' ');
  return [a.name, street, town, a.country].filter(Boolean).join(', ');
}

function sourceValue(src: MappingSource, snap: CaseSnapshot, opts: RenderOptions): Value | null {
  const c = snap.case;
  switch (src.kind) {
    case 'static':
      return text(src.value);
    case 'case_field': {
      const v = c.values[src.key];
      const def = snap.fields.find((f) => f.key === src.key);
      if (def?.kind === 'date' && typeof v === 'number') return instant(v);
      return text(v);
    }
    case 'case_date':
      return instant({ created: c.createdAt, updated: c.updatedAt, due: c.dueAt, closed: c.closedAt }[src.key]);
    case 'case_builtin':
      return text({ title: c.title, description: c.description, id: c.id }[src.key]);
    case 'case_status':
      return text(opts.statusCodeOf(c.status));
    case 'person': {
      const p = snap.person;
      if (!p) return null;
      const fullName = `${p.firstName} ${p.lastName}`.trim();
      return text({ firstName: p.firstName, lastName: p.lastName, fullName, email: p.email, phone: p.phone, company: p.company, accountNumber: p.accountNumber }[src.key]);
    }
    case 'address': {
      const a = c.address;
      if (!a) return null;
      return text(src.key === 'oneLine' ? oneLine(a) : a[src.key]);
    }
  }
}

function describe(src: MappingSource): string {
  switch (src.kind) {
    case 'static':
      return STATIC_TEXT;
    case 'case_status':
      return 'the case status (no Confirm status code is mapped to it)';
    default:
      return src.kind === 'case_builtin' ? `case ${src.key}` : `${src.kind.replace('_', ' ')} ${src.key}`;
  }
}

function resolveTypeCode(typeCode: string, c: CaseView): { code: string; empty: string | null } {
  let empty: string | null = null;
  const code = typeCode.replace(PLACEHOLDER, (_m, key: string) => {
    const v = c.values[key];
    if (v === null || v === undefined || String(v).trim() === '') empty = key;
    return v === null || v === undefined ? '' : String(v).trim();
  });
  return { code: code.trim(), empty };
}

function attributeValue(v: Value, type: AttributeTypeLookup | undefined, timeZone: string): EnquiryAttributeInput['value'] {
  if (type?.isDate) return { date: 'instant' in v ? v.instant : v.text };
  const t = 'instant' in v ? toConfirmTime(v.instant, timeZone) : v.text;
  return type && type.values.length > 0 ? { valueCode: t } : { text: t };
}

const STATIC_TEXT = "the template's text for it";

/**
 * A problem as one sentence for staff: a required field's reason names the field already ("Service code is required,
 * and …"), so it is not said twice; an attribute is named as the editor names it.
 */
export function problemText(p: { field: string; reason: string }): string {
  if (p.reason.startsWith(plainFieldLabel(p.field))) return p.reason;
  return `${p.field.replace(/^EnquiryAttribute /, 'Enquiry Attribute ')}: ${p.reason}`;
}

/** The values an outgoing template gives for one case; problems say which field could not be filled and why. */
export function renderOutgoing(t: TemplateDraft, snap: CaseSnapshot, opts: RenderOptions): RenderedTemplate {
  const out: RenderedTemplate = { fields: {}, attributes: [], problems: [] };
  const emptySources = new Map<string, string>();
  for (const row of t.rows) {
    if (row.direction !== 'out') continue;
    const v = sourceValue(row.source, snap, opts);
    if (row.target.kind === 'field') {
      if (v === null) emptySources.set(row.target.name, describe(row.source));
      else out.fields[row.target.name] = 'instant' in v ? toConfirmTime(v.instant, opts.timeZone) : v.text;
      continue;
    }
    const { code, empty } = resolveTypeCode(row.target.typeCode, snap.case);
    if (empty !== null) {
      out.problems.push({ field: `EnquiryAttribute ${row.target.typeCode}`, reason: `the type code comes from case field ${empty}, which is empty on this case` });
      continue;
    }
    const type = opts.attributeTypes?.find((a) => a.code === code);
    if (opts.attributeTypes && !type) {
      out.problems.push({ field: `EnquiryAttribute ${code}`, reason: `${code} is not an Enquiry Attribute type code in Confirm` });
      continue;
    }
    if (v !== null) out.attributes.push({ typeCode: code, value: attributeValue(v, type, opts.timeZone) });
  }
  const required: string[] = t.type === 'create_enquiry' ? [...REQUIRED_ON_CREATE] : [];
  if (t.type === 'create_enquiry' && Object.keys(out.fields).some(isCustomerField)) required.push(...REQUIRED_WITH_CUSTOMER);
  for (const name of required)
    if (!(name in out.fields)) out.problems.push({ field: name, reason: `${plainFieldLabel(name)} is required, and ${emptySources.has(name) ? `${emptySources.get(name)} is empty${emptySources.get(name) === STATIC_TEXT ? '' : ' on this case'}` : 'the template does not map it'}` });
  if (t.rows.some((r) => r.direction === 'out' && r.source.kind === 'case_status') && !out.fields.EnquiryStatusCode && emptySources.has('EnquiryStatusCode'))
    out.problems.push({ field: 'EnquiryStatusCode', reason: `no Confirm status code is mapped to the case status "${snap.case.status}"` });
  return out;
}

const ENQUIRY_NAMES = new Set<string>(ENQUIRY_FIELDS.map((f) => f.name));
const CUSTOMER_NAMES = new Set<string>(CUSTOMER_FIELDS.map((f) => f.name));
const UPDATE_NAMES = new Set<string>(UPDATE_FIELDS.map((f) => f.name));

function pick(fields: Record<string, string>, names: Set<string>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).filter(([k]) => names.has(k)));
}

export function toNewEnquiry(r: RenderedTemplate): Pick<NewEnquiryInput, 'fields' | 'customer' | 'attributes'> {
  return { fields: pick(r.fields, ENQUIRY_NAMES), customer: pick(r.fields, CUSTOMER_NAMES), attributes: r.attributes };
}

export function toEnquiryUpdate(r: RenderedTemplate): Pick<EnquiryUpdateInput, 'fields' | 'attributes'> {
  return { fields: pick(r.fields, UPDATE_NAMES), attributes: r.attributes };
}

// ---- incoming ------------------------------------------------------------------------------------------------------

/** An Enquiry's values by Confirm element name (what GetEnquiry, the CRM Agent or a status change log carried). */
export interface EnquiryValues {
  enquiryNumber: string;
  fields: Record<string, string | null>;
  attributes?: Record<string, string>;
}

export interface IncomingResult {
  status: CaseStatus;
  values: CaseView['values'];
  /** What changed, for the log: "status new → in_progress", "depth: 40". */
  changes: string[];
  /** Confirm status codes no case status is mapped to. */
  unmapped: string[];
}

function caseValue(raw: string, def: CaseFieldDef | undefined, timeZone: string): string | number {
  if (def?.kind === 'number' && raw.trim() !== '' && Number.isFinite(Number(raw))) return Number(raw);
  if (def?.kind === 'date') return fromConfirmTime(raw, timeZone) ?? raw;
  return raw;
}

/** Applies the rows of incoming templates, in order, to a case's status and values. */
export function applyIncomingRows(rows: MappingRow[], data: EnquiryValues, current: CaseView, fields: CaseFieldDef[], timeZone: string): IncomingResult {
  const res: IncomingResult = { status: current.status, values: { ...current.values }, changes: [], unmapped: [] };
  for (const row of rows) {
    if (row.direction !== 'in') continue;
    const raw = row.source.kind === 'field' ? data.fields[row.source.name] : data.attributes?.[resolveTypeCode(row.source.typeCode, current).code];
    if (raw === null || raw === undefined) continue;
    if (row.target.kind === 'case_status') {
      const status = row.target.map[raw];
      if (!status) {
        if (!res.unmapped.includes(raw)) res.unmapped.push(raw);
      } else if (status !== res.status) {
        res.changes.push(`status ${res.status} → ${status}`);
        res.status = status;
      }
      continue;
    }
    const key = row.target.key;
    const v = caseValue(raw, fields.find((f) => f.key === key), timeZone);
    if (res.values[key] !== v) {
      res.values[key] = v;
      res.changes.push(`${key}: ${String(v).slice(0, 80)}`);
    }
  }
  return res;
}

/** Case status → Confirm code, from the case_status maps of incoming templates (the first code mapped to it wins). */
export function statusCodesOf(incoming: { rows: MappingRow[] }[]): (status: CaseStatus) => string | null {
  const codes = new Map<CaseStatus, string>();
  for (const t of incoming)
    for (const row of t.rows)
      if (row.direction === 'in' && row.target.kind === 'case_status')
        for (const [code, status] of Object.entries(row.target.map)) if (!codes.has(status)) codes.set(status, code);
  return (status) => codes.get(status) ?? null;
}
