// Formatting shared by every screen: dates and times in the user's locale, durations and counts kept short for
// dense tables.

const pad = (n: number) => String(n).padStart(2, '0');

// undefined: the browser's locale, which is the user's (Electron and Chromium take it from the system).
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });
const thisYearFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
const otherYearFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' });

export function formatDateTime(ms: number | null | undefined): string {
  if (ms == null) return '—';
  return dateTimeFormat.format(ms);
}

// timeStyle 'long' adds the zone's name ("11:00:00 AM GMT+1", "10:00:00 AM UTC").
const zonedFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'long' });

/**
 * Local date and time with the zone's name, where times from several places meet on one screen (a server's cursor
 * beside this browser's runs, an audit line's stored values): nobody has to guess which zone a time is in.
 */
export function formatZonedDateTime(ms: number | null | undefined): string {
  if (ms == null) return '—';
  return zonedFormat.format(ms);
}

/** The instant in UTC to the millisecond ("2026-12-01 10:00:00.123 UTC"), for a tooltip that must be exact. */
export function formatExactUtc(ms: number): string {
  return `${new Date(ms).toISOString().replace('T', ' ').replace('Z', '')} UTC`;
}

/** How main writes a time into words for staff: UTC, "2026-12-01 10:00", ":05" or ":05.123" optional, then " UTC". */
const UTC_IN_WORDS = /(\d{4}-\d\d-\d\d) (\d\d:\d\d(?::\d\d(?:\.\d{1,3})?)?) UTC/g;

export type WordsPart = string | { ms: number; utc: string };

/** Words with the UTC times main wrote into them picked out, each as its instant and its text as written. */
export function timesInWords(text: string): WordsPart[] {
  const parts: WordsPart[] = [];
  let last = 0;
  for (const m of text.matchAll(UTC_IN_WORDS)) {
    const ms = Date.parse(`${m[1]}T${m[2]}Z`);
    if (!Number.isFinite(ms)) continue;
    if (m.index > last) parts.push(text.slice(last, m.index));
    parts.push({ ms, utc: m[0] });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}

/** The words with each UTC time in them shown in local time with its zone. */
export function localizeTimes(text: string): string {
  return timesInWords(text)
    .map((p) => (typeof p === 'string' ? p : formatZonedDateTime(p.ms)))
    .join('');
}

/** A stored value that is an epoch time in milliseconds (a field named `…At` or `at` holding 1973…2286): its instant. */
export function epochOfField(path: string, value: string | undefined): number | null {
  if (value === undefined || !/^\d{12,13}$/.test(value)) return null;
  const key = path.split('.').pop() ?? '';
  return /(^at|[a-z0-9]At|_at)$/.test(key) ? Number(value) : null;
}

/** Today's times without the date; older ones with it (and the year when it is not this one). */
export function formatShortTime(ms: number, now = Date.now()): string {
  const d = new Date(ms);
  const today = new Date(now);
  if (d.toDateString() === today.toDateString()) return timeFormat.format(d);
  return (d.getFullYear() === today.getFullYear() ? thisYearFormat : otherYearFormat).format(d);
}


export function formatDuration(ms: number | null | undefined): string {
  if (ms == null) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
  const totalSeconds = Math.round(s);
  const m = Math.floor(totalSeconds / 60);
  if (m < 60) return `${m} min ${pad(totalSeconds % 60)} s`;
  return `${Math.floor(m / 60)} h ${pad(m % 60)} min`;
}

/**
 * How long ago something happened. Never "in …": the page's clock ticks coarsely and may lag the moment a run
 * ended, and a past event read as a future one is wrong.
 */
export function formatAgo(ms: number | null | undefined, now = Date.now()): string {
  if (ms == null) return '—';
  return ms > now - 45_000 ? 'just now' : formatRelative(ms, now);
}

/** When something is due ("in 5 min") or was ("5 min ago"); for past events use formatAgo. */
export function formatRelative(ms: number | null | undefined, now = Date.now()): string {
  if (ms == null) return '—';
  const diff = ms - now;
  const abs = Math.abs(diff);
  let text: string;
  if (abs < 45_000) return diff >= 0 ? 'in a moment' : 'just now';
  if (abs < 3_600_000) text = `${Math.round(abs / 60_000)} min`;
  else if (abs < 86_400_000) text = `${Math.round(abs / 3_600_000)} h`;
  else text = `${Math.round(abs / 86_400_000)} d`;
  return diff >= 0 ? `in ${text}` : `${text} ago`;
}

export function formatInterval(minutes: number | null): string {
  if (minutes == null) return 'Off';
  if (minutes % 1440 === 0) return minutes === 1440 ? 'Daily' : `Every ${minutes / 1440} d`;
  if (minutes % 60 === 0) return minutes === 60 ? 'Hourly' : `Every ${minutes / 60} h`;
  return `Every ${minutes} min`;
}

const numberFormat = new Intl.NumberFormat();
export function formatCount(n: number): string {
  return numberFormat.format(n);
}

/** datetime-local value ("2024-05-02T14:03") to epoch ms in local time; empty or invalid gives undefined. */
export function localInputToMillis(value: string): number | undefined {
  if (!value) return undefined;
  const ms = new Date(value).getTime();
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

/** Epoch ms to a datetime-local value in local time, to the minute. */
export function millisToLocalInput(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];
/** 1536 -> "1.5 KB": binary steps, one decimal below 10 units. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const shown = unit === 0 ? String(Math.round(value)) : value < 10 ? value.toFixed(1) : String(Math.round(value));
  return `${shown} ${BYTE_UNITS[unit]}`;
}
