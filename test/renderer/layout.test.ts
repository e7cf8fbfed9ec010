import { describe, expect, it } from 'vitest';
import { fitColumns } from '../../src-renderer/src/components/column-fit';
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
