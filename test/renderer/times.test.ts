// Times on Sync Status and the Audit screen: local with the zone's name, the exact UTC on hover; the UTC times main
// writes into words picked out; stored epoch values in an audit line's before and after read as times. Run in
// Berlin, so local is not UTC (the formatters read the zone when the module loads).
import { beforeAll, describe, expect, it } from 'vitest';

type Format = typeof import('../../src-renderer/src/components/format');
let f: Format;

beforeAll(async () => {
  process.env.TZ = 'Europe/Berlin';
  f = await import('../../src-renderer/src/components/format');
});

const AT = Date.UTC(2026, 11, 1, 10, 0, 5, 123);

describe('times for staff', () => {
  it('are local with their zone, and exact in UTC for a tooltip', () => {
    expect(f.formatZonedDateTime(AT)).toBe(new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'long', timeZone: 'Europe/Berlin' }).format(AT));
    expect(f.formatZonedDateTime(AT)).toMatch(/11:00:05 AM GMT\+1$/);
    expect(f.formatZonedDateTime(null)).toBe('—');
    expect(f.formatExactUtc(AT)).toBe('2026-12-01 10:00:05.123 UTC');
  });

  it('picks out the UTC times main writes into words, to the minute, second or millisecond, and leaves other text alone', () => {
    expect(f.timesInWords('CERM address changes read up to 2026-12-01 10:00:05.123 UTC (address A-9)')).toEqual([
      'CERM address changes read up to ',
      { ms: AT, utc: '2026-12-01 10:00:05.123 UTC' },
      ' (address A-9)',
    ]);
    expect(f.timesInWords('Cursor saved 2026-12-01 10:00 UTC; changes since 2026-11-30 23:59:59 UTC')).toEqual([
      'Cursor saved ',
      { ms: Date.UTC(2026, 11, 1, 10, 0), utc: '2026-12-01 10:00 UTC' },
      '; changes since ',
      { ms: Date.UTC(2026, 10, 30, 23, 59, 59), utc: '2026-11-30 23:59:59 UTC' },
    ]);
    expect(f.timesInWords('No cursor: the next run reads everything (UTC+01:00 now)')).toEqual(['No cursor: the next run reads everything (UTC+01:00 now)']);
    expect(f.localizeTimes('status changes read up to 2026-12-01 10:00:05.123 UTC')).toBe(`status changes read up to ${f.formatZonedDateTime(AT)}`);
  });

  it('reads a stored value as a time only for a field named as one (…At, at) that holds epoch milliseconds', () => {
    expect(f.epochOfField('lastSignInAt', String(AT))).toBe(AT);
    expect(f.epochOfField('values.createdAt', String(AT))).toBe(AT);
    expect(f.epochOfField('at', String(AT))).toBe(AT);
    expect(f.epochOfField('retention.logDays', '30')).toBeNull();
    expect(f.epochOfField('rows.0.source.value', String(AT))).toBeNull();
    expect(f.epochOfField('updatedAt', 'null')).toBeNull();
    expect(f.epochOfField('updatedAt', undefined)).toBeNull();
  });
});
