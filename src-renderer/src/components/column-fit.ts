/** What a column needs to choose whether it is shown: its narrowest width and how much it matters. */
export interface FitColumn {
  key: string;
  /** The narrowest the column can be, in px. */
  minPx: number;
  /** 1 is always shown; higher numbers give way first when the table is narrow. */
  priority?: number;
  /** Every cell shown so far is blank (empty, a dash, "not linked"): such a column gives way before any other. */
  blank?: boolean;
  /** The width its content asks for; while the shown columns' content is wider than the table, blank ones give way. */
  wantPx?: number;
  /** The table's key text (a name, an action): less important columns give way until it reads whole. */
  isKey?: boolean;
}

/**
 * The keys of the columns that fit in `width`, dropping blank columns first, then the least important (the last of
 * equals first), then, while a key column would still be cut, a key column that may give way. Columns of priority 1
 * with something in them are always kept: a table too narrow even for them scrolls rather than lose them. A width of 0
 * (not measured yet) keeps every column.
 */
export function fitColumns(columns: readonly FitColumn[], width: number, reservePx = 0): Set<string> {
  const shown = new Set(columns.map((c) => c.key));
  if (width <= 0) return shown;
  let total = columns.reduce((sum, c) => sum + c.minPx, 0);
  const droppable = columns
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => c.blank || (c.priority ?? 1) > 1)
    .sort((a, b) => Number(!!b.c.blank) - Number(!!a.c.blank) || (b.c.priority ?? 1) - (a.c.priority ?? 1) || b.i - a.i);
  for (const { c } of droppable) {
    // Once a column is dropped, the table shows a marker naming the hidden ones; it needs room too.
    if (total + (shown.size < columns.length ? reservePx : 0) <= width) break;
    shown.delete(c.key);
    total -= c.minPx;
  }
  // A blank column also gives its room away when another's text would be cut (its header, a dash, is all it shows).
  const wants = (keys: Set<string>) => columns.reduce((sum, c) => sum + (keys.has(c.key) ? (c.blank ? c.minPx : Math.max(c.minPx, c.wantPx ?? 0)) : 0), 0);
  for (const { c } of droppable) {
    if (!c.blank || !shown.has(c.key)) continue;
    if (wants(shown) + (shown.size < columns.length ? reservePx : 0) <= width) break;
    shown.delete(c.key);
  }
  // Then the less important columns give way, least first, while a key column's text would be cut; the others keep
  // their narrowest, as the key columns are served first (shareWidth).
  const keyWants = (keys: Set<string>) =>
    columns.reduce((sum, c) => sum + (keys.has(c.key) ? (c.isKey ? Math.max(c.minPx, c.wantPx ?? 0) : c.minPx) : 0), 0);
  for (const { c } of droppable) {
    if (c.isKey || !shown.has(c.key)) continue;
    if (keyWants(shown) + (shown.size < columns.length ? reservePx : 0) <= width) break;
    shown.delete(c.key);
  }
  // Still too narrow for the key columns to read whole (a log beside its detail panel at 1024): a key column that may
  // give way (least important first, the last of equals first) is hidden and named in the marker rather than shown
  // cut, so the ones kept read whole. The last key column shown stays, cut if it must be.
  const keysShown = () => columns.filter((c) => c.isKey && shown.has(c.key)).length;
  for (const { c } of droppable) {
    if (!c.isKey || !shown.has(c.key) || keysShown() <= 1) continue;
    if (keyWants(shown) + (shown.size < columns.length ? reservePx : 0) <= width) break;
    shown.delete(c.key);
  }
  return shown;
}

/** A shown column's part in sharing the width: what it needs at least, what its content asks for, how it grows. */
export interface SizedColumn {
  key: string;
  /** The narrowest it may be, in px (for a column whose every cell is blank: its header's width). */
  floorPx: number;
  /** The width its widest cell or header asks for, in px (measured in the page; the floor until measured). */
  wantPx: number;
  /** How much of what is left over it takes once every column has what it asks for (its `fr`); 0 for none. */
  grow: number;
  /** A key column: it is raised to what it asks for before the others get more than their floor. */
  isKey?: boolean;
}

/**
 * Shares `width` among the shown columns: each gets its floor, then the room left goes to the columns whose content
 * is cut, key columns first, each group up to one common width (a short column such as an action or a name reads
 * whole before a long message takes the rest), and what is still left goes by `grow`. Blank columns ask for no more than their floor, so their
 * width goes to the columns with something to show. Returns whole px per key.
 */
export function shareWidth(columns: readonly SizedColumn[], width: number): Map<string, number> {
  const out = new Map(columns.map((c) => [c.key, c.floorPx]));
  let spare = width - columns.reduce((sum, c) => sum + c.floorPx, 0);
  if (width <= 0 || spare <= 0) return out;
  // Raise the columns whose text would be cut to one common width (a water level), each no further than it asks:
  // the short ones are met whole, and the longest takes what is left. Key columns are raised first.
  for (const group of [columns.filter((c) => c.isKey), columns.filter((c) => !c.isKey)]) {
    const unmet = group.filter((c) => c.wantPx > c.floorPx);
    const at = (level: number) => unmet.reduce((sum, c) => sum + Math.max(c.floorPx, Math.min(c.wantPx, level)) - c.floorPx, 0);
    let lo = 0;
    let hi = Math.max(0, ...unmet.map((c) => c.wantPx));
    if (at(hi) <= spare) lo = hi;
    else
      for (let i = 0; i < 40; i++) {
        const mid = (lo + hi) / 2;
        if (at(mid) <= spare) lo = mid;
        else hi = mid;
      }
    for (const c of unmet) out.set(c.key, Math.max(c.floorPx, Math.min(c.wantPx, lo)));
    spare -= at(lo);
  }
  const growers = columns.filter((c) => c.grow > 0);
  const weight = growers.reduce((sum, c) => sum + c.grow, 0);
  if (spare > 0.5 && weight > 0) for (const c of growers) out.set(c.key, out.get(c.key)! + (spare * c.grow) / weight);
  // Whole px, the rounding's few px going to the columns that lost the most to it, so the tracks still fill the width.
  const exact = [...out];
  const total = Math.round(exact.reduce((sum, [, v]) => sum + v, 0));
  for (const [k, v] of exact) out.set(k, Math.floor(v));
  let short = total - [...out.values()].reduce((sum, v) => sum + v, 0);
  for (const [k] of exact.sort((a, b) => (b[1] % 1) - (a[1] % 1))) {
    if (short <= 0) break;
    out.set(k, out.get(k)! + 1);
    short--;
  }
  return out;
}
