import { describe, expect, it } from 'vitest';
import { CONFIRM_DEFAULTS, CONFIRM_FIELDS, CONFIRM_SECRET_FIELDS, confirmSettingsSchema } from '../../../src-main/connectors/confirm/settings';

const base = { endpoint: 'https://confirm.example.gov.uk/CRMConnector', username: 'cxm', password: 'p', tenantId: 'LIVE' };

describe('Confirm settings', () => {
  it('has one field with one-line help for every General setting of the reference, the password a secret', () => {
    expect(CONFIRM_FIELDS.map((f) => f.key)).toEqual([
      'enabled',
      'endpoint',
      'username',
      'password',
      'tenantId',
      'cacheLookupsSeconds',
      'externalSystemNumber',
      'timezone',
      'setLoggedTime',
      'confirmWebBaseUrl',
      'timeoutMs',
    ]);
    for (const f of CONFIRM_FIELDS) {
      expect(f.help.length).toBeGreaterThan(10);
      expect(f.help).not.toContain('\n');
    }
    expect(CONFIRM_SECRET_FIELDS).toEqual(['password']);
    expect(CONFIRM_FIELDS.find((f) => f.key === 'password')!.kind).toBe('secret');
    expect(CONFIRM_FIELDS.find((f) => f.key === 'timezone')!.options).toContainEqual({ value: 'Europe/London', label: expect.stringMatching(/^Europe\/London \(UTC[+-]\d{2}:\d{2} now\)$/) });
    expect(Object.keys(CONFIRM_DEFAULTS)).not.toContain('password');
  });

  it('fills defaults and normalises the ConfirmWeb base url to end with a slash', () => {
    const s = confirmSettingsSchema.parse({ ...base, confirmWebBaseUrl: 'https://confirmweb.example/api' });
    expect(s).toMatchObject({ enabled: true, cacheLookupsSeconds: 0, timezone: 'Europe/London', setLoggedTime: false, externalSystemNumber: null, timeoutMs: 120_000 });
    expect(s.confirmWebBaseUrl).toBe('https://confirmweb.example/api/');
    expect(confirmSettingsSchema.parse({ ...base, confirmWebBaseUrl: '' }).confirmWebBaseUrl).toBeNull();
    expect(confirmSettingsSchema.parse({ ...base, externalSystemNumber: ' 007 ' }).externalSystemNumber).toBe('007');
  });

  it('refuses a zone that is not IANA, a missing credential, a negative cache time and a non-http endpoint', () => {
    const fails = (v: Record<string, unknown>) => confirmSettingsSchema.safeParse({ ...base, ...v }).error?.issues[0]?.message;
    expect(fails({ timezone: 'GMT+1' })).toBe('the timezone must be an IANA zone name such as Europe/London');
    expect(fails({ timezone: 'America/Argentina/Buenos_Aires' })).toBeUndefined();
    expect(fails({ password: '' })).toBe('the password is required');
    expect(fails({ tenantId: ' ' })).toBe('the Tenant ID (Database ID) is required');
    expect(fails({ cacheLookupsSeconds: -1 })).toBe('the lookup cache time cannot be negative');
    expect(fails({ endpoint: 'ftp://x' })).toBe('the endpoint must be an http(s) URL');
  });
});
