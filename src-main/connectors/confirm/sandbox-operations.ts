// The simulator's operations: each is checked as Confirm checks it and either faults (the Reason Confirm would give,
// or a plain one where Confirm's own wording is not public) or returns the change to apply and its answer.
import { child, childText, children, el, isObject, type XmlElement, type XmlObject } from './xml';
import { toConfirmTime } from './logged-time';
import { INITIAL_STATUS, type SimLookups } from './sandbox-data';

export interface SimStatusLog {
  logNumber: number;
  statusCode: string;
  notes: string;
  /** When the status took effect (the LoggedTime sent, or the time it was recorded). */
  effectiveAt: number;
  /** When Confirm recorded it: what GetEnquiryStatusChanges filters on. */
  recordedAt: number;
}

export interface SimEnquiry {
  enquiryNumber: string;
  serviceCode: string;
  subjectCode: string;
  description: string;
  location: string;
  x: string;
  y: string;
  loggedAt: number;
  externalSystemNumber: string | null;
  externalSystemReference: string | null;
  attributes: { typeCode: string; kind: 'string' | 'value' | 'date'; value: string }[];
  documents: { notes: string; location: string }[];
  customer: Record<string, string> | null;
  logs: SimStatusLog[];
}

/** What the operations need of the simulator. */
export interface SimHost {
  lookups: SimLookups;
  /** GetEnquiryLookups answers one TypeOfService per subject (a ServiceCode repeated), as Confirm does per subject group. */
  typeOfServicePerSubject: boolean;
  /** GetEnquiryStatusChanges lists each log as an UpdatedEnquiry of its own, newest first (an Enquiry several times). */
  statusChangesNewestFirst: boolean;
  enquiries: Map<string, SimEnquiry>;
  timeZone: string;
  now(): number;
  issueEnquiryNumber(): string;
  enquiryCreated(e: SimEnquiry): void;
  parseTime(text: string): number | null;
  recordEffect(key: string): boolean;
  /** Whether GetEnquiry answers with the ExternalSystemReference (an assumption; switched off, reconciliation cannot rule an Enquiry out). */
  answersExternalReference: boolean;
}

export type OperationResult = { fault: string } | { apply: () => XmlElement };

/** Lengths the simulator enforces, the same the public clients truncate to. */
export const SIM_LIMITS: Record<string, number> = {
  EnquiryDescription: 2000,
  EnquiryLocation: 2000,
  StatusLogNotes: 2000,
  EnquiryReference: 2000,
  ExternalSystemReference: 2000,
  ContactEmail: 2000,
  ContactName: 50,
  ContactPhone: 20,
  CustomerForename: 50,
  CustomerSurname: 50,
  CustomerPhone: 20,
  CustomerEmail: 2000,
  EnqAttribStringValue: 2000,
  DocumentNotes: 2000,
};

class Fault extends Error {}

const text = (node: XmlObject, name: string) => childText(node, name) ?? '';

function checkLengths(node: XmlObject, context: string): void {
  for (const [name, max] of Object.entries(SIM_LIMITS)) {
    const v = childText(node, name);
    if (v !== undefined && Array.from(v).length > max) throw new Fault(`${context}.${name} is longer than ${max} characters`);
  }
}

/** The 1002 reason as public clients quote it: the date in Confirm's own dd/mm/yyyy hh:mm:ss. */
function loggedDateFault(at: number, zone: string): string {
  const t = toConfirmTime(at, zone);
  const [date, time] = [t.slice(0, 10), t.slice(11, 19)];
  const [y, m, d] = date.split('-');
  return `Validate enquiry update.1002.Logged Date ${d}/${m}/${y} ${time} must be greater than the Effective Date of current status log`;
}

function readAttributes(sim: SimHost, node: XmlObject, subjectAttributeCodes: string[], context: string): SimEnquiry['attributes'] {
  const out: SimEnquiry['attributes'] = [];
  for (const a of children(node, 'EnquiryAttribute').filter(isObject)) {
    const code = text(a, 'EnqAttribTypeCode');
    const type = sim.lookups.attributeTypes.find((t) => t.code === code);
    if (!type) throw new Fault(`${context}.Enquiry attribute type ${code || '(empty)'} does not exist`);
    if (!subjectAttributeCodes.includes(code)) throw new Fault(`${context}.Enquiry attribute type ${code} is not valid for this subject`);
    const str = childText(a, 'EnqAttribStringValue');
    const valueCode = childText(a, 'EnqAttribValueCode');
    const date = childText(a, 'EnqAttribDateValue');
    if (type.flag === 'D') {
      if (!date || sim.parseTime(date) === null) throw new Fault(`${context}.Enquiry attribute ${code} needs a valid date value`);
      out.push({ typeCode: code, kind: 'date', value: date });
    } else if (type.values.length > 0) {
      if (!valueCode) throw new Fault(`${context}.Enquiry attribute ${code} needs a value code`);
      if (!type.values.some((v) => v.code === valueCode)) throw new Fault(`${context}.Enquiry attribute value ${valueCode} is not valid for ${code}`);
      out.push({ typeCode: code, kind: 'value', value: valueCode });
    } else {
      if (str === undefined || str === '') throw new Fault(`${context}.Enquiry attribute ${code} needs a value`);
      if (Array.from(str).length > SIM_LIMITS.EnqAttribStringValue!) throw new Fault(`${context}.EnqAttribStringValue is longer than 2000 characters`);
      out.push({ typeCode: code, kind: 'string', value: str });
    }
  }
  return out;
}

