import { describe, expect, it } from 'vitest';
import { MAX_ATTACHMENT_BYTES, type CaseFieldDef, type CaseView, type ConfirmLookupsView, type TemplateView } from '../../src-preload/contract';
import { parseHash, routeHash } from '../../src-renderer/src/app/routes';
import { attachmentProblem, base64OfDataUrl, linkStateOf } from '../../src-renderer/src/features/cases/attachment';
import { caseIssues, checkCaseDraft, dateInputToMillis, draftFromCase, millisToDateInput, toCaseInput } from '../../src-renderer/src/features/cases/case-draft';
import { isAboutCase } from '../../src-renderer/src/features/cases/case-format';
import { attributeCodeOptions, codeListFor, subjectsFor } from '../../src-renderer/src/connectors/confirm/mappings/code-options';
import {
  addRow,
  changeType,
  draftFromTemplate,
  emptyDraft,
  moveRow,
  placeIssues,
  removeRow,
  replaceRow,
  toRows,
  toSaveInput,
  type RowDraft,
} from '../../src-renderer/src/connectors/confirm/mappings/template-draft';
import { draftHints } from '../../src-renderer/src/connectors/confirm/mappings/template-hints';
import { checkFieldDraft, fieldDraftOf, keyFromLabel, toFieldInput } from '../../src-renderer/src/connectors/confirm/references/case-field-form';
import { checkRuleDraft, describeConditions, ruleDraftOf, toRuleInput } from '../../src-renderer/src/connectors/confirm/rules/rule-draft';
import { crmAgentUrl } from '../../src-renderer/src/connectors/confirm/crm-agent/crm-agent';

const field = (key: string, kind: CaseFieldDef['kind'], over: Partial<CaseFieldDef> = {}): CaseFieldDef => ({
  id: key.length, key, label: key, kind, options: [], required: false, position: 0, ...over,
});

const lookups: ConfirmLookupsView = {
  services: [
    { code: 'HW', name: 'Highways', subjects: [{ code: 'POT', name: 'Pothole', attributeCodes: ['DEPTH'] }] },
    { code: 'ST', name: 'Street lighting', subjects: [{ code: 'OUT', name: 'Lamp out', attributeCodes: [] }] },
  ],
  attributeTypes: [
    { code: 'DEPTH', name: 'Depth', isDate: false, mandatory: false, values: [{ code: 'D1', name: 'Shallow' }] },
    { code: 'NOTE', name: 'Note', isDate: false, mandatory: false, values: [] },
  ],
  statuses: [{ code: 'CLOS', name: 'Closed' }],
  customerTypes: [{ code: 'RES', name: 'Resident' }],
  pointsOfContact: [{ code: 'WEB', name: 'Web' }],
  enquiryMethods: [{ code: 'EM', name: 'Email' }],
  fetchedAt: 0,
  fromCache: true,
};

const out = (name: string, value: string): RowDraft => ({ uid: 0, direction: 'out', target: { kind: 'field', name }, source: { kind: 'static', value } });

describe('routes for the Confirm screens', () => {
  it('keeps the case and the template in the hash', () => {
    expect(parseHash('#/cases/12')).toEqual({ name: 'cases', caseId: 12 });
    expect(parseHash('#/mappings/new')).toEqual({ name: 'mappings', templateId: 'new' });
    expect(parseHash('#/mappings/3')).toEqual({ name: 'mappings', templateId: 3 });
    expect(parseHash('#/rules')).toEqual({ name: 'rules' });
    expect(routeHash({ name: 'mappings', templateId: 'new' })).toBe('#/mappings/new');
    expect(routeHash({ name: 'cases' })).toBe('#/cases');
  });
});

