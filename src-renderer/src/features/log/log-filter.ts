import type { LogEntry, LogFilter, Outcome } from '../../../../src-preload/contract';
import { localInputToMillis, millisToLocalInput } from '../../components/format';

/** What the filter bar edits; dates stay as datetime-local strings until a query is made. */
export interface LogFilterForm {
  connectorId: string;
  outcomes: Outcome[];
  from: string;
  to: string;
  q: string;
  includeDismissed: boolean;
}

/**
 * The start of the day `daysBack` days before `now`'s, in the console's time zone (the one its times are shown in):
 * local midnight by the calendar, not `now` less 24 hours, so a day of 23 or 25 hours (a clock change) is whole.
 * Where a zone skips midnight itself, the day starts at its first instant.
 */
export function startOfLocalDay(now: Date, daysBack = 0): number {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() - daysBack).getTime();
}

/** The filter bar's ranges, each from an instant to now. */
export const RANGE_PRESETS: readonly { label: string; from(now: Date): number }[] = [
  { label: 'Last hour', from: (now) => now.getTime() - 3_600_000 },
  { label: 'Today', from: (now) => startOfLocalDay(now) },
  { label: 'Since yesterday', from: (now) => startOfLocalDay(now, 1) },
  { label: 'Last 7 days', from: (now) => now.getTime() - 7 * 86_400_000 },
];

/** A preset as the filter form holds it: its start as a datetime-local value, open to now. */
export function presetRange(preset: (typeof RANGE_PRESETS)[number], now: Date): Pick<LogFilterForm, 'from' | 'to'> {
  return { from: millisToLocalInput(preset.from(now)), to: '' };
}

export const EMPTY_FILTER: LogFilterForm = { connectorId: '', outcomes: [], from: '', to: '', q: '', includeDismissed: false };

export function toLogFilter(form: LogFilterForm): LogFilter {
  const filter: LogFilter = {};
  if (form.connectorId) filter.connectorId = form.connectorId;
  // No outcome ticked means every outcome, so the query stays unfiltered on that column.
  if (form.outcomes.length > 0) filter.outcomes = [...form.outcomes];
  const from = localInputToMillis(form.from);
  // A minute-precision "to" means up to the end of that minute, so entries written during it are included.
  const toStart = localInputToMillis(form.to);
  const to = toStart !== undefined && form.to.length === 16 ? toStart + 59_999 : toStart;
  if (from !== undefined) filter.from = from;
  if (to !== undefined) filter.to = to;
  const q = form.q.trim().slice(0, 200);
  if (q) filter.q = q;
  if (form.includeDismissed) filter.includeDismissed = true;
  return filter;
}

export function isFiltered(form: LogFilterForm): boolean {
  return Object.keys(toLogFilter(form)).length > 0;
}

/** Client-side reading of the filter, used only to decide whether a live entry belongs in the current view. */
export function matchesFilter(entry: LogEntry, filter: LogFilter): boolean {
  if (filter.connectorId && entry.connectorId !== filter.connectorId) return false;
  if (filter.outcomes && filter.outcomes.length > 0 && !filter.outcomes.includes(entry.outcome)) return false;
  if (filter.from !== undefined && entry.ts < filter.from) return false;
  if (filter.to !== undefined && entry.ts > filter.to) return false;
  if (!filter.includeDismissed && entry.dismissed) return false;
  if (filter.q) {
    const needle = filter.q.toLowerCase();
    const haystack = [entry.message, entry.action, entry.connectorId, entry.entityType ?? '', entry.entityId ?? ''];
    if (!haystack.some((h) => h.toLowerCase().includes(needle))) return false;
  }
  return true;
}

/** Newest first, as the keyset query orders them: ts desc, then id desc. */
export function compareNewestFirst(a: LogEntry, b: LogEntry): number {
  return b.ts - a.ts || b.id - a.id;
}

/** Merges live entries into the loaded list: known ids are replaced in place, new ones join in order. */
export function mergeEntries(current: readonly LogEntry[], incoming: readonly LogEntry[]): LogEntry[] {
  if (incoming.length === 0) return current as LogEntry[];
  const byId = new Map(incoming.map((e) => [e.id, e]));
  const merged = current.map((e) => {
    const update = byId.get(e.id);
    if (!update) return e;
    byId.delete(e.id);
    return update;
  });
  const fresh = [...byId.values()].sort(compareNewestFirst);
  if (fresh.length === 0) return merged;
  const head = merged[0];
  if (!head || compareNewestFirst(fresh[fresh.length - 1], head) < 0) return [...fresh, ...merged];
  return [...fresh, ...merged].sort(compareNewestFirst);
}

export const FAILED_OUTCOMES: readonly Outcome[] = ['failure', 'validation_failure', 'dead'];

export function isFailed(entry: Pick<LogEntry, 'outcome'>): boolean {
  return FAILED_OUTCOMES.includes(entry.outcome);
}

/**
 * A live line of a job shows in the place of the job's earlier failed lines that are loaded (as the log's query
 * would show them after a reload): a retry is the same entry's next attempt, whatever the filter.
 */
export function applyNextAttempts(current: readonly LogEntry[], incoming: readonly LogEntry[]): LogEntry[] {
  const latest = new Map<number, LogEntry>();
  for (const e of incoming) if (e.jobId != null && (latest.get(e.jobId)?.id ?? -1) < e.id) latest.set(e.jobId, e);
  if (latest.size === 0) return current as LogEntry[];
  let changed = false;
  const next = current.map((e) => {
    const after = e.jobId != null ? latest.get(e.jobId) : undefined;
    if (!after || after.id <= e.id || !isFailed(e) || e.nextAttempt?.id === after.id) return e;
    changed = true;
    const { retryQueued: _queued, ...rest } = e;
    return { ...rest, retryable: false, nextAttempt: { id: after.id, ts: after.ts, outcome: after.outcome, attempt: after.attempt, message: after.message } };
  });
  return changed ? next : (current as LogEntry[]);
}
