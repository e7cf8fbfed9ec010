import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../src-main/engine/redactor';

describe('redactor', () => {
  it('masks credential-shaped text in headers, JSON, forms and XML, whatever the case', () => {
    const r = createRedactor();
    expect(r.redact('Authorization: Bearer eyJabc.def')).toBe('Authorization: Bearer ***');
    expect(r.redact('AUTHORIZATION=basic dXNlcjpwYXNz, next')).toBe('AUTHORIZATION=basic ***, next');
    expect(r.redact('{"password":"hunter22","user":"ann"}')).toBe('{"password":"***","user":"ann"}');
    expect(r.redact('grant_type=password&client_secret=s3cr3t&passwd=x1')).toBe('grant_type=password&client_secret=***&passwd=***');
    expect(r.redact('Refresh_Token: abc123 Api-Key=k-9')).toBe('Refresh_Token: *** Api-Key=***');
    expect(r.redact('<ns:Password>pa55</ns:Password><Token>t0k</Token>')).toBe('<ns:Password>***</ns:Password><Token>***</Token>');
    expect(r.redact('accessToken : abc.def.ghi')).toBe('accessToken : ***');
  });

  it('masks remembered secrets wherever they appear, and leaves text with nothing to mask as it is', () => {
    const r = createRedactor();
    r.remember('Zq9-very-secret');
    r.remember('abc');
    expect(r.redact('failed with Zq9-very-secret twice: Zq9-very-secret')).toBe('failed with *** twice: ***');
    // Shorter than four characters: too likely to be ordinary text.
    expect(r.redact('abc sent to erp: ok')).toBe('abc sent to erp: ok');
    const plain = 'push:alpha 12 sent to cerm: timeout waiting for answer';
    expect(r.redact(plain)).toBe(plain);
  });
});
