import { describe, expect, it } from 'vitest';
import { FieldSpec } from '../../../src-preload/contract';
import {
  ACCOUNTING_DEFAULTS,
  ACCOUNTING_FIELDS,
  ACCOUNTING_SECRET_FIELDS,
  accountingSettingsSchema,
  sessionUuidProblem,
} from '../../../src-main/connectors/accounting/settings';
import { SANDBOX_CREDENTIALS, SANDBOX_PATHS } from '../../../src-main/connectors/accounting/sandbox';

const base = { apiUrl: 'https://api.example.com', licenseUuid: SANDBOX_CREDENTIALS.licenseUuid, sessionUuid: SANDBOX_CREDENTIALS.sessionUuid };

describe('accounting settings', () => {
  it('fills the defaults of the reference: Show on Web Value True, Send Emails off, a password in the email', () => {
    const s = accountingSettingsSchema.parse(base);
    expect(s).toMatchObject({
      apiUrl: 'https://api.example.com/',
      showOnWebField: '',
      showOnWebValue: 'True',
      sendEmails: false,
      welcomeEmailMode: 'password',
      setPasswordLinkHours: 72,
      websiteUrl: '',
      licenseHeader: 'licenseuuid',
      sessionHeader: 'sessionuuid',
      pageSize: 500,
      timeoutMs: 30_000,
    });
  });

  it("defaults the paths to the simulator's", () => {
    const s = accountingSettingsSchema.parse(base);
    expect(`/${s.customFieldsPath}`).toBe(SANDBOX_PATHS.customFields);
    expect(`/${s.customersPath}`).toBe(SANDBOX_PATHS.customers);
    expect(`/${s.customerSyncPath}`).toBe(SANDBOX_PATHS.customerSync);
  });

  it('refuses what cannot work, saying which field', () => {
    const issues = (v: Record<string, unknown>) => accountingSettingsSchema.safeParse({ ...base, ...v }).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
    expect(issues({ apiUrl: 'ftp://x' })[0]).toMatch(/^apiUrl: the API address must be an http\(s\) URL/);
    expect(issues({ licenseUuid: 'abc' })[0]).toMatch(/^licenseUuid: the license UUID must be a UUID/);
    expect(issues({ sendEmails: true })).toEqual(['websiteUrl: the website address is needed when Send Emails is on: the welcome email links to it']);
    expect(issues({ sendEmails: true, websiteUrl: 'https://shop.example/' })).toEqual([]);
    expect(issues({ welcomeEmailMode: 'sms' })[0]).toMatch(/^welcomeEmailMode/);
    expect(issues({ pageSize: 5000 })[0]).toMatch(/^pageSize/);
  });

  it('keeps the session UUID in the keychain, its shape checked by the client (the core probes secrets with a placeholder)', () => {
    expect(ACCOUNTING_SECRET_FIELDS).toEqual(['sessionUuid']);
    expect(accountingSettingsSchema.safeParse({ ...base, sessionUuid: 'x' }).success).toBe(true);
    expect(sessionUuidProblem('x')).toMatch(/must be a UUID/);
    expect(sessionUuidProblem(SANDBOX_CREDENTIALS.sessionUuid)).toBeNull();
  });

  it('describes every setting for the Connections screen, with the reference advice on Send Emails', () => {
    for (const f of ACCOUNTING_FIELDS) expect(FieldSpec.safeParse(f).success).toBe(true);
    const keys = Object.keys(accountingSettingsSchema.parse(base));
    expect(ACCOUNTING_FIELDS.map((f) => f.key).sort()).toEqual(keys.sort());
    for (const k of Object.keys(ACCOUNTING_DEFAULTS)) expect(keys).toContain(k);
    expect(ACCOUNTING_FIELDS.find((f) => f.key === 'sessionUuid')!.kind).toBe('secret');
    expect(ACCOUNTING_FIELDS.find((f) => f.key === 'sendEmails')!.help).toMatch(/Test the import with this set to No first/);
    expect(ACCOUNTING_FIELDS.find((f) => f.key === 'showOnWebField')!.help).toMatch(/Checkbox Field 1 is the first checkbox/);
  });
});
