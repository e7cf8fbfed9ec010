// Confirm's answers as plain records. Identifiers and codes stay the text Confirm sent ("000123" is not 123).
import { RemoteError } from '../../engine/remote-error';
import { child, childText, children, isObject, type XmlObject, type XmlValue } from './xml';

export interface CodeName {
  code: string;
  name: string;
}

export interface ServiceLookup extends CodeName {
  subjects: (CodeName & { attributeTypeCodes: string[] })[];
}

export interface AttributeTypeLookup extends CodeName {
  /** EnqAttribTypeFlag 'D': the value goes in EnqAttribDateValue. */
  isDate: boolean;
  mandatory: boolean;
  /** A pick list when not empty: the value goes in EnqAttribValueCode. */
  values: CodeName[];
}

export interface StatusLookup extends CodeName {
  outstanding: boolean;
  inactive: boolean;
}

export interface EnquiryLookups {
  services: ServiceLookup[];
  attributeTypes: AttributeTypeLookup[];
  statuses: StatusLookup[];
}

export interface CustomerLookups {
  enquiryMethods: CodeName[];
  customerTypes: CodeName[];
  pointsOfContact: CodeName[];
}

export interface EnquiryRecord {
  enquiryNumber: string;
  serviceCode: string | null;
  subjectCode: string | null;
  statusCode: string | null;
  description: string | null;
  x: string | null;
  y: string | null;
  /** EnquiryLogTime and LoggedTime as Confirm wrote them (its zone); logged-time.ts turns them into instants. */
  logTime: string | null;
  loggedTime: string | null;
  /** Absent when Confirm's answer has no ExternalSystemReference element at all (a tenant that does not return it). */
  externalSystemReference?: string | null;
}

export interface StatusLogRecord {
  enquiryNumber: string;
  enquiryLogNumber: string;
  statusCode: string | null;
  notes: string | null;
  logEffectiveTime: string | null;
  loggedTime: string | null;
}

export interface StatusChange {
  enquiryNumber: string;
  logs: StatusLogRecord[];
}

/** Confirm flags: 'Y'/'N' in public samples; 'true'/'1' accepted too. */
function flag(v: string | undefined): boolean {
  return !!v && /^(y|yes|true|1|t)$/i.test(v.trim());
}

function orNull(v: string | undefined): string | null {
  return v === undefined || v === '' ? null : v;
}

function required(node: XmlValue | undefined, name: string, what: string): string {
  const v = childText(node, name);
  if (!v) throw new RemoteError('validation', `${what}: Confirm's answer has no ${name}`, { code: 'INVALID_RESULT' });
  return v;
}

function codeNames(list: XmlValue[], codeEl: string, nameEl: string): CodeName[] {
  return list.filter(isObject).flatMap((n) => {
    const code = childText(n, codeEl);
    return code ? [{ code, name: childText(n, nameEl) || code }] : [];
  });
}

/** The named answer inside one OperationResponse, e.g. NewEnquiryResponse. */
export function answerOf(op: XmlObject, name: string, what: string): XmlObject {
  const a = child(op, name);
  if (a === undefined) throw new RemoteError('validation', `${what}: the OperationResponse holds no ${name}`, { code: 'INVALID_RESULT' });
  return isObject(a) ? a : {};
}

/**
 * Confirm answers TypeOfService once per service and subject group, so one ServiceCode can come several times, each
 * time with some of its subjects. They are one service: merged by code (first name given wins), subjects united in the
 * order met, each keeping its own attributes (a subject met in two groups gets the attributes of both).
 */
function servicesOf(answer: XmlObject): ServiceLookup[] {
  const byCode = new Map<string, ServiceLookup>();
  for (const s of children(answer, 'TypeOfService').filter(isObject)) {
    const code = childText(s, 'ServiceCode');
    if (!code) continue;
    let service = byCode.get(code);
    if (!service) byCode.set(code, (service = { code, name: code, subjects: [] }));
    const name = childText(s, 'ServiceName');
    if (name && service.name === code) service.name = name;
    for (const sub of children(s, 'EnquirySubject').filter(isObject)) {
      const subjectCode = childText(sub, 'SubjectCode');
      if (!subjectCode) continue;
      const attributeTypeCodes = children(sub, 'SubjectAttribute').flatMap((a) => {
        const c = childText(a, 'EnqAttribTypeCode');
        return c ? [c] : [];
      });
      const seen = service.subjects.find((x) => x.code === subjectCode);
      if (!seen) {
        service.subjects.push({ code: subjectCode, name: childText(sub, 'SubjectName') || subjectCode, attributeTypeCodes: [...new Set(attributeTypeCodes)] });
        continue;
      }
      for (const c of attributeTypeCodes) if (!seen.attributeTypeCodes.includes(c)) seen.attributeTypeCodes.push(c);
      const subjectName = childText(sub, 'SubjectName');
      if (subjectName && seen.name === subjectCode) seen.name = subjectName;
    }
  }
  return [...byCode.values()];
}

