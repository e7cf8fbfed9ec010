import { createServer, type Server } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConfirmSandbox } from '../../../src-main/connectors/confirm/sandbox';
import { SANDBOX_CREDENTIALS, SANDBOX_PATHS } from '../../../src-main/connectors/confirm/sandbox';
import { processOperationsRequest, readOperationResponses } from '../../../src-main/connectors/confirm/soap';
import { el, type XmlElement } from '../../../src-main/connectors/confirm/xml';
import { parseCrmAgentPush, type CrmAgentUpdate } from '../../../src-main/connectors/confirm/crm-agent';
import { RemoteError } from '../../../src-main/engine/remote-error';
import { clientFor, startConfirmSandbox } from './confirm-harness';

let sandbox: ConfirmSandbox;
beforeEach(async () => {
  sandbox = await startConfirmSandbox();
});
afterEach(async () => {
  await sandbox.stop();
});

/** Sends operations as written (no client-side truncation or omission): the fault reason, or null when accepted. */
async function send(...ops: XmlElement[]): Promise<string | null> {
  const res = await fetch(`${sandbox.url}${SANDBOX_PATHS.connector}`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset=utf-8' },
    body: processOperationsRequest({ username: SANDBOX_CREDENTIALS.username, password: SANDBOX_CREDENTIALS.password, databaseId: SANDBOX_CREDENTIALS.tenantId }, ops),
  });
  expect(res.status).toBe(200);
  try {
    readOperationResponses(await res.text(), 'test');
    return null;
  } catch (err) {
    if (!(err instanceof RemoteError)) throw err;
    return err.message.replace(/^test: Confirm said "|"$/g, '');
  }
}

type Parts = (XmlElement | null | false)[];
const newEnquiry = (...parts: Parts) => el('NewEnquiry', [el('EnquiryNumber', '1'), ...parts]);
const attr = (code: string, kind: string, value: string) => el('EnquiryAttribute', [el('EnqAttribTypeCode', code), el(kind, value)]);
const depth = attr('DEPT', 'EnqAttribStringValue', '40');
const pothole = (...parts: Parts) => newEnquiry(el('ServiceCode', 'HW'), el('SubjectCode', 'PH'), depth, ...parts);
const customer = (fields: Record<string, string>) => el('EnquiryCustomer', Object.entries(fields).map(([k, v]) => el(k, v)));
const fullCustomer = { CustomerSurname: 'Smith', CustomerTypeCode: 'PUB', PointOfContactCode: 'CC', EnquiryMethodCode: 'TEL' };