describe('the mapping template draft', () => {
  it('starts a Create template with Service and Subject rows, and sends rows in screen order', () => {
    const draft = emptyDraft();
    expect(draft.rows.map((r) => r.direction === 'out' && r.target.kind === 'field' && r.target.name)).toEqual(['ServiceCode', 'SubjectCode']);
    expect(toSaveInput(draft)).toBeNull();
    const input = toSaveInput({ ...draft, name: ' Pothole ', referenceId: 4 });
    expect(input).toMatchObject({ name: 'Pothole', type: 'create_enquiry', referenceId: 4 });
    expect(input?.rows).toHaveLength(2);
    expect(input?.rows[0]).toEqual({ direction: 'out', target: { kind: 'field', name: 'ServiceCode' }, source: { kind: 'static', value: '' } });
  });

  it('adds, removes and reorders rows, keeping their identity', () => {
    let d = addRow(emptyDraft());
    const uids = d.rows.map((r) => r.uid);
    d = moveRow(d, 2, -1);
    expect(d.rows.map((r) => r.uid)).toEqual([uids[0], uids[2], uids[1]]);
    expect(moveRow(d, 0, -1)).toBe(d);
    expect(moveRow(d, 2, 1)).toBe(d);
    d = removeRow(d, 0);
    expect(d.rows.map((r) => r.uid)).toEqual([uids[2], uids[1]]);
    d = replaceRow(d, 1, { ...d.rows[1], source: { kind: 'case_date', key: 'due' } } as RowDraft);
    expect(toRows(d)[1]).toMatchObject({ source: { kind: 'case_date', key: 'due' } });
  });

  it('turns a status table into a code map, dropping blank codes', () => {
    const d = emptyDraft('enquiry_updated');
    const row: RowDraft = {
      uid: 1,
      direction: 'in',
      source: { kind: 'field', name: 'EnquiryStatusCode' },
      target: { kind: 'case_status', pairs: [{ code: ' CLOS ', status: 'closed' }, { code: '', status: 'open' }] },
    };
    expect(toRows({ ...d, rows: [row] })).toEqual([{ direction: 'in', source: { kind: 'field', name: 'EnquiryStatusCode' }, target: { kind: 'case_status', map: { CLOS: 'closed' } } }]);
  });

  it('round-trips a saved template', () => {
    const view: TemplateView = {
      id: 9, name: 'In', type: 'enquiry_updated', referenceId: 1, referenceName: 'Enquiry Number', updatedAt: 0,
      rows: [
        { direction: 'in', source: { kind: 'attribute', typeCode: 'NOTE' }, target: { kind: 'case_field', key: 'note' } },
        { direction: 'in', source: { kind: 'field', name: 'EnquiryStatusCode' }, target: { kind: 'case_status', map: { CLOS: 'closed' } } },
      ],
    };
    expect(toSaveInput(draftFromTemplate(view))).toEqual({ id: 9, name: 'In', type: 'enquiry_updated', referenceId: 1, rows: view.rows });
  });

  it('keeps the Enquiry side when switching between outgoing and incoming', () => {
    const d = { ...emptyDraft(), rows: [{ uid: 1, direction: 'out', target: { kind: 'field', name: 'EnquiryDescription' }, source: { kind: 'case_field', key: 'details' } } as RowDraft] };
    const incoming = changeType(d, 'enquiry_updated');
    expect(toRows(incoming)).toEqual([{ direction: 'in', source: { kind: 'field', name: 'EnquiryDescription' }, target: { kind: 'case_field', key: 'details' } }]);
    expect(toRows(changeType(incoming, 'update_enquiry'))).toEqual(toRows(d));
    expect(changeType(d, 'update_enquiry').rows).toBe(d.rows);
    const fresh = changeType(emptyDraft(), 'enquiry_updated');
    expect(fresh.rows).toHaveLength(1);
    expect(toRows(fresh)).toEqual([{ direction: 'in', source: { kind: 'field', name: '' }, target: { kind: 'case_field', key: '' } }]);
  });

  it('places issues next to their rows, the rows list, the name or the Reference', () => {
    const placed = placeIssues(
      [
        { path: 'rows.1.source', message: 'unknown code' },
        { path: 'rows.1.target', message: 'required' },
        { path: 'rows', message: 'Service code is required' },
        { path: 'rows.7', message: 'past the end' },
        { path: 'name', message: 'required' },
        { path: 'referenceId', message: 'no such Reference' },
        { path: '', message: 'Confirm says no' },
      ],
      2,
    );
    expect(placed.byRow.get(1)?.map((i) => i.message)).toEqual(['unknown code', 'required']);
    expect(placed.byRow.has(0)).toBe(false);
    expect(placed.rows.map((i) => i.message)).toEqual(['Service code is required']);
    expect(placed.name).toHaveLength(1);
    expect(placed.reference).toHaveLength(1);
    expect(placed.other.map((i) => i.path)).toEqual(['rows.7', '']);
  });

  it("warns of the reference's Create rules, each way round", () => {
    const catalog = {
      outgoingCreate: [
        { name: 'ServiceCode', label: 'Service code', customer: false },
        { name: 'SubjectCode', label: 'Subject code', customer: false },
        { name: 'PointOfContactCode', label: 'Point of Contact code', customer: true },
        { name: 'CustomerSurname', label: 'Customer Surname', customer: true },
      ],
      outgoingUpdate: [],
      incoming: [],
    };
    const base = emptyDraft();
    expect(draftHints(base, catalog)).toEqual([]);
    expect(draftHints({ ...base, rows: [base.rows[0]] }, catalog)).toEqual(['Subject code is required to raise an Enquiry.']);
    const withCustomer = { ...base, rows: [...base.rows, out('PointOfContactCode', 'WEB')] };
    expect(draftHints(withCustomer, catalog)[0]).toMatch(/Customer Surname, CustomerTypeCode, EnquiryMethodCode/);
    const complete = { ...withCustomer, rows: [...withCustomer.rows, out('CustomerSurname', 'x'), out('CustomerTypeCode', 'RES'), out('EnquiryMethodCode', 'EM')] };
    expect(draftHints(complete, catalog)).toEqual([]);
    expect(draftHints({ ...base, type: 'update_enquiry', rows: [] }, catalog)).toEqual([]);
  });
});