export function enquiryLookupsOf(answer: XmlObject): EnquiryLookups {
  const services = servicesOf(answer);
  const attributeTypes = children(answer, 'EnquiryAttributeType')
    .filter(isObject)
    .flatMap((t) => {
      const code = childText(t, 'EnqAttribTypeCode');
      if (!code) return [];
      return [
        {
          code,
          name: childText(t, 'EnqAttribTypeName') || code,
          isDate: (childText(t, 'EnqAttribTypeFlag') ?? '').toUpperCase() === 'D',
          mandatory: flag(childText(t, 'MandatoryFlag')),
          values: codeNames(children(t, 'EnquiryAttributeValue'), 'EnqAttribValueCode', 'EnqAttribValueName'),
        },
      ];
    });
  const statuses = children(answer, 'EnquiryStatus')
    .filter(isObject)
    .flatMap((s) => {
      const code = childText(s, 'EnqStatusCode');
      return code ? [{ code, name: childText(s, 'EnqStatusName') || code, outstanding: flag(childText(s, 'OutstandingFlag')), inactive: flag(childText(s, 'Inactive')) }] : [];
    });
  return { services, attributeTypes, statuses };
}

export function customerLookupsOf(answer: XmlObject): CustomerLookups {
  return {
    enquiryMethods: codeNames(children(answer, 'EnquiryMethod'), 'EnquiryMethodCode', 'EnquiryMethodName'),
    customerTypes: codeNames(children(answer, 'CustomerType'), 'CustomerTypeCode', 'CustomerTypeName'),
    pointsOfContact: codeNames(children(answer, 'PointOfContact'), 'PointOfContactCode', 'PointOfContactName'),
  };
}

export function enquiryOf(answer: XmlObject, what: string): EnquiryRecord {
  const e = child(answer, 'Enquiry');
  return {
    enquiryNumber: required(e, 'EnquiryNumber', what),
    serviceCode: orNull(childText(e, 'ServiceCode')),
    subjectCode: orNull(childText(e, 'SubjectCode')),
    statusCode: orNull(childText(e, 'EnquiryStatusCode')),
    description: orNull(childText(e, 'EnquiryDescription')),
    x: orNull(childText(e, 'EnquiryX')),
    y: orNull(childText(e, 'EnquiryY')),
    logTime: orNull(childText(e, 'EnquiryLogTime')),
    loggedTime: orNull(childText(e, 'LoggedTime')),
    ...(child(e, 'ExternalSystemReference') !== undefined ? { externalSystemReference: orNull(childText(e, 'ExternalSystemReference')) } : {}),
  };
}

export function newEnquiryNumberOf(answer: XmlObject, what: string): string {
  return required(child(answer, 'Enquiry'), 'EnquiryNumber', what);
}

export function updateResultOf(answer: XmlObject, what: string): { enquiryNumber: string; enquiryLogNumber: string } {
  const e = child(answer, 'Enquiry');
  return { enquiryNumber: required(e, 'EnquiryNumber', what), enquiryLogNumber: required(e, 'EnquiryLogNumber', what) };
}

export function statusChangesOf(answer: XmlObject): StatusChange[] {
  return children(answer, 'UpdatedEnquiry')
    .filter(isObject)
    .flatMap((u) => {
      const enquiryNumber = childText(u, 'EnquiryNumber');
      if (!enquiryNumber) return [];
      const logs = children(u, 'EnquiryStatusLog')
        .filter(isObject)
        .flatMap((l) => {
          const enquiryLogNumber = childText(l, 'EnquiryLogNumber');
          if (!enquiryLogNumber) return [];
          return [
            {
              enquiryNumber,
              enquiryLogNumber,
              statusCode: orNull(childText(l, 'EnquiryStatusCode')),
              notes: orNull(childText(l, 'StatusLogNotes')),
              logEffectiveTime: orNull(childText(l, 'LogEffectiveTime')),
              loggedTime: orNull(childText(l, 'LoggedTime')),
            },
          ];
        });
      return [{ enquiryNumber, logs }];
    });
}