describe('Confirm simulator: validation answered as Confirm answers, each rule both ways', () => {
  it('service and subject codes: required, known, and the subject belonging to the service', async () => {
    expect(await send(newEnquiry(el('SubjectCode', 'PH')))).toBe('Validate new enquiry.Service code is required');
    expect(await send(newEnquiry(el('ServiceCode', 'HW')))).toBe('Validate new enquiry.Subject code is required');
    expect(await send(newEnquiry(el('ServiceCode', 'XX'), el('SubjectCode', 'PH')))).toBe('Validate new enquiry.Service code XX does not exist');
    expect(await send(newEnquiry(el('ServiceCode', 'WS'), el('SubjectCode', 'PH')))).toBe('Validate new enquiry.Subject code PH does not exist for service WS');
    expect(await send(newEnquiry(el('ServiceCode', '0042'), el('SubjectCode', '001')))).toBeNull();
    expect(await send(newEnquiry(el('ServiceCode', '42'), el('SubjectCode', '001')))).toBe('Validate new enquiry.Service code 42 does not exist');
  });

  it('a mandatory attribute missing, and present', async () => {
    expect(await send(newEnquiry(el('ServiceCode', 'HW'), el('SubjectCode', 'PH')))).toBe('Validate new enquiry.Mandatory enquiry attribute DEPT (Depth (mm)) is missing');
    expect(await send(pothole())).toBeNull();
  });

  it('attribute types: unknown, not valid for the subject, and valid', async () => {
    expect(await send(pothole(attr('ZZZ', 'EnqAttribStringValue', 'x')))).toBe('Validate new enquiry.Enquiry attribute type ZZZ does not exist');
    expect(await send(pothole(attr('BINS', 'EnqAttribValueCode', 'GRN')))).toBe('Validate new enquiry.Enquiry attribute type BINS is not valid for this subject');
    expect(await send(pothole(attr('NOTE', 'EnqAttribStringValue', 'x')))).toBeNull();
  });

  it('attribute values: a pick list needs a known value code, a date type a date', async () => {
    expect(await send(pothole(attr('SIZE', 'EnqAttribValueCode', '7')))).toBe('Validate new enquiry.Enquiry attribute value 7 is not valid for SIZE');
    expect(await send(pothole(attr('SIZE', 'EnqAttribValueCode', '')))).toBe('Validate new enquiry.Enquiry attribute SIZE needs a value code');
    expect(await send(pothole(attr('SIZE', 'EnqAttribValueCode', '007')))).toBeNull();
    expect(await send(pothole(attr('SEEN', 'EnqAttribDateValue', 'yesterday')))).toBe('Validate new enquiry.Enquiry attribute SEEN needs a valid date value');
    expect(await send(pothole(attr('SEEN', 'EnqAttribDateValue', '2026-06-30T09:00:00+01:00')))).toBeNull();
  });

  it('field length limits: 2,000 for text, 50 for names, 20 for phones', async () => {
    expect(await send(pothole(el('EnquiryDescription', 'd'.repeat(2_001))))).toBe('Validate new enquiry.EnquiryDescription is longer than 2000 characters');
    expect(await send(pothole(el('EnquiryDescription', 'd'.repeat(2_000))))).toBeNull();
    expect(await send(pothole(el('ContactName', 'n'.repeat(51))))).toBe('Validate new enquiry.ContactName is longer than 50 characters');
    expect(await send(pothole(el('ContactName', 'n'.repeat(50))))).toBeNull();
    expect(await send(pothole(el('ContactPhone', '0'.repeat(21))))).toBe('Validate new enquiry.ContactPhone is longer than 20 characters');
    expect(await send(pothole(el('ContactPhone', '0'.repeat(20))))).toBeNull();
    expect(await send(pothole(customer({ ...fullCustomer, CustomerSurname: 's'.repeat(51) })))).toBe('Validate new enquiry.CustomerSurname is longer than 50 characters');
  });

  it('a customer needs a surname, a customer type, a point of contact and an enquiry method, each known', async () => {
    for (const missing of Object.keys(fullCustomer)) {
      const partial = Object.fromEntries(Object.entries(fullCustomer).filter(([k]) => k !== missing));
      expect(await send(pothole(customer(partial)))).toBe(`Validate new enquiry.Customer ${missing} is required`);
    }
    expect(await send(pothole(customer({ ...fullCustomer, CustomerTypeCode: 'XXX' })))).toBe('Validate new enquiry.Customer type XXX does not exist');
    expect(await send(pothole(customer({ ...fullCustomer, PointOfContactCode: '1' })))).toBe('Validate new enquiry.Point of contact 1 does not exist');
    expect(await send(pothole(customer({ ...fullCustomer, EnquiryMethodCode: 'FAX' })))).toBe('Validate new enquiry.Enquiry method FAX does not exist');
    expect(await send(pothole(customer(fullCustomer)))).toBeNull();
  });

  it('updates: the enquiry and status must exist and be active; logged time must follow the current status log', async () => {
    expect(await send(pothole(el('LoggedTime', '2026-07-01T10:00:00+01:00')))).toBeNull();
    const update = (...parts: Parts) => el('EnquiryUpdate', [el('EnquiryNumber', '1001'), ...parts]);
    expect(await send(el('EnquiryUpdate', [el('EnquiryNumber', '9999')]))).toBe('Validate enquiry update.Enquiry 9999 does not exist');
    expect(await send(update(el('EnquiryStatusCode', 'XX')))).toBe('Validate enquiry update.Enquiry status XX does not exist');
    expect(await send(update(el('EnquiryStatusCode', '0990')))).toBe('Validate enquiry update.Enquiry status 0990 is inactive');
    // 09:00 London summer time is 08:00 UTC: earlier than the 10:00 logged time, and so is 10:00 itself (not greater).
    expect(await send(update(el('LoggedTime', '2026-07-01T09:00:00+01:00')))).toBe(
      'Validate enquiry update.1002.Logged Date 01/07/2026 09:00:00 must be greater than the Effective Date of current status log',
    );
    expect(await send(update(el('LoggedTime', '2026-07-01T10:00:00')))).toMatch(/\.1002\.Logged Date 01\/07\/2026 10:00:00 must be greater/);
    expect(await send(update(el('LoggedTime', '2026-07-01T10:00:01+01:00'), el('EnquiryStatusCode', '0200')))).toBeNull();
    expect(sandbox.enquiries.get('1001')!.logs.map((l) => l.statusCode)).toEqual(['0100', '0200']);
  });

  it('one fault answers for the whole request: nothing of it is applied', async () => {
    expect(await send(pothole(), newEnquiry(el('ServiceCode', 'XX'), el('SubjectCode', 'PH')))).toBe('Validate new enquiry.Service code XX does not exist');
    expect(sandbox.enquiries.size).toBe(1);
  });

  it('wrong credentials get the PBNI fault; an unreadable request a SOAP Fault with HTTP 500', async () => {
    const c = clientFor(sandbox, { username: 'someone-else' });
    await expect(c.getCustomerLookups()).rejects.toMatchObject({ kind: 'auth' });
    const res = await fetch(`${sandbox.url}${SANDBOX_PATHS.connector}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: '<!DOCTYPE x><x/>' });
    expect(res.status).toBe(500);
    expect(await res.text()).toContain('<faultstring>the XML document contains a DOCTYPE');
  });

  it('issues enquiry numbers as text and counts them per external reference', async () => {
    const c = clientFor(sandbox);
    const a = await c.newEnquiry({ fields: { ServiceCode: 'HW', SubjectCode: 'SL', ExternalSystemReference: 'case-5' } });
    const b = await c.newEnquiry({ fields: { ServiceCode: 'HW', SubjectCode: 'SL', ExternalSystemReference: 'case-5' } });
    expect([a.enquiryNumber, b.enquiryNumber]).toEqual(['1001', '1002']);
    expect(sandbox.enquiriesByExternalReference.get('case-5')).toBe(2);
  });

  it('seeds the same lookups for the same seed', async () => {
    const other = await startConfirmSandbox(7);
    expect(other.lookups).toEqual(sandbox.lookups);
    await other.stop();
  });
});

describe('Confirm simulator: the CRM Agent push', () => {
  let receiver: Server;
  let received: { type: string; update: CrmAgentUpdate }[];

  beforeEach(async () => {
    received = [];
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ type: String(req.headers['content-type']), update: parseCrmAgentPush(Buffer.concat(chunks), req.headers) });
        res.writeHead(200, { 'content-type': 'text/xml' }).end('<ok/>');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  });
  afterEach(async () => {
    await new Promise((r) => receiver.close(r));
  });

  it('posts a status change made by a Confirm user as text/xml, readable by the tolerant parser', async () => {
    const c = clientFor(sandbox);
    const { enquiryNumber } = await c.newEnquiry({ fields: { ServiceCode: 'HW', SubjectCode: 'SL', ExternalSystemNumber: '7', ExternalSystemReference: 'case-77' } });
    sandbox.setEnquiryStatus(enquiryNumber, '0200');
    await sandbox.pushesSettled();
    expect(received).toHaveLength(0);

    sandbox.crmAgent.url = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/integration/confirm/crm-agent?key=k`;
    sandbox.now = () => Date.parse('2026-07-01T12:00:00Z');
    sandbox.setEnquiryStatus(enquiryNumber, '0900', 'Fixed & closed');
    await sandbox.pushesSettled();
    expect(received).toEqual([
      {
        type: 'text/xml',
        update: {
          enquiryNumber,
          enquiryLogNumber: '3',
          enquiryStatusCode: '0900',
          loggedTime: '2026-07-01T13:00:00+01:00',
          logEffectiveTime: '2026-07-01T13:00:00+01:00',
          statusLogNotes: 'Fixed & closed',
          externalSystemNumber: '7',
          externalSystemReference: 'case-77',
          serviceCode: 'HW',
          subjectCode: 'SL',
          dedupeKey: `${enquiryNumber}/3`,
        },
      },
    ]);
    expect(sandbox.pushes).toEqual([{ enquiryNumber, enquiryLogNumber: '3', status: 200, answer: '<ok/>', error: null }]);
  });

  it('records a push that could not be delivered', async () => {
    sandbox.crmAgent.url = 'http://127.0.0.1:1/nowhere';
    sandbox.setEnquiryStatus('000123', '0300');
    await sandbox.pushesSettled();
    expect(sandbox.pushes[0]).toMatchObject({ enquiryNumber: '000123', status: null });
    expect(sandbox.pushes[0]!.error).toBeTruthy();
  });

  it('refuses a status change to an unknown status or enquiry', () => {
    expect(() => sandbox.setEnquiryStatus('000123', 'NOPE')).toThrow('no Confirm status NOPE');
    expect(() => sandbox.setEnquiryStatus('42', '0200')).toThrow('no Confirm enquiry 42');
  });
});
