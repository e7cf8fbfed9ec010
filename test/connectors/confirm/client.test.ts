import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConfirmSandbox } from '../../../src-main/connectors/confirm/sandbox';
import { processOperationsResponse } from '../../../src-main/connectors/confirm/soap';
import { el } from '../../../src-main/connectors/confirm/xml';
import { RemoteError } from '../../../src-main/engine/remote-error';
import { clientFor, pothole, settingsFor, startConfirmSandbox, startFixedServer } from './confirm-harness';
import { createConfirmClient } from '../../../src-main/connectors/confirm/client';
import { SANDBOX_CREDENTIALS, confirmSandboxConnectionValues } from '../../../src-main/connectors/confirm/sandbox';
import { confirmSettingsOf } from '../../../src-main/connectors/confirm/settings';

let sandbox: ConfirmSandbox;
const extra: { stop(): Promise<void> }[] = [];

beforeEach(async () => {
  sandbox = await startConfirmSandbox();
});
afterEach(async () => {
  await sandbox.stop();
  for (const s of extra.splice(0)) await s.stop();
});

async function failure(p: Promise<unknown>): Promise<RemoteError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(RemoteError);
    return err as RemoteError;
  }
  throw new Error('the call succeeded');
}

describe('Confirm client: operations round trip against the simulator', () => {
  it('reads enquiry lookups: services, subjects with their attributes, date and mandatory types, values, statuses', async () => {
    const l = await clientFor(sandbox).getEnquiryLookups();
    expect(l.services.map((s) => s.code)).toEqual(['HW', 'WS', '0042']);
    expect(l.services[2]!.subjects).toEqual([{ code: '001', name: 'Overgrown verge', attributeTypeCodes: [] }]);
    expect(l.services[0]!.subjects[0]).toEqual({ code: 'PH', name: 'Pothole', attributeTypeCodes: ['SIZE', 'DEPT', 'SEEN', 'NOTE'] });
    const byCode = new Map(l.attributeTypes.map((t) => [t.code, t]));
    expect(byCode.get('SEEN')).toMatchObject({ isDate: true, mandatory: false, values: [] });
    expect(byCode.get('DEPT')).toMatchObject({ isDate: false, mandatory: true });
    expect(byCode.get('SIZE')!.values[0]).toEqual({ code: '007', name: 'Small' });
    expect(l.statuses.find((s) => s.code === '0990')).toEqual({ code: '0990', name: 'Withdrawn (old)', outstanding: false, inactive: true });
    expect(l.statuses.find((s) => s.code === '0100')).toMatchObject({ outstanding: true, inactive: false });
  });

  it('reads customer lookups', async () => {
    const l = await clientFor(sandbox).getCustomerLookups();
    expect(l.enquiryMethods.map((m) => m.code)).toEqual(['WEB', 'TEL', 'EML']);
    expect(l.customerTypes).toContainEqual({ code: 'PUB', name: 'Member of the public' });
    expect(l.pointsOfContact).toContainEqual({ code: '01', name: 'Online' });
  });

  it('raises an enquiry with customer, attributes of each kind, a document and the logged time in Confirm\'s zone', async () => {
    const firedAt = Date.parse('2026-07-01T12:00:00Z');
    const r = await clientFor(sandbox).newEnquiry({
      fields: { ServiceCode: 'HW', SubjectCode: 'PH', EnquiryDescription: 'Deep pothole', EnquiryLocation: 'Mill Lane', ExternalSystemNumber: '7', ExternalSystemReference: 'case-1' },
      customer: { CustomerSurname: 'Smith', CustomerForename: 'Ann', CustomerTypeCode: 'PUB', PointOfContactCode: '01', EnquiryMethodCode: 'WEB' },
      attributes: [
        { typeCode: 'DEPT', value: { text: '55' } },
        { typeCode: 'SIZE', value: { valueCode: '007' } },
        { typeCode: 'SEEN', value: { date: Date.parse('2026-06-30T08:00:00Z') } },
      ],
      documents: [{ notes: 'Photo', location: 'https://syncdesk.example/files/1' }],
      loggedAt: firedAt,
    });
    expect(r).toEqual({ enquiryNumber: '1001', truncated: [] });
    const e = sandbox.enquiries.get('1001')!;
    expect(e.loggedAt).toBe(firedAt);
    expect(e.customer).toMatchObject({ CustomerSurname: 'Smith', PointOfContactCode: '01' });
    expect(e.attributes).toEqual([
      { typeCode: 'DEPT', kind: 'string', value: '55' },
      { typeCode: 'SIZE', kind: 'value', value: '007' },
      { typeCode: 'SEEN', kind: 'date', value: '2026-06-30T09:00:00+01:00' },
    ]);
    expect(e.documents).toEqual([{ notes: 'Photo', location: 'https://syncdesk.example/files/1' }]);
    expect(sandbox.enquiriesByExternalReference.get('case-1')).toBe(1);
  });

  it('leaves the logged time to Confirm when none is given, and leaves out empty optional values', async () => {
    sandbox.now = () => Date.parse('2026-02-02T10:00:00Z');
    await clientFor(sandbox).newEnquiry({
      fields: { ServiceCode: 'HW', SubjectCode: 'PH', EnquiryLocation: '', ContactName: '   ', ContactEmail: null },
      // An empty pick-list value would be refused by Confirm ("needs a value code"): it must not be sent.
      attributes: [{ typeCode: 'DEPT', value: { text: '10' } }, { typeCode: 'SIZE', value: { valueCode: '' } }, { typeCode: 'NOTE', value: { text: '' } }],
      customer: { CustomerSurname: '' },
    });
    const e = sandbox.enquiries.get('1001')!;
    expect(e.loggedAt).toBe(Date.parse('2026-02-02T10:00:00Z'));
    expect(e.attributes.map((a) => a.typeCode)).toEqual(['DEPT']);
    expect(e.customer).toBeNull();
  });

  it('truncates in one place and reports what it cut: text 2,000, names 50, phones 20', async () => {
    const r = await clientFor(sandbox).newEnquiry({
      fields: { ...pothole().fields, EnquiryDescription: 'd'.repeat(2_500), ContactName: 'n'.repeat(60), ContactPhone: '0'.repeat(25) },
      attributes: [...pothole().attributes, { typeCode: 'NOTE', value: { text: '😀'.repeat(2_001) } }],
      customer: { CustomerSurname: 's'.repeat(51), CustomerPhone: '1'.repeat(21), CustomerTypeCode: 'PUB', PointOfContactCode: 'CC', EnquiryMethodCode: 'TEL' },
    });
    expect(r.truncated).toEqual([
      { field: 'EnquiryDescription', from: 2_500, to: 2_000 },
      { field: 'ContactName', from: 60, to: 50 },
      { field: 'ContactPhone', from: 25, to: 20 },
      { field: 'EnquiryCustomer.CustomerPhone', from: 21, to: 20 },
      { field: 'EnquiryCustomer.CustomerSurname', from: 51, to: 50 },
      { field: 'EnquiryAttribute[NOTE].EnqAttribStringValue', from: 2_001, to: 2_000 },
    ]);
    const e = sandbox.enquiries.get(r.enquiryNumber)!;
    expect(e.description).toHaveLength(2_000);
    expect(Array.from(e.attributes.find((a) => a.typeCode === 'NOTE')!.value)).toHaveLength(2_000);
  });

  it('sends customer text that tries to inject elements as text: Confirm stores it exactly', async () => {
    const hostile = `</EnquiryDescription><ServiceCode>EVIL</ServiceCode> ]]> --> & < > " ' <![CDATA[x]]>`;
    const r = await clientFor(sandbox).newEnquiry({ ...pothole({ description: hostile }), fields: { ...pothole({ description: hostile }).fields, EnquiryLocation: 'a\u0000b\u0007c' } });
    const e = sandbox.enquiries.get(r.enquiryNumber)!;
    expect(e.description).toBe(hostile);
    expect(e.serviceCode).toBe('HW');
    expect(e.location).toBe('abc');
  });

  it('sends the Idempotency-Key, and one enquiry per external reference', async () => {
    const c = clientFor(sandbox);
    await c.newEnquiry({ ...pothole({ reference: 'case-9' }), idempotencyKey: 'confirm:new:9' });
    expect(sandbox.effectsByKey.get('confirm:new:9')).toBe(1);
    expect(sandbox.callsByKey.get('confirm:new:9')).toBe(1);
    expect(sandbox.enquiriesByExternalReference.get('case-9')).toBe(1);
  });

  it('updates an enquiry: status, notes, service and attributes, answering the new log number', async () => {
    const c = clientFor(sandbox);
    const { enquiryNumber } = await c.newEnquiry({ ...pothole(), loggedAt: Date.parse('2026-07-01T09:00:00Z') });
    const r = await c.enquiryUpdate({
      enquiryNumber,
      fields: { EnquiryStatusCode: '0200', StatusLogNotes: 'Assigned to crew 4' },
      attributes: [{ typeCode: 'SIZE', value: { valueCode: 'LRG' } }],
      loggedAt: Date.parse('2026-07-01T10:00:00Z'),
    });
    expect(r).toEqual({ enquiryNumber, enquiryLogNumber: '2', truncated: [], resubmittedWithoutLoggedTime: false, loggedTimeFault: null });
    const log = sandbox.enquiries.get(enquiryNumber)!.logs[1]!;
    expect(log).toMatchObject({ statusCode: '0200', notes: 'Assigned to crew 4', effectiveAt: Date.parse('2026-07-01T10:00:00Z') });
    const [read] = await c.getEnquiries([enquiryNumber]);
    expect(read).toMatchObject({ enquiryNumber, statusCode: '0200', serviceCode: 'HW', logTime: '2026-07-01T11:00:00+01:00', loggedTime: '2026-07-01T10:00:00+01:00' });
  });

  it('answers the Logged Date ordering fault (1002) with one resubmit without LoggedTime and status', async () => {
    const c = clientFor(sandbox);
    const { enquiryNumber } = await c.newEnquiry({ ...pothole(), loggedAt: Date.parse('2026-07-01T09:00:00Z') });
    sandbox.resetCounters();
    const r = await c.enquiryUpdate({
      enquiryNumber,
      fields: { EnquiryStatusCode: '0900', StatusLogNotes: 'Late note' },
      loggedAt: Date.parse('2026-07-01T08:00:00Z'),
      idempotencyKey: 'upd-1',
    });
    expect(r.resubmittedWithoutLoggedTime).toBe(true);
    expect(r.loggedTimeFault).toContain('Validate enquiry update.1002.Logged Date 01/07/2026 09:00:00 must be greater than the Effective Date of current status log');
    expect(r.enquiryLogNumber).toBe('2');
    expect(sandbox.operationCount('EnquiryUpdate')).toBe(2);
    const log = sandbox.enquiries.get(enquiryNumber)!.logs[1]!;
    // The notes landed; the status did not move, and the time is Confirm's own.
    expect(log.notes).toBe('Late note');
    expect(log.statusCode).toBe('0100');
    expect(sandbox.effectsByKey.get('upd-1:without-logged-time')).toBe(1);
  });

  it('resubmits only once: a second 1002 is the answer', async () => {
    const fault = 'Validate enquiry update.1002.Logged Date 01/07/2026 09:00:00 must be greater than the Effective Date of current status log';
    const server = await startFixedServer(() => ({ xml: processOperationsResponse({ fault }) }));
    extra.push(server);
    const c = createConfirmClient(settingsFor(server.url!));
    const err = await failure(c.enquiryUpdate({ enquiryNumber: '5', fields: { EnquiryStatusCode: '0900', StatusLogNotes: 'n' }, loggedAt: Date.parse('2026-07-01T08:00:00Z') }));
    expect(err.kind).toBe('validation');
    expect(err.message).toContain('(again without Logged Time)');
    expect(server.bodies).toHaveLength(2);
    expect(server.bodies[0]).toContain('<LoggedTime>2026-07-01T09:00:00+01:00</LoggedTime>');
    expect(server.bodies[0]).toContain('<EnquiryStatusCode>0900</EnquiryStatusCode>');
    expect(server.bodies[1]).not.toContain('LoggedTime');
    expect(server.bodies[1]).not.toContain('EnquiryStatusCode');
    expect(server.bodies[1]).toContain('<StatusLogNotes>n</StatusLogNotes>');
  });

  it('does not resubmit on any other fault', async () => {
    const c = clientFor(sandbox);
    const { enquiryNumber } = await c.newEnquiry(pothole());
    sandbox.resetCounters();
    const err = await failure(c.enquiryUpdate({ enquiryNumber, fields: { EnquiryStatusCode: 'NOPE' } }));
    expect(err.kind).toBe('validation');
    expect(err.message).toBe(`Update enquiry ${enquiryNumber}: Confirm said "Validate enquiry update.Enquiry status NOPE does not exist"`);
    expect(sandbox.operationCount('EnquiryUpdate')).toBe(1);
  });

  it('reads enquiries in batches of at most ten per request, in the order asked, numbers as text', async () => {
    const c = clientFor(sandbox);
    const numbers = ['000123'];
    for (let i = 0; i < 22; i++) numbers.push((await c.newEnquiry(pothole())).enquiryNumber);
    sandbox.resetCounters();
    const read = await c.getEnquiries(numbers);
    expect(read.map((e) => e.enquiryNumber)).toEqual(numbers);
    expect(read[0]).toMatchObject({ enquiryNumber: '000123', x: '451234.5', y: '206789.25', statusCode: '0100' });
    expect(sandbox.requests).toBe(3);
    expect(sandbox.operationCount('GetEnquiry')).toBe(23);
    expect(await c.getEnquiries([])).toEqual([]);
  });

  it('reads status changes in a window, sent as wall times in Confirm\'s zone', async () => {
    const c = clientFor(sandbox);
    const { enquiryNumber } = await c.newEnquiry(pothole());
    sandbox.now = () => Date.parse('2026-07-01T12:00:00Z');
    sandbox.setEnquiryStatus(enquiryNumber, '0300', 'Crew on site');
    const changes = await c.getEnquiryStatusChanges(Date.parse('2026-07-01T11:59:00Z'), Date.parse('2026-07-01T12:01:00Z'));
    expect(changes).toEqual([
      {
        enquiryNumber,
        logs: [{ enquiryNumber, enquiryLogNumber: '2', statusCode: '0300', notes: 'Crew on site', logEffectiveTime: '2026-07-01T13:00:00+01:00', loggedTime: '2026-07-01T13:00:00+01:00' }],
      },
    ]);
    expect(await c.getEnquiryStatusChanges(Date.parse('2026-07-01T12:00:01Z'), Date.parse('2026-07-01T13:00:00Z'))).toEqual([]);
  });
});

