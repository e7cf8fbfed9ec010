// Confirm answers TypeOfService once per service and subject group, so one ServiceCode can come several times, each
// with its own subjects (open311-adapter's "duped services"). Read over the wire from the simulator's switch.
import { afterEach, describe, expect, it } from 'vitest';
import type { ConfirmLookupsView, MappingRow } from '../../../src-preload/contract';
import { SANDBOX_CREDENTIALS, SANDBOX_PATHS, type ConfirmSandbox } from '../../../src-main/connectors/confirm/sandbox';
import { SOAP_ACTION, processOperationsRequest, readOperationResponses } from '../../../src-main/connectors/confirm/soap';
import { enquiryLookupsOf, answerOf } from '../../../src-main/connectors/confirm/parse';
import { lookupIssues } from '../../../src-main/connectors/confirm/template-validation';
import { el } from '../../../src-main/connectors/confirm/xml';
import { codeListFor, subjectsFor } from '../../../src-renderer/src/connectors/confirm/mappings/code-options';
import { clientFor, startConfirmSandbox } from './confirm-harness';
import { startConfirmCore, type ConfirmCore } from './confirm-core';

let sandbox: ConfirmSandbox | null = null;
let h: ConfirmCore | null = null;
afterEach(async () => {
  await sandbox?.stop();
  await h?.close();
  sandbox = null;
  h = null;
});

/** GetEnquiryLookups as the simulator answers it, the raw XML. */
async function rawLookups(s: ConfirmSandbox): Promise<string> {
  const res = await fetch(`${s.url}${SANDBOX_PATHS.connector}`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${SOAP_ACTION}"` },
    body: processOperationsRequest({ username: SANDBOX_CREDENTIALS.username, password: SANDBOX_CREDENTIALS.password, databaseId: SANDBOX_CREDENTIALS.tenantId }, [el('GetEnquiryLookups')]),
  });
  return res.text();
}

const count = (text: string, part: string) => text.split(part).length - 1;