describe('code pickers from the lookups', () => {
  it('offers the list that fits the field, subjects of the chosen service', () => {
    const rows = [out('ServiceCode', 'HW'), out('SubjectCode', 'POT')];
    expect(codeListFor({ kind: 'field', name: 'ServiceCode' }, lookups, rows)?.map((o) => o.code)).toEqual(['HW', 'ST']);
    expect(codeListFor({ kind: 'field', name: 'SubjectCode' }, lookups, rows)?.map((o) => o.code)).toEqual(['POT']);
    expect(subjectsFor(lookups, null).map((o) => o.code)).toEqual(['POT', 'OUT']);
    expect(codeListFor({ kind: 'field', name: 'CustomerTypeCode' }, lookups, rows)).toEqual(lookups.customerTypes);
    expect(codeListFor({ kind: 'field', name: 'EnquiryDescription' }, lookups, rows)).toBeNull();
    expect(codeListFor({ kind: 'attribute', typeCode: 'DEPTH' }, lookups, rows)).toEqual([{ code: 'D1', name: 'Shallow' }]);
    expect(codeListFor({ kind: 'field', name: 'ServiceCode' }, null, rows)).toBeNull();
  });

  it("narrows attribute types to the subject's and adds case field placeholders", () => {
    const codes = attributeCodeOptions(lookups, [out('ServiceCode', 'HW'), out('SubjectCode', 'POT')], [field('issue_type', 'text')]).map((o) => o.code);
    expect(codes).toEqual(['DEPTH', '{{case.issue_type}}']);
    expect(attributeCodeOptions(lookups, [], []).map((o) => o.code)).toEqual(['DEPTH', 'NOTE']);
  });
});

