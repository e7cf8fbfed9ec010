/** What a column needs to choose whether it is shown: its narrowest width and how much it matters. */
export interface FitColumn {
  key: string;
  /** The narrowest the column can be, in px. */
  minPx: number;
  /** 1 is always shown; higher numbers give way first when the table is narrow. */
  priority?: number;
}

/**
 * The keys of the columns that fit in `width`, dropping the least important first (the last of equals first).
 * Columns of priority 1 are always kept: a table too narrow even for them scrolls rather than lose its key columns.
 * A width of 0 (not measured yet) keeps every column.
 */
export function fitColumns(columns: readonly FitColumn[], width: number, reservePx = 0): Set<string> {
  const shown = new Set(columns.map((c) => c.key));
  if (width <= 0) return shown;
  let total = columns.reduce((sum, c) => sum + c.minPx, 0);
  const droppable = columns
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => (c.priority ?? 1) > 1)
    .sort((a, b) => (b.c.priority ?? 1) - (a.c.priority ?? 1) || b.i - a.i);
  for (const { c } of droppable) {
    // Once a column is dropped, the table shows a marker naming the hidden ones; it needs room too.
    if (total + (shown.size < columns.length ? reservePx : 0) <= width) break;
    shown.delete(c.key);
    total -= c.minPx;
  }
  return shown;
}
