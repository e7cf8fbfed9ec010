// The order of an Enquiry's status logs: LoggedTime (an instant, read in Confirm's zone), then EnquiryLogNumber.
// GetEnquiryStatusChanges may list one Enquiry several times and out of order, and CRM Agent pushes can arrive late;
// applied in this order, and never behind the newest log applied, a closed case is not reopened by an older log.
import { fromConfirmTime } from './logged-time';
import type { StatusLogRecord } from './parse';

export interface LogPosition {
  /** LoggedTime as an instant. */
  at: number;
  logNumber: string | null;
}

/** remote_records entity under which the newest status log applied to each Enquiry is kept (external id: its number). */
export const LAST_APPLIED_LOG = 'enquiry-status-log';

/** Where a status log stands; null when its LoggedTime is missing or unreadable (it cannot be ordered). */
export function positionOf(loggedTime: string | null | undefined, logNumber: string | null | undefined, timeZone: string): LogPosition | null {
  if (!loggedTime) return null;
  const at = fromConfirmTime(loggedTime, timeZone);
  return at === null ? null : { at, logNumber: logNumber || null };
}

/** Log numbers are identifiers (text), but Confirm counts them up: 10 comes after 9. */
function compareLogNumbers(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) {
    const [x, y] = [a.replace(/^0+(?=\d)/, ''), b.replace(/^0+(?=\d)/, '')];
    if (x.length !== y.length) return x.length - y.length;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return a < b ? -1 : 1;
}

export function comparePositions(a: LogPosition, b: LogPosition): number {
  return a.at !== b.at ? a.at - b.at : compareLogNumbers(a.logNumber, b.logNumber);
}

export function encodePosition(p: LogPosition): string {
  return JSON.stringify({ at: p.at, logNumber: p.logNumber });
}

export function decodePosition(text: string | null): LogPosition | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text) as Partial<LogPosition>;
    return typeof v.at === 'number' && Number.isFinite(v.at) ? { at: v.at, logNumber: typeof v.logNumber === 'string' ? v.logNumber : null } : null;
  } catch {
    return null;
  }
}

/**
 * Each Enquiry's logs, however often and in whatever order the answer listed it, in the order to apply them: by
 * LoggedTime then log number; logs that cannot be ordered (no LoggedTime) after those, as listed. Enquiries keep the
 * order in which they first appear.
 */
export function inApplyOrder(changes: { enquiryNumber: string; logs: StatusLogRecord[] }[], timeZone: string): { enquiryNumber: string; logs: StatusLogRecord[] }[] {
  const byEnquiry = new Map<string, StatusLogRecord[]>();
  for (const c of changes) byEnquiry.set(c.enquiryNumber, [...(byEnquiry.get(c.enquiryNumber) ?? []), ...c.logs]);
  return [...byEnquiry].map(([enquiryNumber, logs]) => {
    const keyed = logs.map((log, i) => ({ log, i, p: positionOf(log.loggedTime, log.enquiryLogNumber, timeZone) }));
    keyed.sort((a, b) => (a.p && b.p ? comparePositions(a.p, b.p) || a.i - b.i : a.p ? -1 : b.p ? 1 : a.i - b.i));
    return { enquiryNumber, logs: keyed.map((k) => k.log) };
  });
}
