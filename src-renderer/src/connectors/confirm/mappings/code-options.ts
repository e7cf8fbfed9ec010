import type { CaseFieldDef, ConfirmLookupsView, EnquiryTarget } from '../../../../../src-preload/contract';
import type { RowDraft } from './template-draft';

// Which of Confirm's code lists fits a value being typed, from the cached lookups.

export interface CodeOption {
  code: string;
  name: string;
}

/** The static ServiceCode of the draft, if one is set: subjects and attribute types narrow to that service. */
export function chosenService(rows: readonly RowDraft[]): string | null {
  return staticFieldValue(rows, 'ServiceCode');
}

export function chosenSubject(rows: readonly RowDraft[]): string | null {
  return staticFieldValue(rows, 'SubjectCode');
}

function staticFieldValue(rows: readonly RowDraft[], field: string): string | null {
  for (const row of rows) {
    if (row.direction === 'out' && row.target.kind === 'field' && row.target.name === field && row.source.kind === 'static') {
      return row.source.value.trim() || null;
    }
  }
  return null;
}

function uniqueByCode(options: CodeOption[]): CodeOption[] {
  const seen = new Set<string>();
  return options.filter((o) => (seen.has(o.code) ? false : (seen.add(o.code), true)));
}

export function subjectsFor(lookups: ConfirmLookupsView, serviceCode: string | null): CodeOption[] {
  const services = serviceCode ? lookups.services.filter((s) => s.code === serviceCode) : lookups.services;
  return uniqueByCode(services.flatMap((s) => s.subjects.map(({ code, name }) => ({ code, name }))));
}

/** Attribute types, narrowed to the chosen subject's when it names them. */
export function attributeTypesFor(lookups: ConfirmLookupsView, rows: readonly RowDraft[]): CodeOption[] {
  const all = lookups.attributeTypes.map(({ code, name }) => ({ code, name }));
  const subject = chosenSubject(rows);
  if (!subject) return all;
  const allowed = new Set(
    lookups.services
      .filter((s) => !chosenService(rows) || s.code === chosenService(rows))
      .flatMap((s) => s.subjects.filter((sub) => sub.code === subject).flatMap((sub) => sub.attributeCodes)),
  );
  return allowed.size ? all.filter((a) => allowed.has(a.code)) : all;
}

/** The list a static value for this Enquiry target should come from, or null for free text. */
export function codeListFor(target: EnquiryTarget, lookups: ConfirmLookupsView | null, rows: readonly RowDraft[]): CodeOption[] | null {
  if (!lookups) return null;
  if (target.kind === 'attribute') {
    const type = lookups.attributeTypes.find((a) => a.code === target.typeCode.trim());
    return type && type.values.length ? type.values : null;
  }
  switch (target.name) {
    case 'ServiceCode':
      // Each code once, even if a service came as several subject groups.
      return uniqueByCode(lookups.services.map(({ code, name }) => ({ code, name })));
    case 'SubjectCode':
      return subjectsFor(lookups, chosenService(rows));
    case 'CustomerTypeCode':
      return lookups.customerTypes;
    case 'PointOfContactCode':
      return lookups.pointsOfContact;
    case 'EnquiryMethodCode':
      return lookups.enquiryMethods;
    case 'EnquiryStatusCode':
      return lookups.statuses;
    default:
      return null;
  }
}

/** Attribute type codes to offer: Confirm's types, then a placeholder per case field. */
export function attributeCodeOptions(lookups: ConfirmLookupsView | null, rows: readonly RowDraft[], fields: readonly CaseFieldDef[]): CodeOption[] {
  const types = lookups ? attributeTypesFor(lookups, rows) : [];
  return [...types, ...fields.map((f) => ({ code: `{{case.${f.key}}}`, name: `value of case field ${f.label}` }))];
}

/** "POT" -> "Pothole" when known; undefined when the list has no such code (or there is no list). */
export function codeName(options: readonly CodeOption[] | null, code: string): string | undefined {
  return options?.find((o) => o.code === code.trim())?.name;
}