describe('Confirm client: failures as the engine must see them', () => {
  it('a bad password (the PBNI fault inside a 200) is an auth failure, and the password is not in the details', async () => {
    const err = await failure(clientFor(sandbox, { password: 'wrong <&> password' }).getCustomerLookups());
    expect(err.kind).toBe('auth');
    expect(err.message).toBe('Get customer lookups: Confirm refused the sign-in ("Error calling method of a PBNI object"): check the username, password and Tenant ID, or whether the account is locked');
    expect(err.extra.details).toContain('[redacted]');
    expect(err.extra.details).not.toContain('wrong');
  });

  it('a wrong tenant is refused the same way', async () => {
    expect((await failure(clientFor(sandbox, { tenantId: 'OTHER' }).getEnquiryLookups())).kind).toBe('auth');
  });

  it('an unknown code is a validation failure carrying Confirm\'s reason', async () => {
    const err = await failure(clientFor(sandbox).newEnquiry({ fields: { ServiceCode: 'XX', SubjectCode: 'PH' } }));
    expect(err.kind).toBe('validation');
    expect(err.message).toBe('New enquiry: Confirm said "Validate new enquiry.Service code XX does not exist"');
    expect(sandbox.enquiries.size).toBe(1);
  });

  it('an answer without OperationResponse is an invalid result; one that is not XML too', async () => {
    const empty = await startFixedServer(() => ({ xml: '<s:Envelope xmlns:s="x"><s:Body><ProcessOperationsResult><Response/></ProcessOperationsResult></s:Body></s:Envelope>' }));
    const html = await startFixedServer(() => ({ xml: '<html><body>Maintenance' }));
    extra.push(empty, html);
    const a = await failure(createConfirmClient(settingsFor(empty.url!)).getEnquiryLookups());
    expect(a).toMatchObject({ kind: 'validation', message: "Get enquiry lookups: Confirm's answer holds no OperationResponse (an invalid result)" });
    const b = await failure(createConfirmClient(settingsFor(html.url!)).getEnquiryLookups());
    expect(b.kind).toBe('validation');
    expect(b.message).toMatch(/^Get enquiry lookups: Confirm's answer could not be read \(the XML document is not well formed/);
  });

  it('a DOCTYPE in an answer is refused, not expanded', async () => {
    const bomb = await startFixedServer(() => ({ xml: '<!DOCTYPE a [<!ENTITY x "x">]><Envelope><Body><R><Response><OperationResponse>&x;</OperationResponse></Response></R></Body></Envelope>' }));
    extra.push(bomb);
    const err = await failure(createConfirmClient(settingsFor(bomb.url!)).getEnquiryLookups());
    expect(err.message).toMatch(/DOCTYPE or entity declaration, which is not accepted/);
  });

  it('HTTP 500, a refused connection and a hang are connectivity failures (retried by the engine)', async () => {
    const s500 = await startFixedServer(() => ({ status: 500, xml: '<soap:Fault/>' }));
    extra.push(s500);
    expect((await failure(createConfirmClient(settingsFor(s500.url!)).getEnquiryLookups())).kind).toBe('connectivity');

    const c = clientFor(sandbox, { timeoutMs: 1_000 });
    await sandbox.setFaults({ hang: true });
    const hung = await failure(c.getCustomerLookups());
    expect(hung.kind).toBe('connectivity');
    expect(hung.message).toMatch(/timeout/);
    await sandbox.setFaults({ hang: false, down: true });
    const down = await failure(c.getCustomerLookups());
    expect(down.kind).toBe('connectivity');
    expect(down.message).toMatch(/connection refused/);
    await sandbox.setFaults({ down: false });
    expect((await c.getCustomerLookups()).customerTypes.length).toBe(2);
  });

  it('a SOAP Client fault with HTTP 500 is refused data (not retried); a Fault inside an OperationResponse too', async () => {
    const soapFault = await startFixedServer(() => ({
      status: 500,
      xml: '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault><faultcode>s:Client</faultcode><faultstring>Server was unable to read request.</faultstring></s:Fault></s:Body></s:Envelope>',
    }));
    const inner = await startFixedServer(() => ({
      xml: '<Envelope><Body><ProcessOperationsResult><Response><OperationResponse><Fault><Reason>Enquiry locked</Reason></Fault></OperationResponse></Response></ProcessOperationsResult></Body></Envelope>',
    }));
    extra.push(soapFault, inner);
    const a = await failure(createConfirmClient(settingsFor(soapFault.url!)).getCustomerLookups());
    expect(a).toMatchObject({ kind: 'validation', message: 'Get customer lookups: Confirm refused the request as malformed ("Server was unable to read request.")' });
    const b = await failure(createConfirmClient(settingsFor(inner.url!)).getCustomerLookups());
    expect(b).toMatchObject({ kind: 'validation', message: 'Get customer lookups: Confirm said "Enquiry locked"' });
  });

  it('a failed connection test names Confirm and its address, not the operation, and keeps the rest for the details', async () => {
    const auth = await failure(clientFor(sandbox, { password: 'wrong' }).testConnection());
    const host = new URL(sandbox.url!).host;
    expect(auth.kind).toBe('auth');
    expect(auth.message).toBe(`Confirm at ${host} refused the sign-in: check the username, password and Tenant ID, or whether the account is locked`);
    expect(auth.extra.details).toContain('Get customer lookups: Confirm refused the sign-in ("Error calling method of a PBNI object")');
    await sandbox.setFaults({ down: true });
    try {
      const refused = await failure(clientFor(sandbox).testConnection());
      expect(refused.kind).toBe('connectivity');
      expect(refused.message).toBe(`Confirm at ${host}: connection refused (ECONNREFUSED)`);
      expect(refused.extra.details).toMatch(/^Get customer lookups: connection refused/);
    } finally {
      await sandbox.setFaults({ down: false });
    }
  });

  it('several faults in one answer are one failure naming each reason', async () => {
    const two = await startFixedServer(() => ({
      xml: `<Envelope><Body><ProcessOperationsResult><Response><Fault><Reason>first</Reason></Fault><Fault><Reason>second</Reason></Fault></Response></ProcessOperationsResult></Body></Envelope>`,
    }));
    extra.push(two);
    const err = await failure(createConfirmClient(settingsFor(two.url!)).getCustomerLookups());
    expect(err.message).toBe('Get customer lookups: Confirm said "first; second"');
  });

  it('a batch answered with fewer enquiries than asked is an invalid result', async () => {
    const short = await startFixedServer(() => ({ xml: processOperationsResponse({ operations: [el('GetEnquiryResponse', [el('Enquiry', [el('EnquiryNumber', '1')])])] }) }));
    extra.push(short);
    const err = await failure(createConfirmClient(settingsFor(short.url!)).getEnquiries(['1', '2']));
    expect(err.message).toBe('Get enquiries 1, 2: Confirm answered 1 of 2 enquiries');
  });
});

describe('lookups cache', () => {
  it('within the window a second lookup makes no request; after it, one', async () => {
    let now = Date.parse('2026-07-01T12:00:00Z');
    const c = clientFor(sandbox, { cacheLookupsSeconds: 60 }, { now: () => now });
    await c.getEnquiryLookups();
    await c.getEnquiryLookups();
    now += 59_000;
    await c.getEnquiryLookups();
    expect(sandbox.operationCount('GetEnquiryLookups')).toBe(1);
    now += 2_000;
    await c.getEnquiryLookups();
    expect(sandbox.operationCount('GetEnquiryLookups')).toBe(2);
    // Customer lookups are cached apart.
    await c.getCustomerLookups();
    await c.getCustomerLookups();
    expect(sandbox.operationCount('GetCustomerLookups')).toBe(1);
  });

  it('caches nothing when the setting is empty, and nothing that failed', async () => {
    const c = clientFor(sandbox, { cacheLookupsSeconds: null });
    await c.getEnquiryLookups();
    await c.getEnquiryLookups();
    expect(sandbox.operationCount('GetEnquiryLookups')).toBe(2);
    const cached = clientFor(sandbox, { cacheLookupsSeconds: 600 });
    await sandbox.setFaults({ down: true });
    await failure(cached.getEnquiryLookups());
    await sandbox.setFaults({ down: false });
    await cached.getEnquiryLookups();
    await cached.getEnquiryLookups();
    expect(sandbox.operationCount('GetEnquiryLookups')).toBe(3);
  });

  it('shares one request between concurrent callers', async () => {
    const c = clientFor(sandbox, { cacheLookupsSeconds: 60 });
    await Promise.all([c.getEnquiryLookups(), c.getEnquiryLookups(), c.getEnquiryLookups()]);
    expect(sandbox.operationCount('GetEnquiryLookups')).toBe(1);
  });
});

describe('ConfirmWeb upload', () => {
  it('signs in once, caches the token until it expires, and sends it in the AccessToken header', async () => {
    let now = Date.parse('2026-07-01T12:00:00Z');
    sandbox.now = () => now;
    const c = clientFor(sandbox, {}, { now: () => now });
    const data = Buffer.from([0, 1, 2, 250, 255]);
    await c.uploadDocument({ enquiryNumber: '000123', documentName: 'photo.jpg', documentNotes: 'Photo of the hole', data });
    await c.uploadDocument({ enquiryNumber: '000123', documentName: 'second.pdf', documentNotes: '', data: Buffer.from('pdf') });
    expect(sandbox.tokensIssued).toBe(1);
    expect(sandbox.uploads[0]).toEqual({ enquiryNumber: '000123', documentName: 'photo.jpg', documentNotes: 'Photo of the hole', bytes: data });
    now += 3_600_000;
    await c.uploadDocument({ enquiryNumber: '000123', documentName: 'third.txt', documentNotes: '', data: Buffer.from('x') });
    expect(sandbox.tokensIssued).toBe(2);
    expect(sandbox.uploads).toHaveLength(3);
  });

  it('the simulator refuses a Bearer header: only AccessToken counts', async () => {
    const token = await fetch(`${sandbox.url}/confirmweb/SANDBOX/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${SANDBOX_CREDENTIALS.username}:${SANDBOX_CREDENTIALS.password}`).toString('base64')}` },
      body: 'grant_type=client_credentials',
    }).then((r) => r.json() as Promise<{ access_token: string }>);
    const body = JSON.stringify({ enquiryNumber: '000123', centralDocLinks: [{ documentName: 'a', documentNotes: '', blobData: 'AA==' }] });
    const decoded = Buffer.from(token.access_token, 'base64').toString('utf8');
    const bearer = await fetch(`${sandbox.url}/confirmweb/SANDBOX/centralEnquiries`, { method: 'POST', headers: { authorization: `Bearer ${decoded}` }, body });
    expect(bearer.status).toBe(401);
    const right = await fetch(`${sandbox.url}/confirmweb/SANDBOX/centralEnquiries`, { method: 'POST', headers: { accesstoken: decoded }, body });
    expect(right.status).toBe(200);
  });

  it('renews once when ConfirmWeb forgets its tokens, and a refused sign-in is an auth failure', async () => {
    const c = clientFor(sandbox);
    await c.uploadDocument({ enquiryNumber: '000123', documentName: 'a.txt', documentNotes: '', data: Buffer.from('a') });
    sandbox.revokeWebTokens();
    await c.uploadDocument({ enquiryNumber: '000123', documentName: 'b.txt', documentNotes: '', data: Buffer.from('b') });
    expect(sandbox.tokensIssued).toBe(2);
    const wrong = await failure(clientFor(sandbox, { password: 'nope' }).uploadDocument({ enquiryNumber: '000123', documentName: 'c', documentNotes: '', data: Buffer.from('c') }));
    expect(wrong.kind).toBe('auth');
    expect(wrong.message).toBe('ConfirmWeb refused the sign-in (HTTP 401): check the username, password and Tenant ID');
  });

  it('an upload to an unknown enquiry is refused as validation, without the file in the details', async () => {
    const err = await failure(clientFor(sandbox).uploadDocument({ enquiryNumber: '999', documentName: 'a', documentNotes: '', data: Buffer.from('secret file body') }));
    expect(err.kind).toBe('validation');
    expect(err.message).toBe('Upload a to enquiry 999: ConfirmWeb answered HTTP 400');
    expect(err.extra.details).not.toContain(Buffer.from('secret file body').toString('base64'));
  });

  it('without a ConfirmWeb base url an upload says so', async () => {
    const err = await failure(clientFor(sandbox, { confirmWebBaseUrl: '' }).uploadDocument({ enquiryNumber: '000123', documentName: 'a', documentNotes: '', data: Buffer.from('a') }));
    expect(err.message).toBe('ConfirmWeb is not configured: set the ConfirmWeb base url to upload files');
  });
});

describe('test connection', () => {
  it('works with the settings sandbox mode gives a connection', async () => {
    const { values, secrets } = confirmSandboxConnectionValues(sandbox.url!);
    const c = createConfirmClient(confirmSettingsOf({ ...values, ...secrets }));
    expect(await c.testConnection()).toMatch(/^Connected to Confirm at /);
  });

  it('proves the credentials with a cheap call and ConfirmWeb when set, in words', async () => {
    const msg = await clientFor(sandbox).testConnection();
    expect(msg).toBe(`Connected to Confirm at ${new URL(sandbox.url!).host} (tenant SANDBOX) as syncdesk: 3 enquiry methods, 2 customer types, 2 points of contact; ConfirmWeb signed in.`);
    expect((await failure(clientFor(sandbox, { password: 'bad' }).testConnection())).kind).toBe('auth');
  });
});
