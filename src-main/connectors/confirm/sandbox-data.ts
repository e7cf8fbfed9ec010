// Seeded lookups for the Confirm simulator: a small council's highways and waste set-up. The codes are made up but
// shaped like real ones (short upper-case codes, some with leading zeros, which must survive as text). The data lives
// in resources/sandbox/confirm/ and is bundled in (a JSON import): the app, its tests and a package read the same.
import { mulberry32 } from '../../sandbox/sandbox-server';
import enquiriesFile from '../../../resources/sandbox/confirm/enquiries.json';
import lookupsFile from '../../../resources/sandbox/confirm/lookups.json';
import type { SimEnquiry } from './sandbox-operations';

export interface SimAttributeType {
  code: string;
  name: string;
  /** 'D' for a date attribute, '' otherwise. */
  flag: '' | 'D';
  mandatory: boolean;
  values: { code: string; name: string }[];
}

export interface SimSubject {
  code: string;
  name: string;
  attributeTypeCodes: string[];
}

export interface SimService {
  code: string;
  name: string;
  subjects: SimSubject[];
}

export interface SimStatus {
  code: string;
  name: string;
  outstanding: boolean;
  inactive: boolean;
}

export interface SimLookups {
  services: SimService[];
  attributeTypes: SimAttributeType[];
  statuses: SimStatus[];
  enquiryMethods: { code: string; name: string }[];
  customerTypes: { code: string; name: string }[];
  pointsOfContact: { code: string; name: string }[];
}

/** The status a new enquiry starts in (one of lookups.json's statuses). */
export const INITIAL_STATUS = '0100';

export function seedLookups(seed: number): SimLookups {
  const rand = mulberry32(seed);
  // A copy per simulator: the extra subject below, and tests, change the lookups they were given.
  const seedFile = checkedLookups(structuredClone(lookupsFile));
  const { services, attributeTypes } = seedFile;
  // A seeded extra subject, so that two seeds give visibly different (but each stable) lookups.
  const extra = 1 + Math.floor(rand() * 9);
  services[0]!.subjects.push({ code: `D${extra}`, name: `Drainage ${extra}`, attributeTypeCodes: ['NOTE'] });
  return {
    services,
    attributeTypes,
    statuses: seedFile.statuses,
    enquiryMethods: seedFile.enquiryMethods,
    customerTypes: seedFile.customerTypes,
    pointsOfContact: seedFile.pointsOfContact,
  };
}

/** The enquiries a fresh simulator already holds (times in the file are ISO 8601, here epoch milliseconds). */
export function seedEnquiries(): SimEnquiry[] {
  const file: EnquiryInFile[] = enquiriesFile;
  return structuredClone(file).map((e) => ({
    ...e,
    attributes: e.attributes.map((a) => ({ ...a, kind: attributeKind(a.kind) })),
    loggedAt: msOf(e.loggedAt),
    logs: e.logs.map((l) => ({ ...l, effectiveAt: msOf(l.effectiveAt), recordedAt: msOf(l.recordedAt) })),
  }));
}

// JSON gives plain strings where the types want a closed set or a time: each is checked, so a mistyped file fails
// loudly instead of seeding a simulator that answers oddly.
type EnquiryInFile = Omit<SimEnquiry, 'loggedAt' | 'attributes' | 'logs'> & {
  loggedAt: string;
  attributes: { typeCode: string; kind: string; value: string }[];
  logs: (Omit<SimEnquiry['logs'][number], 'effectiveAt' | 'recordedAt'> & { effectiveAt: string; recordedAt: string })[];
};

function checkedLookups(file: typeof lookupsFile): SimLookups {
  return { ...file, attributeTypes: file.attributeTypes.map((t) => ({ ...t, flag: attributeFlag(t.code, t.flag) })) };
}

function attributeFlag(code: string, flag: string): SimAttributeType['flag'] {
  if (flag === '' || flag === 'D') return flag;
  throw new Error(`resources/sandbox/confirm/lookups.json: attribute type ${code} has flag ${JSON.stringify(flag)}`);
}

function attributeKind(kind: string): SimEnquiry['attributes'][number]['kind'] {
  if (kind === 'string' || kind === 'value' || kind === 'date') return kind;
  throw new Error(`resources/sandbox/confirm/enquiries.json: attribute kind ${JSON.stringify(kind)}`);
}

function msOf(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`resources/sandbox/confirm/enquiries.json: ${JSON.stringify(iso)} is not a time`);
  return ms;
}
