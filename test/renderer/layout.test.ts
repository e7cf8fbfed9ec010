import { describe, expect, it } from 'vitest';
import { fitColumns, shareWidth } from '../../src-renderer/src/components/column-fit';
import { countsText } from '../../src-renderer/src/features/sync-status/counts';
import { MAX_TOASTS, TOAST_POLICY } from '../../src-renderer/src/components/toast-policy';

const COLUMNS = [
  { key: 'time', minPx: 140 },
  { key: 'connector', minPx: 100, priority: 3 },
  { key: 'action', minPx: 120, priority: 2 },
  { key: 'message', minPx: 160 },
  { key: 'attempt', minPx: 80, priority: 4 },
];

describe('a table chooses its columns by the width it has', () => {
  it('keeps every column when they fit, or before the width is known', () => {
    expect([...fitColumns(COLUMNS, 600)]).toEqual(['time', 'connector', 'action', 'message', 'attempt']);
    expect(fitColumns(COLUMNS, 0).size).toBe(5);
  });

  it('drops the least important first, leaving room for the marker that names them', () => {
    expect([...fitColumns(COLUMNS, 599, 40)]).toEqual(['time', 'connector', 'action', 'message']);
    expect([...fitColumns(COLUMNS, 460, 40)]).toEqual(['time', 'action', 'message']);
    expect([...fitColumns(COLUMNS, 459, 40)]).toEqual(['time', 'message']);
  });

  it('never drops a key column: too narrow even for them, the table scrolls', () => {
    expect([...fitColumns(COLUMNS, 100, 40)]).toEqual(['time', 'message']);
  });
});

describe('a table gives its width to the columns whose text would be cut', () => {
  it('drops a blank column first, before any other, and keeps it while nothing is cut', () => {
    const cols = [
      { key: 'name', minPx: 140, wantPx: 280 },
      { key: 'cerm', minPx: 120, blank: true },
      { key: 'members', minPx: 80 },
    ];
    expect([...fitColumns(cols, 600, 40)]).toEqual(['name', 'cerm', 'members']);
    // 280 + 120 + 80 is wider than 440: the blank column gives its room to the name.
    expect([...fitColumns(cols, 440, 40)]).toEqual(['name', 'members']);
    expect([...fitColumns([{ key: 'a', minPx: 200 }, { key: 'b', minPx: 200, blank: true }, { key: 'c', minPx: 200, priority: 2 }], 460, 40)]).toEqual(['a', 'c']);
  });

  it('lets lesser columns give way while a key column would be cut', () => {
    const cols = [
      { key: 'name', minPx: 130, wantPx: 130 },
      { key: 'email', minPx: 150, wantPx: 300 },
      { key: 'company', minPx: 100, wantPx: 270, isKey: true },
      { key: 'created', minPx: 130, priority: 3 },
      { key: 'origin', minPx: 90, priority: 4 },
    ];
    expect([...fitColumns(cols, 800, 40)]).toEqual(['name', 'email', 'company', 'created', 'origin']);
    expect([...fitColumns(cols, 720, 40)]).toEqual(['name', 'email', 'company', 'created']);
    expect([...fitColumns(cols, 719, 40)]).toEqual(['name', 'email', 'company']);
    expect([...fitColumns(cols, 560, 40)]).toEqual(['name', 'email', 'company']);
  });

  it('hides a lesser key column rather than show the key columns cut, and never the last one', () => {
    // The log beside its detail panel at 1024×700: Action asks 178 px, Entity 109; Message and Outcome stay.
    const cols = [
      { key: 'time', minPx: 91, wantPx: 91 },
      { key: 'connector', minPx: 88, wantPx: 80, priority: 3 },
      { key: 'action', minPx: 110, wantPx: 178, priority: 2, isKey: true },
      { key: 'entity', minPx: 100, wantPx: 109, priority: 2, isKey: true },
      { key: 'outcome', minPx: 127, wantPx: 127 },
      { key: 'message', minPx: 140, wantPx: 810 },
      { key: 'attempt', minPx: 72, wantPx: 60, priority: 4 },
    ];
    // Room for both whole beside the others: both stay.
    expect([...fitColumns(cols, 685, 40)]).toEqual(['time', 'action', 'entity', 'outcome', 'message']);
    // 660 px: Action and Entity cannot both read whole, so Entity (the last of equals) gives way and Action reads whole.
    expect([...fitColumns(cols, 660, 40)]).toEqual(['time', 'action', 'outcome', 'message']);
    // Too narrow for Action to read whole (it would ask 576 px with the others at their narrowest): it stays, cut, as
    // the last key column shown.
    expect([...fitColumns(cols, 520, 40)]).toEqual(['time', 'action', 'outcome', 'message']);
  });

  it('meets the short needs whole and gives the long text what is left, key columns first', () => {
    const widths = shareWidth(
      [
        { key: 'time', floorPx: 90, wantPx: 90, grow: 0 },
        { key: 'action', floorPx: 110, wantPx: 180, grow: 1 },
        { key: 'entity', floorPx: 100, wantPx: 110, grow: 1.1 },
        { key: 'message', floorPx: 140, wantPx: 900, grow: 3 },
      ],
      700,
    );
    expect(Object.fromEntries(widths)).toEqual({ time: 90, action: 180, entity: 110, message: 320 });
    const keyFirst = shareWidth(
      [
        { key: 'email', floorPx: 150, wantPx: 300, grow: 1 },
        { key: 'company', floorPx: 100, wantPx: 270, grow: 1, isKey: true },
      ],
      450,
    );
    expect(Object.fromEntries(keyFirst)).toEqual({ email: 180, company: 270 });
  });

  it('hands what is left once everything reads whole to the growing columns, and a blank column asks for nothing', () => {
    const widths = shareWidth(
      [
        { key: 'message', floorPx: 160, wantPx: 200, grow: 1 },
        { key: 'changes', floorPx: 110, wantPx: 110, grow: 0 },
      ],
      500,
    );
    expect(Object.fromEntries(widths)).toEqual({ message: 390, changes: 110 });
  });
});

describe('grouped counts and toasts', () => {
  it('spells every count out for the tooltip', () => {
    expect(countsText({ fetched: 2000, created: 490, updated: 0, unchanged: 0, skipped: 26, failed: 0 })).toBe(
      '2,000 fetched · 490 created · 0 updated · 0 unchanged · 26 skipped · 0 failed',
    );
  });

  it('gives each kind of toast one slot and a short life', () => {
    const kinds = Object.values(TOAST_POLICY);
    expect(new Set(kinds.map((k) => k.key)).size).toBe(kinds.length);
    expect(MAX_TOASTS).toBe(kinds.length);
    for (const k of kinds) expect(k.timeoutMs).toBeLessThanOrEqual(6000);
  });
});
