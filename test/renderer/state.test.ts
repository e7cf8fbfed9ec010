import { describe, expect, it } from 'vitest';
import type { ConnectionView, LogEntry, RunSummary, TaskStatus } from '../../src-preload/contract';
import { draftFromView, isDirty, issuesByField, savePayload } from '../../src-renderer/src/features/connections/connection-draft';
import { EMPTY_FILTER, matchesFilter, mergeEntries, toLogFilter } from '../../src-renderer/src/features/log/log-filter';
import { applyProgress, applyRunUpdate, progressFraction } from '../../src-renderer/src/features/sync-status/task-updates';

const counts = { fetched: 0, created: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0 };
const run = (id: number, status: RunSummary['status']): RunSummary => ({
  id, connectorId: 'c', taskId: 't', trigger: 'manual', status, startedAt: id * 1000, finishedAt: null, durationMs: null, counts, message: null,
});
const task = (over: Partial<TaskStatus> = {}): TaskStatus => ({
  connectorId: 'c', connectorName: 'C', taskId: 't', name: 'T', description: '', intervalMinutes: null, nextRunAt: null,
  connectionState: 'ready', running: null, lastRun: null, recent: [], position: null, ...over,
});
const entry = (id: number, over: Partial<LogEntry> = {}): LogEntry => ({
  id, ts: id * 10, connectorId: 'cerm', action: 'pull customer', entityType: 'customer', entityId: `C-${id}`, outcome: 'success',
  message: 'ok', attempt: 1, jobId: null, runId: null, dismissed: false, retryable: false, ...over,
});

describe('sync task updates from events', () => {
  it('shows a run from start to finish and clears the progress', () => {
    let t = applyRunUpdate(task(), run(5, 'running'));
    expect(t.running?.runId).toBe(5);
    expect(t.running && progressFraction(t.running)).toBeNull();
    t = applyProgress(t, { runId: 5, connectorId: 'c', taskId: 't', phase: 'p', done: 25, total: 100, counts });
    expect(t.running && progressFraction(t.running)).toBe(0.25);
    t = applyRunUpdate(t, run(5, 'success'));
    expect(t.running).toBeNull();
    expect(t.lastRun?.status).toBe('success');
    expect(t.recent.map((r) => r.id)).toEqual([5]);
  });

  it('ignores a late progress event for a finished run', () => {
    const t = applyRunUpdate(applyRunUpdate(task(), run(5, 'running')), run(5, 'failed'));
    expect(applyProgress(t, { runId: 5, connectorId: 'c', taskId: 't', phase: 'p', done: 1, total: null, counts }).running).toBeNull();
  });
});

describe('integration log filter', () => {
  it('sends only what is set', () => {
    expect(toLogFilter(EMPTY_FILTER)).toEqual({});
    expect(toLogFilter({ ...EMPTY_FILTER, connectorId: 'erp', outcomes: ['dead'], q: '  x  ', from: '2024-05-02T10:00' })).toMatchObject({
      connectorId: 'erp', outcomes: ['dead'], q: 'x', from: new Date('2024-05-02T10:00').getTime(),
    });
  });

  it('matches live entries against the filter', () => {
    const f = toLogFilter({ ...EMPTY_FILTER, outcomes: ['failure'], q: 'c-7' });
    expect(matchesFilter(entry(7, { outcome: 'failure' }), f)).toBe(true);
    expect(matchesFilter(entry(7), f)).toBe(false);
    expect(matchesFilter(entry(8, { outcome: 'failure' }), f)).toBe(false);
    expect(matchesFilter(entry(7, { outcome: 'failure', dismissed: true }), f)).toBe(false);
  });

  it('prepends new entries newest first and replaces known ones in place', () => {
    const merged = mergeEntries([entry(5), entry(4)], [entry(7), entry(4, { message: 'changed' }), entry(6)]);
    expect(merged.map((e) => e.id)).toEqual([7, 6, 5, 4]);
    expect(merged[3].message).toBe('changed');
  });
});

describe('connection form', () => {
  const view: ConnectionView = {
    connectorId: 'cerm', displayName: 'CERM', description: '', state: 'ready', stateMessage: null, keychainReachable: true, sandboxUrl: null, sandbox: null, updatedAt: null,
    fields: [
      { key: 'url', group: 'connection', label: 'URL', help: '', kind: 'url', required: true },
      { key: 'size', group: 'advanced', label: 'Size', help: '', kind: 'number', required: false },
      { key: 'on', group: 'behaviour', label: 'On', help: '', kind: 'boolean', required: false },
      { key: 'password', group: 'connection', label: 'Password', help: '', kind: 'secret', required: true },
      { key: 'token', group: 'connection', label: 'Token', help: '', kind: 'secret', required: false },
    ],
    values: { url: 'http://x', size: 20, on: true },
    secrets: { password: 'set', token: 'set' },
  };

  it('sends secrets only when typed or cleared', () => {
    const draft = draftFromView(view);
    expect(isDirty(view, draft)).toBe(false);
    expect(savePayload(view, draft)).toEqual({ connectorId: 'cerm', values: { url: 'http://x', size: 20, on: true }, secrets: {} });
    const edited = { values: { ...draft.values, size: '' }, secrets: { password: 'p4ss' }, clearSecrets: ['token'] };
    expect(isDirty(view, edited)).toBe(true);
    expect(savePayload(view, edited)).toEqual({
      connectorId: 'cerm', values: { url: 'http://x', size: null, on: true }, secrets: { password: 'p4ss', token: null },
    });
  });

  it('puts issues under their fields', () => {
    const { byField, other } = issuesByField(view.fields, [
      { path: 'values.url', message: 'bad url' },
      { path: 'size', message: 'Use at most 10.', rule: 'too_big', limit: 10 },
      { path: '', message: 'general' },
    ]);
    const labels = Object.fromEntries(view.fields.map((f) => [f.key, f.label]));
    expect(byField).toEqual({ url: [`${labels.url}: bad url.`], size: [`${labels.size} must be 10 or less.`] });
    expect(other).toEqual([{ path: '', message: 'general' }]);
  });
});
