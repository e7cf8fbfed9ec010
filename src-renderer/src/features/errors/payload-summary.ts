import { epochOfField, formatDateTime } from '../../components/format';

// Edit and retry shows the payload as JSON, to be edited as it is stored (times as epoch milliseconds, valid for the
// job's schema); beside it the same values read as staff read them, times in the console's own date format.

export interface SummaryLine {
  /** The field's path in the JSON ("firedAt", "event.at"). */
  path: string;
  label: string;
  text: string;
  /** A time stored as epoch milliseconds, shown as a date. */
  isTime: boolean;
}

/** "firedAt" -> "Fired at", "event.caseId" -> "Event case id", "due_at" -> "Due at". */
export function labelOfKey(path: string): string {
  const words = path
    .split('.')
    .flatMap((p) => p.replace(/_/g, ' ').replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(' '))
    .filter(Boolean)
    .map((w) => w.toLowerCase());
  const text = words.join(' ');
  return text ? text[0]!.toUpperCase() + text.slice(1) : path;
}

const MAX_LINES = 40;
const MAX_TEXT = 120;

/** The payload's values line by line (nested objects by their path, lists by their length), times as dates. */
export function payloadSummary(payload: unknown): SummaryLine[] {
  const lines: SummaryLine[] = [];
  const walk = (value: unknown, path: string) => {
    if (lines.length >= MAX_LINES) return;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
      return;
    }
    const at = typeof value === 'number' && Number.isInteger(value) ? epochOfField(path, String(value)) : null;
    let text: string;
    if (at !== null) text = formatDateTime(at);
    else if (value === null || value === undefined || value === '') text = '—';
    else if (Array.isArray(value)) text = value.length === 1 ? '1 item' : `${value.length} items`;
    else text = String(value);
    lines.push({ path, label: labelOfKey(path), text: text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text, isTime: at !== null });
  };
  walk(payload, '');
  return lines;
}
