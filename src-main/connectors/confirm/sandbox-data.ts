// Seeded lookups for the Confirm simulator: a small council's highways and waste set-up. The codes are made up but
// shaped like real ones (short upper-case codes, some with leading zeros, which must survive as text).
import { mulberry32 } from '../../sandbox/sandbox-server';

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

/** The status a new enquiry starts in. */
export const INITIAL_STATUS = '0100';

export function seedLookups(seed: number): SimLookups {
  const rand = mulberry32(seed);
  const attributeTypes: SimAttributeType[] = [
    { code: 'SIZE', name: 'Size of problem', flag: '', mandatory: false, values: [{ code: '007', name: 'Small' }, { code: 'MED', name: 'Medium' }, { code: 'LRG', name: 'Large' }] },
    { code: 'DEPT', name: 'Depth (mm)', flag: '', mandatory: true, values: [] },
    { code: 'SEEN', name: 'Date first seen', flag: 'D', mandatory: false, values: [] },
    { code: 'NOTE', name: 'Extra notes', flag: '', mandatory: false, values: [] },
    { code: 'BINS', name: 'Bin type', flag: '', mandatory: true, values: [{ code: 'GRN', name: 'Green' }, { code: 'BLK', name: 'Black' }] },
  ];
  const services: SimService[] = [
    {
      code: 'HW',
      name: 'Highways',
      subjects: [
        { code: 'PH', name: 'Pothole', attributeTypeCodes: ['SIZE', 'DEPT', 'SEEN', 'NOTE'] },
        { code: 'SL', name: 'Street light out', attributeTypeCodes: ['SEEN', 'NOTE'] },
      ],
    },
    { code: 'WS', name: 'Waste', subjects: [{ code: 'MB', name: 'Missed bin', attributeTypeCodes: ['BINS', 'NOTE'] }] },
    { code: '0042', name: 'Grounds maintenance', subjects: [{ code: '001', name: 'Overgrown verge', attributeTypeCodes: [] }] },
  ];
  // A seeded extra subject, so that two seeds give visibly different (but each stable) lookups.
  const extra = 1 + Math.floor(rand() * 9);
  services[0]!.subjects.push({ code: `D${extra}`, name: `Drainage ${extra}`, attributeTypeCodes: ['NOTE'] });
  return {
    services,
    attributeTypes,
    statuses: [
      { code: INITIAL_STATUS, name: 'Logged', outstanding: true, inactive: false },
      { code: '0200', name: 'Assigned', outstanding: true, inactive: false },
      { code: '0300', name: 'In progress', outstanding: true, inactive: false },
      { code: '0900', name: 'Completed', outstanding: false, inactive: false },
      { code: '0990', name: 'Withdrawn (old)', outstanding: false, inactive: true },
    ],
    enquiryMethods: [
      { code: 'WEB', name: 'Web form' },
      { code: 'TEL', name: 'Telephone' },
      { code: 'EML', name: 'Email' },
    ],
    customerTypes: [
      { code: 'PUB', name: 'Member of the public' },
      { code: 'CLR', name: 'Councillor' },
    ],
    pointsOfContact: [
      { code: 'CC', name: 'Contact centre' },
      { code: '01', name: 'Online' },
    ],
  };
}
