import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CrmAgentError, parseCrmAgentPush } from '../../../src-main/connectors/confirm/crm-agent';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/confirm/crm-agent/${name}`, import.meta.url), 'utf8');
const XML = { 'content-type': 'text/xml' };

function refused(body: string, headers: Record<string, string> = XML, opts = {}): CrmAgentError {
  try {
    parseCrmAgentPush(body, headers, opts);
  } catch (err) {
    expect(err).toBeInstanceOf(CrmAgentError);
    return err as CrmAgentError;
  }
  throw new Error('the push was accepted');
}

describe('CRM Agent push parser (fixtures are assumptions: no public sample exists)', () => {
  it('reads a plain push with every field, keeping 000123 as text', () => {
    expect(parseCrmAgentPush(fixture('plain.xml'), XML)).toEqual({
      enquiryNumber: '000123',
      enquiryLogNumber: '3',
      enquiryStatusCode: '0900',
      loggedTime: '2026-07-01T13:00:05+01:00',
      logEffectiveTime: '2026-07-01T13:00:00+01:00',
      statusLogNotes: 'Repaired & signed off',
      externalSystemNumber: '7',
      externalSystemReference: 'case-42',
      serviceCode: 'HW',
      subjectCode: 'PH',
      dedupeKey: '000123/3',
    });
  });

  it('reads a SOAP-wrapped push with prefixed names under another root, missing optional fields as null', () => {
    const u = parseCrmAgentPush(fixture('soap-namespaced.xml'), { 'Content-Type': 'application/xml; charset=utf-8' });
    expect(u).toMatchObject({ enquiryNumber: '1001', enquiryLogNumber: '2', enquiryStatusCode: '0200', loggedTime: '2026-03-29T02:30:00+01:00', statusLogNotes: null, serviceCode: null, dedupeKey: '1001/2' });
  });

  it('reads fields sent as attributes', () => {
    expect(parseCrmAgentPush(Buffer.from(fixture('attributes.xml')), XML)).toMatchObject({ enquiryNumber: '1002', enquiryLogNumber: '5', enquiryStatusCode: '0300' });
  });

  it('takes the outermost value when a name repeats deeper down', () => {
    const u = parseCrmAgentPush('<X><EnquiryNumber>5</EnquiryNumber><History><Enquiry><EnquiryNumber>4</EnquiryNumber></Enquiry></History></X>', XML);
    expect(u.enquiryNumber).toBe('5');
    expect(u.dedupeKey).toBe('5/');
  });

  it('says clearly when the EnquiryNumber is missing (422)', () => {
    const e = refused(fixture('no-enquiry-number.xml'));
    expect(e.status).toBe(422);
    expect(e.message).toBe('the CRM Agent push has no EnquiryNumber, so it cannot be matched to a case');
  });

  it('accepts the XML media types only (415)', () => {
    for (const type of ['application/json', 'text/plain', '']) {
      const e = refused(fixture('plain.xml'), type ? { 'content-type': type } : {});
      expect(e.status).toBe(415);
      expect(e.kind).toBe('unsupported_media_type');
    }
  });

  it('caps the size (413) before reading', () => {
    const e = refused(`<a><EnquiryNumber>1</EnquiryNumber>${' '.repeat(300 * 1024)}</a>`);
    expect(e.status).toBe(413);
    expect(refused('<a><EnquiryNumber>1</EnquiryNumber></a>', XML, { maxBytes: 10 }).status).toBe(413);
  });

  it('refuses DOCTYPE, entity expansion and deep nesting (400), and malformed XML', () => {
    const bomb = '<!DOCTYPE a [<!ENTITY x "xxxxxxxxxx"><!ENTITY y "&x;&x;&x;&x;&x;">]><a><EnquiryNumber>&y;</EnquiryNumber></a>';
    expect(refused(bomb)).toMatchObject({ status: 400, kind: 'refused' });
    const t = performance.now();
    const deep = refused('<a>'.repeat(10_000) + '</a>'.repeat(10_000));
    expect(deep).toMatchObject({ status: 400, kind: 'refused' });
    expect(deep.message).toMatch(/deeper than 32 levels/);
    expect(performance.now() - t).toBeLessThan(500);
    expect(refused('<a><EnquiryNumber>1</a>')).toMatchObject({ status: 400, kind: 'invalid' });
  });
});
