// An audit line's before and after as rows a person can compare: each leaf value by its path ("values.host",
// "rows.2.source.value"), marked added, removed, changed or the same.

export interface DiffRow {
  path: string;
  before: string | undefined;
  after: string | undefined;
  change: 'added' | 'removed' | 'changed' | 'same';
}

const text = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

function leaves(value: unknown, path: string, out: Map<string, string>): void {
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
    // An empty object or list is a value of its own: otherwise "emptied" would not show.
    if (entries.length === 0) out.set(path, Array.isArray(value) ? '[]' : '{}');
    for (const [k, v] of entries) leaves(v, path ? `${path}.${k}` : k, out);
    return;
  }
  if (value !== undefined) out.set(path, text(value));
}

/** The rows of a change, in the after's order, then what only the before had; a line without a before lists the after. */
export function auditDiff(before: unknown, after: unknown): DiffRow[] {
  const b = new Map<string, string>();
  const a = new Map<string, string>();
  if (before !== null && before !== undefined) leaves(before, '', b);
  if (after !== null && after !== undefined) leaves(after, '', a);
  const rows: DiffRow[] = [];
  for (const [path, value] of a) {
    const old = b.get(path);
    rows.push({ path: path || '(value)', before: old, after: value, change: old === undefined ? 'added' : old === value ? 'same' : 'changed' });
  }
  for (const [path, value] of b) if (!a.has(path)) rows.push({ path: path || '(value)', before: value, after: undefined, change: 'removed' });
  return rows;
}

/** How many rows differ: the collapsed line's summary ("3 fields changed"). */
export function changedCount(rows: readonly DiffRow[]): number {
  return rows.filter((r) => r.change !== 'same').length;
}
