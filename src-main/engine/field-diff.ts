import type { FieldChange } from '../../src-preload/contract';

/** A value kept in a diff is cut here: a diff says what changed, it is not a copy of the record. */
const MAX_VALUE = 500;

function textOf(v: unknown): string | null {
  if (v === null || v === undefined || v === '') return null;
  const t = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
  return t.length > MAX_VALUE ? `${t.slice(0, MAX_VALUE - 1)}…` : t;
}

/**
 * The fields whose value differs between `before` and `after` (both as text; empty and missing count as none), in
 * the order of `fields`, or of `after`'s keys then `before`'s when no list is given. A null `before` is a new record:
 * no changes, the record was created.
 */
export function diffFields(before: Record<string, unknown> | null, after: Record<string, unknown>, fields?: readonly string[]): FieldChange[] {
  if (before === null) return [];
  const keys = fields ?? [...new Set([...Object.keys(after), ...Object.keys(before)])];
  const out: FieldChange[] = [];
  for (const field of keys) {
    const from = textOf(before[field]);
    const to = textOf(after[field]);
    if (from !== to) out.push({ field, from, to });
  }
  return out;
}
