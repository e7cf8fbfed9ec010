import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertsView, StartRunResult } from '../../src-preload/contract';
import type { SmtpCatcher } from '../../src-main/sandbox/smtp-catcher';
import { startTestCore } from '../support/harness';
import { createLedgerConnector, IMPORT_TASK, LEDGER_ID, newLedgerControl } from '../support/ledger-connector';

// A fake clock: the core reads the time only through it, so the digest's wait and the schedule's slots are stepped.
let clock = Date.UTC(2026, 11, 1, 9, 0, 0);
const MINUTE = 60_000;
const control = newLedgerControl();
let h: Awaited<ReturnType<typeof startTestCore>>;

beforeAll(async () => {
  h = await startTestCore({ core: { connectors: [createLedgerConnector(control)], now: () => clock, alertDigestTickMs: 3_600_000, schedulerTickMs: 3_600_000 } });
});
afterAll(async () => {
  await h?.close();
});

async function call<T>(channel: string, input: unknown = {}): Promise<T> {
  const r = await h.core.dispatch(channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
  return r.data as T;
}

async function runImport(): Promise<void> {
  clock += MINUTE;
  const { runId } = await call<StartRunResult>('sync:run', { connectorId: LEDGER_ID, taskId: IMPORT_TASK });
  await h.services.tasks.wait(runId);
  await h.services.alerts.settled();
}

const runCount = () => h.services.repos.runs.recent(LEDGER_ID, IMPORT_TASK, 100).then((r) => r.length);
const kinds = (v: AlertsView) => v.alerts.map((a) => a.kind).sort();

describe('alerts and self-protection', () => {
  it('alerts after 3 failed runs in a row, pauses the task after 10, and Resume brings its schedule back', async () => {
    await call('alerts:save-settings', { adminEmail: 'admin@example.com', digestMinutes: 15 });
    control.runFails = 'the ledger answered 503';
    await runImport();
    await runImport();
    expect((await call<AlertsView>('alerts:list')).alerts).toEqual([]);
    await runImport();
    let view = await call<AlertsView>('alerts:list');
    expect(kinds(view)).toEqual(['task_failing']);
    expect(view.alerts[0]!.message).toContain('Import entries (Ledger (test)) failed 3 runs in a row');
    expect(view.alerts[0]!.message).toContain('the ledger answered 503');
    const firstRaised = view.alerts[0]!.raisedAt;
    expect(firstRaised).toBe(clock);

    // The digest waits its 15 minutes from the oldest alert, then goes as one email (to sandbox mode's SMTP catcher).
    const catcher = h.services.sandboxes.get(LEDGER_ID) as SmtpCatcher;
    expect(await h.services.alerts.sendDigest()).toBe(0);

    for (let i = 4; i <= 9; i++) await runImport();
    view = await call<AlertsView>('alerts:list');
    expect(kinds(view)).toEqual(['task_failing']);
    expect(view.paused).toEqual([]);
    await runImport();
    view = await call<AlertsView>('alerts:list');
    expect(kinds(view)).toEqual(['task_failing', 'task_paused']);
    expect(view.paused).toEqual([{ connectorId: LEDGER_ID, taskId: IMPORT_TASK, pausedAt: clock, reason: expect.stringContaining('Paused itself after 10 failed runs in a row') }]);

    clock = firstRaised + 16 * MINUTE;
    expect(await h.services.alerts.sendDigest()).toBe(2);
    expect(catcher.count).toBe(1);
    expect(catcher.list()[0]!.subject).toBe('SyncDesk: 2 alerts need attention');
    // One message over SMTP to the admin address, holding both alerts.
    expect(catcher.list()[0]!.envelope.to).toEqual(['admin@example.com']);
    expect(catcher.list()[0]!.text).toContain('Task failing');
    expect(catcher.list()[0]!.text).toContain('Task paused itself');
    expect(await h.services.alerts.sendDigest()).toBe(0);
    expect(catcher.count).toBe(1);

    // Paused: its schedule's slot comes and goes without a run.
    const before = await runCount();
    clock += 61 * MINUTE;
    await h.services.scheduler.tick();
    expect(await runCount()).toBe(before);

    expect(await call('alerts:resume-task', { connectorId: LEDGER_ID, taskId: IMPORT_TASK })).toEqual({ resumed: true });
    control.runFails = null;
    clock += 61 * MINUTE;
    await h.services.scheduler.tick();
    expect(await runCount()).toBe(before + 1);
    await h.services.tasks.wait((await h.services.repos.runs.recent(LEDGER_ID, IMPORT_TASK, 1))[0]!.id);
    await h.services.alerts.settled();
    view = await call<AlertsView>('alerts:list');
    // The run after Resume succeeded: no failing streak, nothing paused.
    expect(view).toEqual({ alerts: [], paused: [] });
  });

  it('alerts while a connection waits for credentials, acknowledged with who and when, cleared when it is ready again', async () => {
    control.refuseCredentials = true;
    await runImport();
    let view = await call<AlertsView>('alerts:list');
    expect(kinds(view)).toEqual(['credentials']);
    const alert = view.alerts[0]!;
    expect(alert.message).toContain('Ledger (test) is paused: the remote refused its credentials');
    const acked = await call<AlertsView['alerts'][number]>('alerts:acknowledge', { id: alert.id });
    expect(acked.acknowledgedAt).toBe(clock);
    expect(acked.acknowledgedBy!.length).toBeGreaterThan(0);
    expect((await call<AlertsView>('alerts:list')).alerts[0]!.acknowledgedAt).toBe(clock);

    control.refuseCredentials = false;
    await call('connections:save', { connectorId: LEDGER_ID, values: {} });
    view = await call<AlertsView>('alerts:list');
    expect(view.alerts).toEqual([]);
  });

  it('refuses settings that would pause a task before alerting on it', async () => {
    const r = await h.core.dispatch('alerts:save-settings', { failingRuns: 5, pauseAfter: 4 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('pausing must not come before the alert');
    expect(await call('alerts:settings')).toMatchObject({ failingRuns: 3, pauseAfter: 10 });
  });
});