function readDocuments(node: XmlObject, context: string): SimEnquiry['documents'] {
  return children(node, 'EnquiryDocument')
    .filter(isObject)
    .map((d) => {
      checkLengths(d, context);
      const location = text(d, 'DocumentLocation');
      if (!location) throw new Fault(`${context}.Enquiry document needs a DocumentLocation`);
      return { notes: text(d, 'DocumentNotes'), location };
    });
}

function subjectOf(sim: SimHost, serviceCode: string, subjectCode: string, context: string) {
  const service = sim.lookups.services.find((s) => s.code === serviceCode);
  if (!service) throw new Fault(`${context}.Service code ${serviceCode} does not exist`);
  const subject = service.subjects.find((s) => s.code === subjectCode);
  if (!subject) throw new Fault(`${context}.Subject code ${subjectCode} does not exist for service ${serviceCode}`);
  return subject;
}

function readCustomer(sim: SimHost, node: XmlObject, context: string): Record<string, string> | null {
  const c = child(node, 'EnquiryCustomer');
  if (!isObject(c)) return null;
  checkLengths(c, context);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(c)) if (typeof v === 'string') out[k] = v;
  // Confirm's rule for any customer: a surname and the three codes.
  for (const required of ['CustomerSurname', 'CustomerTypeCode', 'PointOfContactCode', 'EnquiryMethodCode'])
    if (!out[required]) throw new Fault(`${context}.Customer ${required} is required`);
  const l = sim.lookups;
  if (!l.customerTypes.some((t) => t.code === out.CustomerTypeCode)) throw new Fault(`${context}.Customer type ${out.CustomerTypeCode} does not exist`);
  if (!l.pointsOfContact.some((t) => t.code === out.PointOfContactCode)) throw new Fault(`${context}.Point of contact ${out.PointOfContactCode} does not exist`);
  if (!l.enquiryMethods.some((t) => t.code === out.EnquiryMethodCode)) throw new Fault(`${context}.Enquiry method ${out.EnquiryMethodCode} does not exist`);
  return out;
}

function newEnquiry(sim: SimHost, op: XmlObject, key: string | undefined): OperationResult {
  const ctx = 'Validate new enquiry';
  const serviceCode = text(op, 'ServiceCode');
  const subjectCode = text(op, 'SubjectCode');
  if (!serviceCode) throw new Fault(`${ctx}.Service code is required`);
  if (!subjectCode) throw new Fault(`${ctx}.Subject code is required`);
  const subject = subjectOf(sim, serviceCode, subjectCode, ctx);
  checkLengths(op, ctx);
  const attributes = readAttributes(sim, op, subject.attributeTypeCodes, ctx);
  for (const code of subject.attributeTypeCodes) {
    const type = sim.lookups.attributeTypes.find((t) => t.code === code);
    if (type?.mandatory && !attributes.some((a) => a.typeCode === code)) throw new Fault(`${ctx}.Mandatory enquiry attribute ${code} (${type.name}) is missing`);
  }
  const customer = readCustomer(sim, op, ctx);
  const documents = readDocuments(op, ctx);
  const loggedText = childText(op, 'LoggedTime');
  const loggedAt = loggedText ? sim.parseTime(loggedText) : sim.now();
  if (loggedAt === null) throw new Fault(`${ctx}.Logged Time ${loggedText} is not a valid date`);
  return {
    apply: () => {
      const now = sim.now();
      const e: SimEnquiry = {
        enquiryNumber: sim.issueEnquiryNumber(),
        serviceCode,
        subjectCode,
        description: text(op, 'EnquiryDescription'),
        location: text(op, 'EnquiryLocation'),
        x: text(op, 'EnquiryX'),
        y: text(op, 'EnquiryY'),
        loggedAt,
        externalSystemNumber: childText(op, 'ExternalSystemNumber') || null,
        externalSystemReference: childText(op, 'ExternalSystemReference') || null,
        attributes,
        documents,
        customer,
        logs: [{ logNumber: 1, statusCode: INITIAL_STATUS, notes: text(op, 'StatusLogNotes'), effectiveAt: loggedAt, recordedAt: now }],
      };
      if (key) sim.recordEffect(key);
      sim.enquiryCreated(e);
      return el('NewEnquiryResponse', [el('Enquiry', [el('EnquiryNumber', e.enquiryNumber)])]);
    },
  };
}