describe('the case form', () => {
  const fields = [field('priority', 'number', { required: true }), field('kind', 'choice', { options: ['a', 'b'] }), field('note', 'text')];

  it('blocks a save without a title, a required field, or with a bad number or coordinate', () => {
    const d = draftFromCase(null);
    expect(Object.keys(checkCaseDraft(d, fields)).sort()).toEqual(['title', 'values.priority']);
    const filled = { ...d, title: 'Pothole', values: { priority: 'x', kind: 'c' }, address: { ...d.address, x: '12e' } };
    expect(checkCaseDraft(filled, fields)).toEqual({
      'values.priority': `${fields[0]!.label} must be a number.`,
      'values.kind': `${fields[1]!.label}: choose one of the offered values.`,
      'address.x': 'X (easting) must be a number.',
    });
  });

  it('sends values typed by kind, empties as null, and no address when none is typed', () => {
    const d = { ...draftFromCase(null), title: ' Pothole ', values: { priority: ' 3 ', kind: 'a', note: '' }, due: '2024-05-02' };
    const input = toCaseInput(d, fields);
    expect(input).toMatchObject({ title: 'Pothole', values: { priority: 3, kind: 'a', note: null }, address: null, personId: null, description: null });
    expect(input.dueAt).toBe(new Date(2024, 4, 2).getTime());
    const withAddress = toCaseInput({ ...d, address: { ...d.address, street: 'Main St', x: '530123.5', siteCode: 'S1' } }, fields);
    expect(withAddress.address).toMatchObject({ street: 'Main St', x: 530123.5, y: null, siteCode: 'S1', city: null });
  });

  it('reads a saved case back into the form', () => {
    const view: CaseView = {
      id: 5, title: 'T', description: null, status: 'open', values: { priority: 2, note: null }, personId: 7, personName: 'Ava Maes',
      address: { name: null, street: 'Main', number: '1', postalCode: null, city: 'Leeds', country: null, x: 1.5, y: 2, siteCode: null, centralAssetId: 'A9' },
      dueAt: new Date(2024, 0, 31).getTime(), closedAt: null, createdAt: 0, updatedAt: 0,
    };
    const d = draftFromCase(view);
    expect(d).toMatchObject({ id: 5, values: { priority: '2', note: '' }, personId: 7, due: '2024-01-31' });
    expect(d.address).toMatchObject({ x: '1.5', y: '2', centralAssetId: 'A9', name: '' });
    expect(millisToDateInput(null)).toBe('');
    expect(dateInputToMillis('31/01/2024')).toBeNull();
  });

  it("puts the core's issues under the form keys", () => {
    const { byKey, other } = caseIssues([
      { path: 'values.priority', message: 'Use 5 or less.', rule: 'too_big', limit: 5 },
      { path: 'address.siteCode', message: 'Use at most 40 characters.', rule: 'too_long', limit: 40 },
      { path: 'title', message: 'This is required.', rule: 'required' },
      { path: 'rules', message: 'a rule failed' },
    ], fields);
    expect(byKey).toEqual({
      'values.priority': `${fields[0]!.label} must be 5 or less.`,
      'address.siteCode': 'Site code can be at most 40 characters: shorten it.',
      title: 'Title is required: fill it in.',
    });
    expect(other).toEqual([{ path: 'rules', message: 'a rule failed' }]);
  });

  it('recognises log lines about a case by id or job key', () => {
    expect(isAboutCase({ entityType: 'case', entityId: '12' }, 12)).toBe(true);
    expect(isAboutCase({ entityType: 'case', entityId: 'case-12' }, 12)).toBe(true);
    expect(isAboutCase({ entityType: 'case', entityId: '120' }, 12)).toBe(false);
    expect(isAboutCase({ entityType: 'customer', entityId: '12' }, 12)).toBe(false);
  });
});

