import { describe, expect, it } from 'vitest';
import type { MappingRow, TemplateType } from '../../../src-preload/contract';
import { lookupIssues, lookupsNeeded, structuralIssues } from '../../../src-main/connectors/confirm/template-validation';
import { seedLookups } from '../../../src-main/connectors/confirm/sandbox-data';

const KEYS = new Set(['depth', 'surname', 'kind']);
const out = (name: string, value = 'X'): MappingRow => ({ direction: 'out', target: { kind: 'field', name }, source: { kind: 'static', value } });
const fromField = (name: string, key: string): MappingRow => ({ direction: 'out', target: { kind: 'field', name }, source: { kind: 'case_field', key } });
const issues = (type: TemplateType, rows: MappingRow[]) => structuralIssues({ type, rows }, KEYS);
const messages = (type: TemplateType, rows: MappingRow[]) => issues(type, rows).map((i) => `${i.path}: ${i.message}`);

const SERVICE_SUBJECT = [out('ServiceCode', 'HW'), out('SubjectCode', 'PH')];
const CUSTOMER_GROUP = [fromField('CustomerSurname', 'surname'), out('CustomerTypeCode', 'PUB'), out('PointOfContactCode', 'CC'), out('EnquiryMethodCode', 'WEB')];

describe('Create Enquiry: Service code and Subject code are required', () => {
  it('refuses a Create template without them, naming each', () => {
    expect(messages('create_enquiry', [])).toEqual([
      'rows: Service code (ServiceCode) is required on a Create Enquiry template: add a row for it.',
      'rows: Subject code (SubjectCode) is required on a Create Enquiry template: add a row for it.',
    ]);
    expect(messages('create_enquiry', [out('ServiceCode')])).toEqual(['rows: Subject code (SubjectCode) is required on a Create Enquiry template: add a row for it.']);
    expect(messages('create_enquiry', [out('SubjectCode')])).toEqual(['rows: Service code (ServiceCode) is required on a Create Enquiry template: add a row for it.']);
  });

  it('accepts a Create template with both, and an Update template without them', () => {
    expect(issues('create_enquiry', SERVICE_SUBJECT)).toEqual([]);
    expect(issues('update_enquiry', [out('StatusLogNotes')])).toEqual([]);
  });
});

describe('a mapped Customer field makes the customer group required', () => {
  const customerFields = ['CustomerEmail', 'CustomerForename', 'CustomerReference', 'AddressReference', 'AutomatedContactMethod', 'EnquiryMethodCode', 'PointOfContactCode'];
  for (const name of customerFields) {
    it(`${name} alone asks for the others`, () => {
      const got = messages('create_enquiry', [...SERVICE_SUBJECT, out(name, name === 'EnquiryMethodCode' ? 'WEB' : name === 'PointOfContactCode' ? 'CC' : 'x')]);
      const required = ['CustomerSurname', 'CustomerTypeCode', 'PointOfContactCode', 'EnquiryMethodCode'].filter((r) => r !== name);
      expect(got).toHaveLength(required.length);
      for (const r of required) expect(got.some((m) => m.includes(`(${r}) is required because a Customer field`))).toBe(true);
    });
  }

  it('is satisfied by the four fields, and asks nothing when no Customer field is mapped', () => {
    expect(issues('create_enquiry', [...SERVICE_SUBJECT, ...CUSTOMER_GROUP, out('CustomerEmail', 'a@b.co')])).toEqual([]);
    expect(issues('create_enquiry', [...SERVICE_SUBJECT, out('EnquiryDescription'), out('ContactName')])).toEqual([]);
  });

  it('names each missing one when three of four are there', () => {
    expect(messages('create_enquiry', [...SERVICE_SUBJECT, ...CUSTOMER_GROUP.slice(1)])).toEqual([
      'rows: Customer Surname (CustomerSurname) is required because a Customer field (Customer Type code (CustomerTypeCode)) is mapped: add a row for it.',
    ]);
  });
});

