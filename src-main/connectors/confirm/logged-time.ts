// Confirm reads and writes times in its server's zone (often Europe/London) and public clients found that it ignores
// zone hints: an instant goes out as the wall time there, with the offset that zone had at that instant.
// Intl alone does this correctly across DST (it carries the IANA database), so no time zone library is needed.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

let zones: Set<string> | null = null;
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

/**
 * True for an IANA zone name: one of Intl.supportedValuesOf('timeZone'), or an alias the runtime resolves to one
 * (that list holds ICU's canonical names, e.g. Asia/Calcutta, while Asia/Kolkata is what people type). Fixed
 * offsets such as +01:00 are refused: they have no DST, which is the point of naming a zone.
 */
export function isKnownTimeZone(zone: string): boolean {
  if (!ZONE_NAME.test(zone)) return false;
  zones ??= new Set(Intl.supportedValuesOf('timeZone'));
  if (zones.has(zone)) return true;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return false;
  }
  return zones.has(resolved) || resolved === 'UTC' || resolved.startsWith('Etc/');
}

interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallAt(ms: number, timeZone: string): Wall {
  const parts: Record<string, number> = {};
  for (const p of formatterOf(timeZone).formatToParts(new Date(ms))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! };
}

function wallAsUtc(w: Wall): number {
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
}

/** Minutes the zone is ahead of UTC at that instant (60 for London in summer, 0 in winter). */
export function offsetMinutesAt(ms: number, timeZone: string): number {
  const whole = Math.floor(ms / 1000) * 1000;
  return Math.round((wallAsUtc(wallAt(whole, timeZone)) - whole) / 60_000);
}

const p2 = (n: number) => String(n).padStart(2, '0');

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const m = Math.abs(minutes);
  return `${sign}${p2(Math.floor(m / 60))}:${p2(m % 60)}`;
}

/** The instant as a W3C date-time in Confirm's zone, to the second: 2026-07-01T13:00:00+01:00. */
export function toConfirmTime(ms: number, timeZone: string): string {
  if (!Number.isFinite(ms)) throw new Error('not a time');
  const w = wallAt(ms, timeZone);
  return `${String(w.year).padStart(4, '0')}-${p2(w.month)}-${p2(w.day)}T${p2(w.hour)}:${p2(w.minute)}:${p2(w.second)}${offsetText(offsetMinutesAt(ms, timeZone))}`;
}

const W3C = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * A time Confirm sent, as an instant. With an offset (or Z) it is exact; without one it is a wall time in Confirm's
 * zone: a time that occurs twice (clocks back) is read as the first, one that never occurs (clocks forward) is moved
 * forward by the size of the jump. Returns null for text that is not a date-time.
 */
export function fromConfirmTime(text: string, timeZone: string): number | null {
  const m = W3C.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m;
  const fracMs = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), fracMs);
  if (!Number.isFinite(wall)) return null;
  if (zone) {
    if (zone.toUpperCase() === 'Z') return wall;
    const digits = zone.replace(':', '');
    const mins = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5));
    return wall - (digits[0] === '-' ? -mins : mins) * 60_000;
  }
  // Try the offsets in force just before and after that wall time; the earlier instant that shows it wins.
  const candidates = [offsetMinutesAt(wall - 86_400_000, timeZone), offsetMinutesAt(wall + 86_400_000, timeZone)]
    .map((off) => wall - off * 60_000)
    .filter((ms) => wallAsUtc(wallAt(ms, timeZone)) === Math.floor(wall / 1000) * 1000)
    .sort((a, b) => a - b);
  if (candidates.length > 0) return candidates[0]!;
  // In the gap: move forward by the size of the jump.
  return wall - offsetMinutesAt(wall - 86_400_000, timeZone) * 60_000;
}