describe('a ServiceCode that comes once per subject group', () => {
  it('the simulator repeats the service only when switched (its default answer is unchanged)', async () => {
    sandbox = await startConfirmSandbox();
    expect(count(await rawLookups(sandbox), '<ServiceCode>HW</ServiceCode>')).toBe(1);
    sandbox.typeOfServicePerSubject = true;
    const subjects = sandbox.lookups.services[0]!.subjects.length;
    expect(subjects).toBeGreaterThanOrEqual(3);
    expect(count(await rawLookups(sandbox), '<ServiceCode>HW</ServiceCode>')).toBe(subjects);
  });

  it('is read as one service per code, subjects united, each keeping its own attributes', async () => {
    sandbox = await startConfirmSandbox();
    const grouped = await clientFor(sandbox).getEnquiryLookups();
    sandbox.typeOfServicePerSubject = true;
    const split = await clientFor(sandbox).getEnquiryLookups();
    expect(split.services.map((s) => s.code)).toEqual(['HW', 'WS', '0042']);
    const hw = split.services[0]!;
    expect(hw.name).toBe('Highways');
    expect(hw.subjects.map((s) => s.code)).toEqual(sandbox.lookups.services[0]!.subjects.map((s) => s.code));
    expect(hw.subjects.find((s) => s.code === 'PH')!.attributeTypeCodes).toEqual(['SIZE', 'DEPT', 'SEEN', 'NOTE']);
    expect(hw.subjects.find((s) => s.code === 'SL')!.attributeTypeCodes).toEqual(['SEEN', 'NOTE']);
    // Merged, the split answer says exactly what the grouped one says.
    expect(split).toEqual(grouped);
  });

  it('unites the attributes of a subject met in two groups of one service, and keeps the first name given', () => {
    const xml = `<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><ProcessOperationsResult xmlns="http://www.confirm.co.uk/schema/am/connector/webservice"><Response><OperationResponse><GetEnquiryLookupsResponse>
      <TypeOfService><ServiceCode>ABC</ServiceCode><ServiceName>Alpha</ServiceName><EnquirySubject><SubjectCode>DEF</SubjectCode><SubjectName>Def</SubjectName><SubjectAttribute><EnqAttribTypeCode>A1</EnqAttribTypeCode></SubjectAttribute></EnquirySubject></TypeOfService>
      <TypeOfService><ServiceCode>ABC</ServiceCode><ServiceName>Alpha (group 2)</ServiceName><EnquirySubject><SubjectCode>GHI</SubjectCode><SubjectName>Ghi</SubjectName><SubjectAttribute><EnqAttribTypeCode>A2</EnqAttribTypeCode></SubjectAttribute></EnquirySubject><EnquirySubject><SubjectCode>DEF</SubjectCode><SubjectAttribute><EnqAttribTypeCode>A3</EnqAttribTypeCode></SubjectAttribute><SubjectAttribute><EnqAttribTypeCode>A1</EnqAttribTypeCode></SubjectAttribute></EnquirySubject></TypeOfService>
      <TypeOfService><ServiceCode>ABC</ServiceCode><EnquirySubject><SubjectCode>JKL</SubjectCode></EnquirySubject></TypeOfService>
      </GetEnquiryLookupsResponse></OperationResponse></Response></ProcessOperationsResult></soap:Body></soap:Envelope>`;
    const [op] = readOperationResponses(xml, 'lookups', '');
    const l = enquiryLookupsOf(answerOf(op!, 'GetEnquiryLookupsResponse', 'lookups'));
    expect(l.services).toEqual([
      {
        code: 'ABC',
        name: 'Alpha',
        subjects: [
          { code: 'DEF', name: 'Def', attributeTypeCodes: ['A1', 'A3'] },
          { code: 'GHI', name: 'Ghi', attributeTypeCodes: ['A2'] },
          { code: 'JKL', name: 'JKL', attributeTypeCodes: [] },
        ],
      },
    ]);
    // Save validation, even on a list that was not merged, takes a subject of any group of the service.
    const unmerged = { services: [0, 1, 2].map((i) => ({ code: 'ABC', name: 'Alpha', subjects: [l.services[0]!.subjects[i]!] })), attributeTypes: [], statuses: [] };
    const rows = (subject: string): MappingRow[] => [
      { direction: 'out', target: { kind: 'field', name: 'ServiceCode' }, source: { kind: 'static', value: 'ABC' } },
      { direction: 'out', target: { kind: 'field', name: 'SubjectCode' }, source: { kind: 'static', value: subject } },
    ];
    for (const subject of ['DEF', 'GHI', 'JKL']) expect(lookupIssues({ type: 'create_enquiry', rows: rows(subject) }, { enquiry: unmerged })).toEqual([]);
    expect(lookupIssues({ type: 'create_enquiry', rows: rows('XYZ') }, { enquiry: unmerged }).map((i) => i.message)).toEqual(['XYZ is not a subject of service ABC code in Confirm: pick one from the list.']);
  });

  it('the service picker lists each code once, even from a list that was not merged', () => {
    const view = (code: string, subject: string) => ({ code, name: code, subjects: [{ code: subject, name: subject, attributeCodes: [] }] });
    const lookups: ConfirmLookupsView = {
      services: [view('ABC', 'DEF'), view('ABC', 'GHI'), view('XYZ', 'X1'), view('ABC', 'JKL')],
      attributeTypes: [],
      statuses: [],
      customerTypes: [],
      pointsOfContact: [],
      enquiryMethods: [],
      fetchedAt: 0,
      fromCache: false,
    };
    expect(codeListFor({ kind: 'field', name: 'ServiceCode' }, lookups, [])?.map((o) => o.code)).toEqual(['ABC', 'XYZ']);
    expect(subjectsFor(lookups, 'ABC').map((o) => o.code)).toEqual(['DEF', 'GHI', 'JKL']);
  });

  it('through the app: the lookups list each service once, and a template with a subject of a later group saves', async () => {
    h = await startConfirmCore();
    h.sandbox.typeOfServicePerSubject = true;
    const lookups = await h.call('confirm:lookups', { fresh: true });
    expect(lookups.services.map((s) => s.code)).toEqual(['HW', 'WS', '0042']);
    expect(codeListFor({ kind: 'field', name: 'ServiceCode' }, lookups, [])?.map((o) => o.code)).toEqual(['HW', 'WS', '0042']);
    expect(lookups.services[0]!.subjects.find((s) => s.code === 'SL')!.attributeCodes).toEqual(['SEEN', 'NOTE']);
    const ref = await h.call('references:save', { name: 'Enquiry Number' });
    const template = (subject: string) => ({
      name: `Raise ${subject}`,
      type: 'create_enquiry',
      referenceId: ref.id,
      rows: [
        { direction: 'out', target: { kind: 'field', name: 'ServiceCode' }, source: { kind: 'static', value: 'HW' } },
        { direction: 'out', target: { kind: 'field', name: 'SubjectCode' }, source: { kind: 'static', value: subject } },
      ] as MappingRow[],
    });
    expect((await h.call('templates:save', template('SL'))).name).toBe('Raise SL');
    await expect(h.call('templates:save', template('MB'))).rejects.toThrow('MB is not a subject of service HW');
  });
});