function enquiryUpdate(sim: SimHost, op: XmlObject, key: string | undefined): OperationResult {
  const ctx = 'Validate enquiry update';
  const number = text(op, 'EnquiryNumber');
  const e = sim.enquiries.get(number);
  if (!e) throw new Fault(`${ctx}.Enquiry ${number || '(empty)'} does not exist`);
  checkLengths(op, ctx);
  const serviceCode = childText(op, 'ServiceCode') || e.serviceCode;
  const subjectCode = childText(op, 'SubjectCode') || e.subjectCode;
  const subject = subjectOf(sim, serviceCode, subjectCode, ctx);
  const statusCode = childText(op, 'EnquiryStatusCode');
  if (statusCode) {
    const status = sim.lookups.statuses.find((s) => s.code === statusCode);
    if (!status) throw new Fault(`${ctx}.Enquiry status ${statusCode} does not exist`);
    if (status.inactive) throw new Fault(`${ctx}.Enquiry status ${statusCode} is inactive`);
  }
  const attributes = readAttributes(sim, op, subject.attributeTypeCodes, ctx);
  const documents = readDocuments(op, ctx);
  const loggedText = childText(op, 'LoggedTime');
  const current = e.logs.at(-1)!;
  let effectiveAt: number | null = null;
  if (loggedText) {
    effectiveAt = sim.parseTime(loggedText);
    if (effectiveAt === null) throw new Fault(`${ctx}.Logged Time ${loggedText} is not a valid date`);
    if (effectiveAt <= current.effectiveAt) throw new Fault(loggedDateFault(effectiveAt, sim.timeZone));
  }
  return {
    apply: () => {
      const now = sim.now();
      e.serviceCode = serviceCode;
      e.subjectCode = subjectCode;
      for (const a of attributes) {
        const i = e.attributes.findIndex((x) => x.typeCode === a.typeCode);
        if (i >= 0) e.attributes[i] = a;
        else e.attributes.push(a);
      }
      e.documents.push(...documents);
      const log: SimStatusLog = {
        logNumber: e.logs.length + 1,
        statusCode: statusCode || current.statusCode,
        notes: text(op, 'StatusLogNotes'),
        effectiveAt: effectiveAt ?? Math.max(now, current.effectiveAt + 1000),
        recordedAt: now,
      };
      e.logs.push(log);
      if (key) sim.recordEffect(key);
      return el('EnquiryUpdateResponse', [el('Enquiry', [el('EnquiryNumber', e.enquiryNumber), el('EnquiryLogNumber', String(log.logNumber))])]);
    },
  };
}

function getEnquiry(sim: SimHost, op: XmlObject): OperationResult {
  const number = text(op, 'EnquiryNumber');
  const e = sim.enquiries.get(number);
  if (!e) throw new Fault(`Get enquiry.Enquiry ${number || '(empty)'} does not exist`);
  const current = e.logs.at(-1)!;
  return {
    apply: () =>
      el('GetEnquiryResponse', [
        el('Enquiry', [
          el('EnquiryNumber', e.enquiryNumber),
          el('ServiceCode', e.serviceCode),
          el('SubjectCode', e.subjectCode),
          el('EnquiryStatusCode', current.statusCode),
          el('EnquiryDescription', e.description),
          el('EnquiryX', e.x),
          el('EnquiryY', e.y),
          el('EnquiryLogTime', toConfirmTime(current.effectiveAt, sim.timeZone)),
          el('LoggedTime', toConfirmTime(e.loggedAt, sim.timeZone)),
          // Assumed of Confirm (see the connector's README): GetEnquiry says the external reference it was raised with.
          ...(sim.answersExternalReference ? [el('ExternalSystemReference', e.externalSystemReference)] : []),
        ]),
      ]),
  };
}

