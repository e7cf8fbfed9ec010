import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { XmlRefused, buildXml, childText, children, el, escapeXml, readXml } from '../../../src-main/connectors/confirm/xml';
import { REPEATING, readOperationResponses } from '../../../src-main/connectors/confirm/soap';
import { RemoteError } from '../../../src-main/engine/remote-error';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/confirm/soap/${name}`, import.meta.url), 'utf8');

function refusal(text: string, opts = {}): { reason: string; message: string; ms: number } {
  const t = performance.now();
  try {
    readXml(text, opts);
  } catch (err) {
    expect(err).toBeInstanceOf(XmlRefused);
    return { reason: (err as XmlRefused).reason, message: (err as Error).message, ms: performance.now() - t };
  }
  throw new Error('the document was accepted');
}

describe('reading hostile XML', () => {
  it('refuses a DOCTYPE with entity expansion (billion laughs) before parsing, quickly', () => {
    const lol = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]><lolz>&lol9;</lolz>`;
    const r = refusal(lol);
    expect(r.reason).toBe('doctype');
    expect(r.message).toMatch(/DOCTYPE/);
    expect(r.ms).toBeLessThan(50);
  });

  it('refuses an external entity, and a lone ENTITY declaration however it is spelled', () => {
    expect(refusal('<!DOCTYPE a [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><a>&xxe;</a>').reason).toBe('doctype');
    expect(refusal('<a><!  doctype x></a>').reason).toBe('doctype');
    expect(refusal('<a><!ENTITY x "y"></a>').reason).toBe('doctype');
  });

  it('refuses 10,000 nested elements quickly with a clear error, not a stack overflow', () => {
    const deep = '<a>'.repeat(10_000) + 'x' + '</a>'.repeat(10_000);
    const r = refusal(deep);
    expect(r.reason).toBe('too_deep');
    expect(r.message).toBe('the XML document nests elements deeper than 64 levels');
    expect(r.ms).toBeLessThan(500);
  });

  it('refuses an oversized body before parsing it (bytes, not characters)', () => {
    const r = refusal(`<a>${'x'.repeat(2_000)}</a>`, { maxBytes: 1_000 });
    expect(r.reason).toBe('too_large');
    // 400 three-byte characters are 1,200 bytes: over a 1,000 byte cap although only 407 characters long.
    expect(refusal(`<a>${'€'.repeat(400)}</a>`, { maxBytes: 1_000 }).reason).toBe('too_large');
    expect(readXml(`<a>${'€'.repeat(300)}</a>`, { maxBytes: 1_000 })).toEqual({ a: '€'.repeat(300) });
  });

  it('refuses malformed documents with the place of the error', () => {
    expect(refusal('<a><b>1</c></a>').message).toMatch(/not well formed: .*closing tag.*line 1/);
    expect(refusal('<a><b>1</b>').reason).toBe('malformed');
    expect(refusal('').reason).toBe('malformed');
    expect(refusal('just text').reason).toBe('malformed');
  });

  it('refuses names that would pollute prototypes, and pollutes nothing', () => {
    expect(refusal('<a><__proto__><polluted>1</polluted></__proto__></a>').message).toMatch(/prototype pollution/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('accepts a byte order mark or blank lines before the declaration', () => {
    expect(readXml('\uFEFF\n  <?xml version="1.0"?><a>1</a>')).toEqual({ a: '1' });
  });

  it('decodes the predefined entities and character references once, and leaves unknown names alone', () => {
    const doc = readXml('<a><b>x &amp;lt; y &#60;&#x41; &lt;&gt;&quot;&apos; &nbsp; &#0;</b></a>');
    expect(doc).toEqual({ a: { b: 'x &lt; y <A <>"\' &nbsp; ' } });
  });
});

describe('identifiers and repeating elements', () => {
  it('keeps 000123, 1E5 and 0042 as text', () => {
    const ops = readOperationResponses(fixture('two-operation-responses.xml'), 'test');
    const e = children(ops[0]!.GetEnquiryResponse, 'Enquiry')[0];
    expect(childText(e, 'EnquiryNumber')).toBe('000123');
    expect(childText(e, 'ServiceCode')).toBe('0042');
    expect(childText(e, 'EnquiryX')).toBe('1E5');
  });

  it('reads one OperationResponse and several alike, as a list', () => {
    expect(readOperationResponses(fixture('one-operation-response.xml'), 'test')).toHaveLength(1);
    expect(readOperationResponses(fixture('two-operation-responses.xml'), 'test')).toHaveLength(2);
  });

  it('reads every repeating element as an array even when one came', () => {
    for (const name of ['OperationResponse', 'TypeOfService', 'EnquirySubject', 'SubjectAttribute', 'EnquiryStatusLog', 'UpdatedEnquiry', 'Fault']) {
      expect(REPEATING.has(name)).toBe(true);
      const doc = readXml(`<r><${name}><v>1</v></${name}></r>`, { arrays: REPEATING });
      expect(Array.isArray((doc.r as Record<string, unknown>)[name])).toBe(true);
    }
  });

  it('calls an answer without OperationResponse an invalid result', () => {
    let err: unknown;
    try {
      readOperationResponses(fixture('no-operation-response.xml'), 'Get enquiry 1');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RemoteError);
    expect((err as RemoteError).kind).toBe('validation');
    expect((err as Error).message).toBe("Get enquiry 1: Confirm's answer holds no OperationResponse (an invalid result)");
  });
});

describe('building XML', () => {
  const hostile = [']]>', '-->', '</EnquiryDescription><ServiceCode>EVIL</ServiceCode>', '&amp; &', '<b>bold</b>', `"quoted" and 'single'`, 'bell\u0007nul\u0000esc\u001b', 'line1\r\nline2\ttab', '<![CDATA[x]]>', '<!-- c -->'];

  it('escapes exactly the markup characters and drops what XML cannot carry', () => {
    expect(escapeXml(`a&b<c>d"e'f`)).toBe('a&amp;b&lt;c&gt;d&quot;e&apos;f');
    expect(escapeXml(']]>')).toBe(']]&gt;');
    expect(escapeXml('-->')).toBe('--&gt;');
    expect(escapeXml('x\u0000\u0007\u001by')).toBe('xy');
    expect(escapeXml('\r\n')).toBe('&#13;\n');
    expect(escapeXml('\ud800 lone surrogate')).toBe(' lone surrogate');
    expect(escapeXml('emoji 😀 stays')).toBe('emoji 😀 stays');
  });

  it('round-trips each injection attempt as text and never as elements', () => {
    for (const value of hostile) {
      const xml = buildXml(el('Root', [el('EnquiryDescription', value), el('Other', 'ok')], { note: value }));
      const doc = readXml(xml);
      const root = doc.Root as Record<string, unknown>;
      expect(Object.keys(root).sort()).toEqual(['@_note', 'EnquiryDescription', 'Other']);
      const expected = value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
      expect(root.EnquiryDescription).toBe(expected.trim());
      expect(root.Other).toBe('ok');
    }
  });

  it('refuses element names that are not names (they come from code, never from data)', () => {
    expect(() => buildXml(el('a><b', 'x'))).toThrow(/not an XML element name/);
    expect(() => buildXml(el('a', 'x', { 'x="1" y': 'z' }))).toThrow(/not an XML attribute name/);
  });
});
