import { describe, expect, it } from 'vitest';
import { createSliceSizer, inTimedSlices, timedTransaction } from '../../../src-main/connectors/cerm/timed-slices';

describe('timed slices', () => {
  it('shrinks the slice when one takes longer than the target, down to a floor, and grows it back when they are quick', () => {
    const sizer = createSliceSizer(500, { targetMs: 8 });
    expect(sizer.size).toBe(500);
    sizer.took(500, 40);
    // Halfway from 500 to the ideal 100.
    expect(sizer.size).toBe(300);
    for (let i = 0; i < 20; i++) sizer.took(sizer.size, 1_000);
    expect(sizer.size).toBe(50);
    for (let i = 0; i < 20; i++) sizer.took(sizer.size, 1);
    expect(sizer.size).toBe(500);
  });

  it('keeps whole slices where statements do not run on the main thread (PostgreSQL), however busy it was meanwhile', () => {
    const sizer = createSliceSizer(500, { targetMs: 8, statementsOnMainThread: false });
    for (let i = 0; i < 20; i++) sizer.took(500, 1_000);
    expect(sizer.size).toBe(500);
  });

  it('ignores a quick short tail, but a slow one counts', () => {
    const sizer = createSliceSizer(500, { targetMs: 8 });
    sizer.took(20, 1);
    expect(sizer.size).toBe(500);
    sizer.took(20, 16);
    expect(sizer.size).toBe(255);
  });

  it('hands every item over once, in order, in slices no bigger than the size, the last one marked, with a turn between', async () => {
    const sizer = createSliceSizer(7, { targetMs: 8 });
    const items = Array.from({ length: 30 }, (_, i) => i);
    const seen: number[][] = [];
    const lasts: boolean[] = [];
    let turns = 0;
    await inTimedSlices(items, sizer, async () => void turns++, async (slice, last) => {
      seen.push(slice);
      lasts.push(last);
    });
    expect(seen.flat()).toEqual(items);
    expect(seen.every((s) => s.length <= 7)).toBe(true);
    expect(lasts.filter(Boolean)).toHaveLength(1);
    expect(lasts.at(-1)).toBe(true);
    expect(turns).toBe(seen.length - 1);
  });

  it('sizes by the main thread\'s busy time: a slice that holds it shrinks the next, one that waits for a server does not', async () => {
    const busy = createSliceSizer(500, { targetMs: 8 });
    // A synchronous stretch, as a SQLite transaction is.
    await inTimedSlices(Array.from({ length: 1000 }, (_, i) => i), busy, async () => undefined, async () => {
      const until = performance.now() + 40;
      while (performance.now() < until);
    });
    expect(busy.size).toBeLessThan(500);
    // The same length spent waiting, as for a PostgreSQL round trip: the event loop is idle meanwhile.
    const waiting = createSliceSizer(500, { targetMs: 8 });
    await inTimedSlices(Array.from({ length: 1000 }, (_, i) => i), waiting, async () => undefined, async () => await new Promise((r) => setTimeout(r, 40)));
    expect(waiting.size).toBe(500);
  });

  it('stops at a slice that fails: what came before stays applied, nothing after is tried', async () => {
    const applied: number[] = [];
    const run = inTimedSlices([1, 2, 3, 4, 5, 6], createSliceSizer(2, { targetMs: 8 }), async () => undefined, async (slice) => {
      if (slice.includes(3)) throw new Error('disk full');
      applied.push(...slice);
    });
    await expect(run).rejects.toThrow('disk full');
    expect(applied).toEqual([1, 2]);
  });

  it('sizes slices by their statements, not by a slow commit: a slow disk does not cut a page into more commits', async () => {
    // A store whose commit holds the thread 30 ms (SQLite's fsync on a busy disk) after quick statements.
    const commits: number[] = [];
    const repos = {
      async transaction<R>(work: () => Promise<R>): Promise<R> {
        const out = await work();
        const until = performance.now() + 30;
        while (performance.now() < until);
        commits.push(1);
        return out;
      },
    };
    const sizer = createSliceSizer(500, { targetMs: 8 });
    const items = Array.from({ length: 1_500 }, (_, i) => i);
    const stored: number[] = [];
    await inTimedSlices(items, sizer, async () => undefined, async (slice) => (await timedTransaction(repos, async () => void stored.push(...slice))).workMs);
    expect(stored).toEqual(items);
    expect(commits).toHaveLength(3);
    expect(sizer.size).toBe(500);
    // The same store timed whole shrinks the slices, and so commits more often.
    const whole = createSliceSizer(500, { targetMs: 8 });
    commits.length = 0;
    await inTimedSlices(items, whole, async () => undefined, async (slice) => void (await repos.transaction(async () => slice.length)));
    expect(commits.length).toBeGreaterThan(3);
  });
});
