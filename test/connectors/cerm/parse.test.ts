import { fieldMessage, issueViews } from '../../../src-preload/contract';
import { describe, expect, it } from 'vitest';
import { addressesOf, customersOf, errorMessageOf, itemOf, parseJsonText, tokenOf } from '../../../src-main/connectors/cerm/parse';
import { cermSettingsSchema } from '../../../src-main/connectors/cerm/settings';

const WHAT = 'CERM customer list page 2';

describe('CERM wire parsing', () => {
  it('reads customers, keeping identifiers as text and empty fields as null', () => {
    const { records, total } = customersOf({ Data: [{ Id: '000123', Name: 'Acme NV', CostCode: '', Email: null, PhoneNumber: 4711 }, { Id: 77, Name: 'Beta BV' }], TotalCount: 2 }, WHAT);
    expect(total).toBe(2);
    expect(records[0]).toMatchObject({ cermId: '000123', name: 'Acme NV', costCode: null, email: null, phone: '4711', externalReference: null });
    expect(records[1]!.cermId).toBe('77');
  });

  it('names the page, the record and the field when something is off', () => {
    expect(() => customersOf({ Data: [{ Id: '1', Name: 'ok' }, { Name: 'no id' }] }, WHAT)).toThrow('CERM customer list page 2, record 2: Id is missing');
    expect(() => customersOf({ Data: [{ Id: '1', Name: { first: 'x' } }] }, WHAT)).toThrow('CERM customer list page 2, record 1: Name is not text (object)');
    expect(() => customersOf({ Data: [{ Id: '1' }] }, WHAT)).toThrow('record 1: Name is missing');
    expect(() => customersOf({ Data: [1] }, WHAT)).toThrow('record 1: not an object');
    expect(() => customersOf({ Items: [] }, WHAT)).toThrow(`${WHAT}: the answer has no "Data" field`);
    expect(() => customersOf({ Data: {} }, WHAT)).toThrow(`${WHAT}: "Data" is not a list`);
    expect(() => parseJsonText('{"Data": [', WHAT)).toThrow(/^CERM customer list page 2 is not valid JSON/);
    expect(() => itemOf({ Data: [] }, 'create')).toThrow('create: the answer has no "Data" object');
  });

  it('reads addresses: kind from the delivery and invoice flags, Active false as a removal, the change time as sent', () => {
    const base = { CustomerId: '000001', LastModified: '2025-03-01T10:00:00.123Z' };
    const { records } = addressesOf(
      {
        Data: [
          { ...base, Id: 'A1', IsDeliveryAddress: true, IsInvoiceAddress: true, Street: 'Kerkstraat' },
          { ...base, Id: 'A2', IsDeliveryAddress: true },
          { ...base, Id: 'A3', IsInvoiceAddress: true, Active: false },
          { ...base, Id: 'A4' },
        ],
      },
      'feed',
    );
    expect(records.map((r) => [r.id, r.fields.kind, r.active])).toEqual([
      ['A1', 'both', true],
      ['A2', 'delivery', true],
      ['A3', 'invoice', false],
      ['A4', 'other', true],
    ]);
    expect(records[0]!.modified).toBe('2025-03-01T10:00:00.123Z');
    expect(() => addressesOf({ Data: [{ ...base, Id: 'A5', LastModified: 'yesterday' }] }, 'feed')).toThrow('feed, record 1: LastModified is not a date-time ("yesterday")');
    expect(() => addressesOf({ Data: [{ ...base, Id: 'A6', Active: 'no' }] }, 'feed')).toThrow('feed, record 1: Active is not true or false ("no")');
  });

  it('reads the OAuth token answer and CERM error bodies', () => {
    expect(tokenOf({ access_token: 'abc', token_type: 'bearer', expires_in: 3599, refresh_token: 'r' })).toEqual({ accessToken: 'abc', refreshToken: 'r', expiresInSec: 3599 });
    expect(() => tokenOf({ token_type: 'bearer' })).toThrow('the token answer: access_token is missing');
    expect(() => tokenOf({ access_token: 'abc', token_type: 'mac' })).toThrow('token_type is "mac", not bearer');
    expect(errorMessageOf('{"status": 500, "message": "Internal Server Error"}')).toBe('Internal Server Error');
    expect(errorMessageOf('{"error": "invalid_grant", "error_description": "The user name or password is incorrect."}')).toBe('The user name or password is incorrect.');
    expect(errorMessageOf('<html>Bad gateway</html>')).toBeNull();
  });

  it('settings: the endpoint must be http(s) and gets a trailing slash; paths lose a leading one', () => {
    const ok = cermSettingsSchema.parse({ apiUrl: 'https://acme-api.cerm.be', clientId: 'c', clientSecret: 's', username: 'u', password: 'p', customersPath: '/custom/customers' });
    expect(ok).toMatchObject({ apiUrl: 'https://acme-api.cerm.be/', customersPath: 'custom/customers', pageSize: 500, syncAddresses: true, autoCreateCustomers: false, costCodeLabel: 'Cost code' });
    const bad = cermSettingsSchema.safeParse({ apiUrl: 'ftp://acme', clientId: 'c', clientSecret: 's', username: 'u', password: 'p' });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.message).toMatch(/http\(s\) URL/);
  });

  it('settings: the cost code label is a few plain words, since it shows as a field label and a column header', () => {
    const base = { apiUrl: 'https://acme-api.cerm.be', clientId: 'c', clientSecret: 's', username: 'u', password: 'p' };
    for (const label of ['PO number', 'Cost centre (dept.)', 'Kostenplaats', 'Budget #']) expect(cermSettingsSchema.parse({ ...base, costCodeLabel: label }).costCodeLabel).toBe(label);
    for (const label of ['bad value !! %% <x>', '<b>Cost</b>', 'x'.repeat(41), '!!!']) {
      const refused = cermSettingsSchema.safeParse({ ...base, costCodeLabel: label });
      expect(refused.success, label).toBe(false);
      expect(refused.error!.issues[0]!.path).toEqual(['costCodeLabel']);
    }
    const why = cermSettingsSchema.safeParse({ ...base, costCodeLabel: 'bad value !! %% <x>' });
    expect(fieldMessage(issueViews(why.error!)[0]!, 'Cost code label')).toBe(
      "Cost code label: use a label of letters, digits and spaces (and . , ' ( ) / & # -), such as PO number: it shows on the registration form and as a column header.",
    );
  });
});
