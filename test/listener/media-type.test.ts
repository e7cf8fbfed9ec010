import { describe, expect, it } from 'vitest';
import { parseMediaType } from '../../src-main/listener/media-type';

describe('parseMediaType', () => {
  it('reads type, subtype and parameters, case-insensitively, quoted values unquoted', () => {
    expect(parseMediaType('application/json')).toMatchObject({ type: 'application', subtype: 'json', essence: 'application/json' });
    const m = parseMediaType(' Text/XML ; Charset="UTF-8" ;q=1;');
    expect(m?.essence).toBe('text/xml');
    expect([...m!.parameters]).toEqual([['charset', 'UTF-8'], ['q', '1']]);
    expect(parseMediaType('application/soap+xml; action="urn:a\\"b"')?.parameters.get('action')).toBe('urn:a"b');
    expect(parseMediaType(['application/json; charset=utf-8', 'text/plain'])?.essence).toBe('application/json');
  });

  it('refuses what is off the grammar instead of guessing', () => {
    for (const bad of [undefined, '', 'json', 'application/', '/json', 'application/json/x', 'application/json garbage', 'application/json;charset', 'application/json; charset="utf-8', 'application/json; a=1; A=2', 'appli cation/json', 'application/json; charset=utf 8', 'text/xml; a="x\u0000"', 'x'.repeat(2000)])
      expect(parseMediaType(bad), JSON.stringify(bad)).toBeNull();
    // A longer subtype is another media type, not JSON.
    expect(parseMediaType('application/jsonfoo')?.essence).toBe('application/jsonfoo');
  });
});