function statusChanges(sim: SimHost, op: XmlObject): OperationResult {
  const from = sim.parseTime(text(op, 'LoggedTimeFrom'));
  const to = sim.parseTime(text(op, 'LoggedTimeTo'));
  if (from === null || to === null) throw new Fault('Get enquiry status changes.LoggedTimeFrom and LoggedTimeTo must be dates');
  return {
    apply: () => {
      const logEl = (l: SimStatusLog) =>
        el('EnquiryStatusLog', [
          el('EnquiryLogNumber', String(l.logNumber)),
          el('StatusLogNotes', l.notes),
          el('LogEffectiveTime', toConfirmTime(l.effectiveAt, sim.timeZone)),
          el('LoggedTime', toConfirmTime(l.recordedAt, sim.timeZone)),
          el('EnquiryStatusCode', l.statusCode),
        ]);
      const groups: { e: SimEnquiry; logs: SimStatusLog[] }[] = [];
      for (const e of sim.enquiries.values()) {
        // Confirm is sent whole seconds: a log recorded within the last second of the window still counts.
        const logs = e.logs.filter((l) => l.recordedAt >= from && l.recordedAt < to + 1000);
        if (logs.length > 0) groups.push({ e, logs });
      }
      const listed = sim.statusChangesNewestFirst
        ? groups.flatMap(({ e, logs }) => logs.map((l) => ({ e, logs: [l] }))).sort((a, b) => b.logs[0]!.recordedAt - a.logs[0]!.recordedAt)
        : groups;
      return el('GetEnquiryStatusChangesResponse', listed.map(({ e, logs }) => el('UpdatedEnquiry', [el('EnquiryNumber', e.enquiryNumber), ...logs.map(logEl)])));
    },
  };
}

function enquiryLookups(sim: SimHost): OperationResult {
  const l = sim.lookups;
  const groups = sim.typeOfServicePerSubject ? l.services.flatMap((s) => s.subjects.map((sub) => ({ ...s, subjects: [sub] }))) : l.services;
  return {
    apply: () =>
      el('GetEnquiryLookupsResponse', [
        ...groups.map((s) =>
          el('TypeOfService', [
            el('ServiceCode', s.code),
            el('ServiceName', s.name),
            ...s.subjects.map((sub) =>
              el('EnquirySubject', [el('SubjectCode', sub.code), el('SubjectName', sub.name), ...sub.attributeTypeCodes.map((c) => el('SubjectAttribute', [el('EnqAttribTypeCode', c)]))]),
            ),
          ]),
        ),
        ...l.attributeTypes.map((t) =>
          el('EnquiryAttributeType', [
            el('EnqAttribTypeCode', t.code),
            el('EnqAttribTypeName', t.name),
            el('EnqAttribTypeFlag', t.flag),
            el('MandatoryFlag', t.mandatory ? 'Y' : 'N'),
            ...t.values.map((v) => el('EnquiryAttributeValue', [el('EnqAttribValueCode', v.code), el('EnqAttribValueName', v.name)])),
          ]),
        ),
        ...l.statuses.map((s) =>
          el('EnquiryStatus', [el('EnqStatusCode', s.code), el('EnqStatusName', s.name), el('OutstandingFlag', s.outstanding ? 'Y' : 'N'), el('Inactive', s.inactive ? 'Y' : 'N')]),
        ),
      ]),
  };
}

function customerLookups(sim: SimHost): OperationResult {
  const l = sim.lookups;
  return {
    apply: () =>
      el('GetCustomerLookupsResponse', [
        ...l.enquiryMethods.map((m) => el('EnquiryMethod', [el('EnquiryMethodCode', m.code), el('EnquiryMethodName', m.name)])),
        ...l.customerTypes.map((m) => el('CustomerType', [el('CustomerTypeCode', m.code), el('CustomerTypeName', m.name)])),
        ...l.pointsOfContact.map((m) => el('PointOfContact', [el('PointOfContactCode', m.code), el('PointOfContactName', m.name)])),
      ]),
  };
}

/** Checks one operation; a fault is returned, not thrown, so the request answers with it. */
export function runOperation(sim: SimHost, name: string, op: XmlObject, idempotencyKey?: string): OperationResult {
  try {
    switch (name) {
      case 'GetEnquiryLookups':
        return enquiryLookups(sim);
      case 'GetCustomerLookups':
        return customerLookups(sim);
      case 'NewEnquiry':
        return newEnquiry(sim, op, idempotencyKey);
      case 'EnquiryUpdate':
        return enquiryUpdate(sim, op, idempotencyKey);
      case 'GetEnquiry':
        return getEnquiry(sim, op);
      case 'GetEnquiryStatusChanges':
        return statusChanges(sim, op);
      default:
        return { fault: `Validate request.Operation ${name} is not supported` };
    }
  } catch (err) {
    if (err instanceof Fault) return { fault: err.message };
    throw err;
  }
}