describe('rows', () => {
  it('refuses unknown fields, duplicates, unknown case fields, empty static text and the wrong direction', () => {
    expect(messages('update_enquiry', [out('EnquiryDescription')])).toEqual(['rows.0.target: EnquiryDescription is not a field a update enquiry template can map: choose one from the list.']);
    expect(messages('create_enquiry', [...SERVICE_SUBJECT, out('ServiceCode', 'WS')])).toEqual(['rows.2.target: Service code (ServiceCode) is already mapped in row 1: remove one of the two rows.']);
    expect(messages('create_enquiry', [...SERVICE_SUBJECT, fromField('EnquiryDescription', 'nope')])).toEqual(['rows.2.source: There is no case field "nope": choose one that exists, or add it under References.']);
    expect(messages('create_enquiry', [...SERVICE_SUBJECT, out('EnquiryDescription', '  ')])).toEqual(['rows.2.source: Row 3: type the value to send (the text is empty), or choose another source.']);
    expect(messages('enquiry_updated', [out('EnquiryDescription')])).toEqual(['rows.0.direction: An incoming template maps Enquiry values to the case.']);
    const placeholder: MappingRow = { direction: 'out', target: { kind: 'attribute', typeCode: '{{case.missing}}' }, source: { kind: 'static', value: '1' } };
    expect(messages('create_enquiry', [...SERVICE_SUBJECT, placeholder])).toEqual(['rows.2.target: There is no case field "missing": choose one that exists, or add it under References.']);
    const okPlaceholder: MappingRow = { direction: 'out', target: { kind: 'attribute', typeCode: '{{case.kind}}' }, source: { kind: 'case_field', key: 'depth' } };
    expect(issues('create_enquiry', [...SERVICE_SUBJECT, okPlaceholder])).toEqual([]);
  });
});

