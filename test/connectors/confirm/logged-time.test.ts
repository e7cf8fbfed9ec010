import { describe, expect, it } from 'vitest';
import { fromConfirmTime, isKnownTimeZone, offsetMinutesAt, toConfirmTime } from '../../../src-main/connectors/confirm/logged-time';

const utc = (s: string) => Date.parse(s);

describe('logged time in Confirm\'s zone', () => {
  it('writes London winter as +00:00 and summer as +01:00', () => {
    expect(toConfirmTime(utc('2026-01-15T12:00:00Z'), 'Europe/London')).toBe('2026-01-15T12:00:00+00:00');
    expect(toConfirmTime(utc('2026-07-01T12:00:00Z'), 'Europe/London')).toBe('2026-07-01T13:00:00+01:00');
  });

  it('crosses the spring transition (29 March 2026, 01:00 UTC) at the right second', () => {
    expect(toConfirmTime(utc('2026-03-29T00:59:59Z'), 'Europe/London')).toBe('2026-03-29T00:59:59+00:00');
    expect(toConfirmTime(utc('2026-03-29T01:00:00Z'), 'Europe/London')).toBe('2026-03-29T02:00:00+01:00');
  });

  it('crosses the autumn transition (25 October 2026, 01:00 UTC): 01:30 happens twice, with two offsets', () => {
    expect(toConfirmTime(utc('2026-10-25T00:30:00Z'), 'Europe/London')).toBe('2026-10-25T01:30:00+01:00');
    expect(toConfirmTime(utc('2026-10-25T01:30:00Z'), 'Europe/London')).toBe('2026-10-25T01:30:00+00:00');
  });

  it('works for a zone that is not London: New York and its DST, Kolkata at +05:30, Auckland in the south', () => {
    expect(toConfirmTime(utc('2026-01-15T17:00:00Z'), 'America/New_York')).toBe('2026-01-15T12:00:00-05:00');
    expect(toConfirmTime(utc('2026-07-01T16:00:00Z'), 'America/New_York')).toBe('2026-07-01T12:00:00-04:00');
    expect(toConfirmTime(utc('2026-07-01T06:30:00Z'), 'Asia/Kolkata')).toBe('2026-07-01T12:00:00+05:30');
    expect(toConfirmTime(utc('2026-01-15T00:00:00Z'), 'Pacific/Auckland')).toBe('2026-01-15T13:00:00+13:00');
    expect(offsetMinutesAt(utc('2026-07-01T00:00:00Z'), 'Pacific/Auckland')).toBe(720);
  });

  it('reads back exactly what it wrote, across both London transitions', () => {
    for (let ms = utc('2026-03-28T22:00:00Z'); ms < utc('2026-03-29T04:00:00Z'); ms += 15 * 60_000)
      expect(fromConfirmTime(toConfirmTime(ms, 'Europe/London'), 'Europe/London')).toBe(ms);
    for (let ms = utc('2026-10-24T22:00:00Z'); ms < utc('2026-10-25T04:00:00Z'); ms += 15 * 60_000)
      expect(fromConfirmTime(toConfirmTime(ms, 'Europe/London'), 'Europe/London')).toBe(ms);
  });

  it('reads times without an offset as wall time in the zone: doubled hour as the first, skipped hour moved on', () => {
    expect(fromConfirmTime('2026-07-01T13:00:00', 'Europe/London')).toBe(utc('2026-07-01T12:00:00Z'));
    expect(fromConfirmTime('2026-01-15 12:00:00', 'Europe/London')).toBe(utc('2026-01-15T12:00:00Z'));
    expect(fromConfirmTime('2026-10-25T01:30:00', 'Europe/London')).toBe(utc('2026-10-25T00:30:00Z'));
    expect(fromConfirmTime('2026-03-29T01:30:00', 'Europe/London')).toBe(utc('2026-03-29T01:30:00Z'));
    expect(fromConfirmTime('2026-07-01T12:00:00', 'America/New_York')).toBe(utc('2026-07-01T16:00:00Z'));
  });

  it('reads offsets, Z and fractions exactly, and refuses what is not a date-time', () => {
    expect(fromConfirmTime('2026-07-01T13:00:00.250+01:00', 'UTC')).toBe(utc('2026-07-01T12:00:00.250Z'));
    expect(fromConfirmTime('2026-07-01T12:00:00Z', 'Europe/London')).toBe(utc('2026-07-01T12:00:00Z'));
    expect(fromConfirmTime('2026-07-01T07:30:00-0430', 'Europe/London')).toBe(utc('2026-07-01T12:00:00Z'));
    expect(fromConfirmTime('01/07/2026 13:00', 'Europe/London')).toBeNull();
    expect(fromConfirmTime('', 'Europe/London')).toBeNull();
  });

  it('knows IANA zone names and nothing else', () => {
    expect(isKnownTimeZone('Europe/London')).toBe(true);
    expect(isKnownTimeZone('UTC')).toBe(true);
    expect(isKnownTimeZone('Europe/Londn')).toBe(false);
    expect(isKnownTimeZone('GMT+1')).toBe(false);
    expect(isKnownTimeZone('+01:00')).toBe(false);
    // ICU lists some zones by their old names; the current ones are accepted as aliases.
    expect(isKnownTimeZone('Asia/Kolkata')).toBe(true);
    expect(isKnownTimeZone('Europe/Kyiv')).toBe(true);
    expect(isKnownTimeZone('America/Argentina/Buenos_Aires')).toBe(true);
  });
});
