// The counter behind item 7 of issue 9: refusals without a valid key are counted, one log line a minute at most.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRefusalSummary } from '../../src-main/listener/refusal-summary';

afterEach(() => {
  vi.useRealTimers();
});

function summary() {
  const lines: string[] = [];
  const s = createRefusalSummary({
    log: { write: (e) => (lines.push(e.message), {} as never) },
    connectorId: 'confirm',
    action: 'crm-agent',
    label: 'CRM Agent',
    reason: 'a missing or wrong key',
    now: Date.now,
  });
  return { s, lines };
}

describe('the refusal summary', () => {
  it('writes the first refusal at once, then one line a minute with the count since the last line', () => {
    vi.useFakeTimers({ now: new Date(2026, 11, 1, 10, 2, 0) });
    const { s, lines } = summary();
    s.count();
    expect(lines).toEqual([expect.stringMatching(/^CRM Agent: 1 request refused for a missing or wrong key since 10:02 /)]);
    vi.advanceTimersByTime(1_000);
    for (let i = 0; i < 5_000; i++) s.count();
    vi.advanceTimersByTime(58_000);
    expect(lines).toHaveLength(1);
    vi.advanceTimersByTime(1_000);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^CRM Agent: 5,000 requests refused for a missing or wrong key since 10:02 /);
    // Quiet minutes write nothing; the next refusal after one is written at once again.
    vi.advanceTimersByTime(5 * 60_000);
    expect(lines).toHaveLength(2);
    s.count();
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatch(/1 request refused .* since 10:08 /);
    expect(s.total()).toBe(5_002);
  });

  it('never writes more than one line in any minute, however the refusals come', () => {
    vi.useFakeTimers({ now: new Date(2026, 11, 1, 9, 0, 0) });
    const { s, lines } = summary();
    const written: number[] = [];
    const orig = lines.push.bind(lines);
    lines.push = (...m: string[]) => (written.push(Date.now()), orig(...m));
    for (let t = 0; t < 10 * 60_000; t += 250) {
      s.count();
      vi.advanceTimersByTime(250);
    }
    expect(written.length).toBeGreaterThanOrEqual(10);
    for (let i = 1; i < written.length; i++) expect(written[i]! - written[i - 1]!).toBeGreaterThanOrEqual(60_000);
  });

  it('writes what is only counted when flushed (the listener closing)', () => {
    const { s, lines } = summary();
    s.count();
    s.count();
    s.count();
    expect(lines).toHaveLength(1);
    s.flush();
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^CRM Agent: 2 requests refused/);
    s.flush();
    expect(lines).toHaveLength(2);
  });
});