describe('static codes against Confirm lookups', () => {
  const l = seedLookups(7);
  const lookups = { enquiry: { services: l.services.map((s) => ({ ...s, subjects: s.subjects.map((x) => ({ ...x, attributeTypeCodes: x.attributeTypeCodes })) })), attributeTypes: l.attributeTypes.map((a) => ({ code: a.code, name: a.name, isDate: a.flag === 'D', mandatory: a.mandatory, values: a.values })), statuses: l.statuses }, customer: { enquiryMethods: l.enquiryMethods, customerTypes: l.customerTypes, pointsOfContact: l.pointsOfContact } };

  it('accepts codes Confirm has, including a subject of the chosen service', () => {
    expect(lookupIssues({ type: 'create_enquiry', rows: [...SERVICE_SUBJECT, ...CUSTOMER_GROUP] }, lookups)).toEqual([]);
  });

  it('refuses codes Confirm does not have, row by row', () => {
    const rows = [out('ServiceCode', 'HW'), out('SubjectCode', 'MB'), out('CustomerTypeCode', 'VIP'), out('PointOfContactCode', 'ZZ'), out('EnquiryMethodCode', 'FAX')];
    expect(lookupIssues({ type: 'create_enquiry', rows }, lookups).map((i) => `${i.path}: ${i.message}`)).toEqual([
      'rows.1.source: MB is not a subject of service HW code in Confirm: pick one from the list.',
      'rows.2.source: VIP is not a customer type code in Confirm: pick one from the list.',
      'rows.3.source: ZZ is not a point of contact code in Confirm: pick one from the list.',
      'rows.4.source: FAX is not an enquiry method code in Confirm: pick one from the list.',
    ]);
    expect(lookupIssues({ type: 'create_enquiry', rows: [out('ServiceCode', 'XX')] }, lookups)[0]).toEqual({ path: 'rows.0.source', message: 'XX is not a service code in Confirm: pick one from the list.' });
    // An empty code is the row's empty text (a structural issue), never " is not a service code".
    expect(lookupIssues({ type: 'create_enquiry', rows: [out('ServiceCode', ' ')] }, lookups)).toEqual([]);
  });

  it('checks attribute type codes, pick-list values and incoming status maps', () => {
    const attr = (typeCode: string, value: string): MappingRow => ({ direction: 'out', target: { kind: 'attribute', typeCode }, source: { kind: 'static', value } });
    expect(lookupIssues({ type: 'create_enquiry', rows: [attr('SIZE', '007'), attr('DEPT', '40')] }, lookups)).toEqual([]);
    expect(lookupIssues({ type: 'create_enquiry', rows: [attr('NOPE', '1'), attr('SIZE', 'HUGE')] }, lookups).map((i) => i.path)).toEqual(['rows.0.target', 'rows.1.source']);
    const incoming = (map: Record<string, string>): MappingRow => ({ direction: 'in', source: { kind: 'field', name: 'EnquiryStatusCode' }, target: { kind: 'case_status', map } }) as MappingRow;
    expect(lookupIssues({ type: 'enquiry_updated', rows: [incoming({ '0100': 'open' })] }, lookups)).toEqual([]);
    expect(lookupIssues({ type: 'enquiry_updated', rows: [incoming({ '9999': 'open' })] }, lookups)).toEqual([{ path: 'rows.0.target.map.9999', message: '9999 is not an enquiry status code in Confirm: pick one from the list.' }]);
  });

  it('refuses an incoming Enquiry Attribute row (Confirm sends no attributes back), and accepts an incoming field row', () => {
    const fromAttribute: MappingRow = { direction: 'in', source: { kind: 'attribute', typeCode: 'DEPT' }, target: { kind: 'case_field', key: 'depth' } };
    const fromField: MappingRow = { direction: 'in', source: { kind: 'field', name: 'StatusLogNotes' }, target: { kind: 'case_field', key: 'kind' } };
    expect(messages('enquiry_updated', [fromAttribute])).toEqual([
      'rows.0.source: Confirm does not send Enquiry Attributes back with its updates, so an incoming template cannot map one: map an Enquiry field instead.',
    ]);
    expect(issues('enquiry_updated', [fromField])).toEqual([]);
  });

  it('asks Confirm only when a static code needs checking', () => {
    expect(lookupsNeeded({ type: 'create_enquiry', rows: [fromField('ServiceCode', 'kind'), out('EnquiryDescription')] })).toEqual({ enquiry: false, customer: false });
    expect(lookupsNeeded({ type: 'create_enquiry', rows: [out('ServiceCode')] })).toEqual({ enquiry: true, customer: false });
    expect(lookupsNeeded({ type: 'create_enquiry', rows: [out('CustomerTypeCode')] })).toEqual({ enquiry: false, customer: true });
  });
});

describe('rows with nothing to send, named as staff count them', () => {
  it('asks for the code a row lacks, by row number, and never says " is not … in Confirm" of an empty code', () => {
    const attribute: MappingRow = { direction: 'out', target: { kind: 'attribute', typeCode: ' ' }, source: { kind: 'static', value: '30' } };
    expect(messages('create_enquiry', [out('ServiceCode', ''), out('SubjectCode', ''), attribute])).toEqual([
      'rows.0.source: Row 1: choose a service code; this row has none yet.',
      'rows.1.source: Row 2: choose a subject code; this row has none yet.',
      'rows.2.target: Row 3: choose an Enquiry Attribute type; this row has none yet.',
    ]);
    // Checked against Confirm's lists, an empty code is not looked up as if it were one.
    const l = seedLookups(7);
    const lookups = { enquiry: { services: l.services, attributeTypes: l.attributeTypes.map((a) => ({ code: a.code, name: a.name, isDate: a.flag === 'D', mandatory: a.mandatory, values: a.values })), statuses: l.statuses }, customer: { enquiryMethods: l.enquiryMethods, customerTypes: l.customerTypes, pointsOfContact: l.pointsOfContact } };
    expect(lookupIssues({ type: 'create_enquiry', rows: [out('ServiceCode', ''), out('SubjectCode', ''), attribute] }, lookups)).toEqual([]);
  });
});
