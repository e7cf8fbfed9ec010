import { describe, expect, it } from 'vitest';
import { CONFIRM_NS, faultError, isLoggedDateOrderFault, processOperationsRequest, readProcessOperationsRequest } from '../../../src-main/connectors/confirm/soap';
import { el, readXml } from '../../../src-main/connectors/confirm/xml';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { settingsFor } from './confirm-harness';
import { createConfirmClient } from '../../../src-main/connectors/confirm/client';
import { processOperationsResponse } from '../../../src-main/connectors/confirm/soap';

describe('the ProcessOperationsRequest envelope', () => {
  it('carries the authentication in the body, escaped, then one Operation per operation', () => {
    const xml = processOperationsRequest({ username: 'u', password: 'p<&>"', databaseId: '000123' }, [el('GetEnquiry', [el('EnquiryNumber', '1')]), el('GetEnquiry', [el('EnquiryNumber', '2')])]);
    expect(xml).toContain(`<ProcessOperationsRequest xmlns="${CONFIRM_NS}"><Request><Authentication><Username>u</Username><Password>p&lt;&amp;&gt;&quot;</Password><DatabaseId>000123</DatabaseId></Authentication><Operation><GetEnquiry>`);
    const back = readProcessOperationsRequest(xml);
    expect(back.auth).toEqual({ username: 'u', password: 'p<&>"', databaseId: '000123' });
    expect(back.operations.map((o) => [o.name, o.body.EnquiryNumber])).toEqual([
      ['GetEnquiry', '1'],
      ['GetEnquiry', '2'],
    ]);
    const doc = readXml(xml);
    expect(Object.keys(doc)).toEqual(['Envelope']);
  });

  it('is posted as text/xml with the ProcessOperations SOAPAction, nothing in an Authorization header', async () => {
    let headers: IncomingHttpHeaders = {};
    const raw = createServer((req, res) => {
      headers = req.headers;
      req.resume();
      res.writeHead(200, { 'content-type': 'text/xml' }).end(processOperationsResponse({ operations: [el('GetCustomerLookupsResponse')] }));
    });
    await new Promise<void>((r) => raw.listen(0, '127.0.0.1', r));
    try {
      await createConfirmClient(settingsFor(`http://127.0.0.1:${(raw.address() as { port: number }).port}`)).getCustomerLookups();
    } finally {
      await new Promise((r) => raw.close(r));
    }
    expect(headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(headers.soapaction).toBe('"http://www.confirm.co.uk/schema/am/connector/webservice/ProcessOperations"');
    expect(headers.authorization).toBeUndefined();
  });
});

describe('fault classification', () => {
  it('maps the PBNI fault to auth, the 1002 fault to a marked validation, anything else to validation', () => {
    expect(faultError('Error calling method of a PBNI object', 'x')).toMatchObject({ kind: 'auth', extra: { code: 'BAD_PASSWORD' } });
    const order = faultError('Validate enquiry update.1002.Logged Date 25/10/2026 01:30:00 must be greater than the Effective Date of current status log', 'x');
    expect(order.kind).toBe('validation');
    expect(isLoggedDateOrderFault(order)).toBe(true);
    const other = faultError('Validate enquiry update.Enquiry 9 does not exist', 'x');
    expect(other.kind).toBe('validation');
    expect(isLoggedDateOrderFault(other)).toBe(false);
    expect(other.retryable).toBe(false);
  });
});