describe('attachments', () => {
  it('refuses a file over the cap before reading it', () => {
    expect(attachmentProblem({ name: 'a.pdf', size: MAX_ATTACHMENT_BYTES })).toBeNull();
    expect(attachmentProblem({ name: 'big.pdf', size: MAX_ATTACHMENT_BYTES + 1 })).toMatch(/^big\.pdf is larger than 10 MB/);
    expect(attachmentProblem({ name: '', size: 1 })).toMatch(/plain name/);
  });

  it("says what the file's link does now: revoked, expired, expiring, or open (legacy marked)", () => {
    const open = { linkLegacy: false, linkRevokedAt: null, linkExpiresAt: null };
    expect(linkStateOf(open, 5)).toEqual({ live: true, text: 'Link does not expire' });
    expect(linkStateOf({ ...open, linkLegacy: true }, 5)).toMatchObject({ live: true, text: expect.stringMatching(/legacy link/) });
    expect(linkStateOf({ ...open, linkExpiresAt: 10 }, 5)).toMatchObject({ live: true, text: expect.stringMatching(/^Link expires /) });
    expect(linkStateOf({ ...open, linkExpiresAt: 10 }, 10)).toMatchObject({ live: false, text: expect.stringMatching(/^Link expired /) });
    expect(linkStateOf({ ...open, linkRevokedAt: 3, linkExpiresAt: 10 }, 5)).toMatchObject({ live: false, text: expect.stringMatching(/^Link revoked /) });
  });

  it('takes the base64 part of a data URL', () => {
    expect(base64OfDataUrl('data:text/plain;base64,SGVsbG8=')).toBe('SGVsbG8=');
    expect(base64OfDataUrl('data:,')).toBe('');
    expect(base64OfDataUrl('nonsense')).toBe('');
  });
});

describe('case fields, rules and the CRM Agent URL', () => {
  it('suggests a key from the label and checks it', () => {
    expect(keyFromLabel('Issue type')).toBe('issue_type');
    expect(keyFromLabel('1st Contact!')).toBe('st_contact');
    const d = { ...fieldDraftOf(null, 3), label: 'Kind', key: 'kind', kind: 'choice' as const, options: ' a \n\nb\na' };
    expect(checkFieldDraft({ ...d, key: 'Kind' }).key).toBeDefined();
    expect(checkFieldDraft({ ...d, options: '' }).options).toBeDefined();
    expect(checkFieldDraft(d)).toEqual({});
    expect(toFieldInput(d)).toEqual({ key: 'kind', label: 'Kind', kind: 'choice', options: ['a', 'b'], required: false, position: 3 });
    expect(toFieldInput({ ...d, kind: 'text' }).options).toEqual([]);
  });

  it('needs a name and a template, and sends no value for is_set', () => {
    const d = ruleDraftOf(null, 2);
    expect(Object.keys(checkRuleDraft(d)).sort()).toEqual(['name', 'templateId']);
    expect(toRuleInput(d)).toBeNull();
    const ready = { ...d, name: ' Raise ', templateId: 4, conditions: [{ field: 'status', op: 'is_set' as const, value: 'x' }] };
    expect(checkRuleDraft(ready)).toEqual({});
    expect(toRuleInput(ready)).toEqual({ name: 'Raise', trigger: 'case_created', conditions: [{ field: 'status', op: 'is_set', value: '' }], templateId: 4, enabled: true, position: 2 });
    expect(describeConditions([], String)).toBe('always');
    expect(describeConditions([{ field: 'title', op: 'contains', value: 'pot' }, { field: 'status', op: 'is_empty', value: '' }], (f) => f.toUpperCase())).toBe('TITLE contains “pot” and STATUS is empty');
  });

  it('builds the URL to paste into Confirm', () => {
    expect(crmAgentUrl('http://127.0.0.1:4000/integration/confirm/crm-agent', null)).toBe('http://127.0.0.1:4000/integration/confirm/crm-agent?key=<key>');
    expect(crmAgentUrl('http://127.0.0.1:4000/integration/confirm/crm-agent', 'ab12')).toBe('http://127.0.0.1:4000/integration/confirm/crm-agent?key=ab12');
  });
});
