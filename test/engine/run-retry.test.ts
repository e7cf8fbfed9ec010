// Retry on a failed run's log line: the task runs again and the same line shows that run's outcome as its next
// attempt, in place, still listed under the filter that found it; nothing is dismissed and no second Retry is offered.
import { afterEach, describe, expect, it } from 'vitest';
import type { LogEntry } from '../../src-preload/contract';
import { startTestCore, until } from '../support/harness';
import { TESTKIT_ID } from '../support/testkit-connector';

let h: Awaited<ReturnType<typeof startTestCore>> | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function call<T>(channel: string, input: unknown): Promise<T> {
  const r = await h!.core.dispatch(channel as never, input as never);
  if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
  return r.data as T;
}

async function pullAndWait(): Promise<number> {
  const { runId } = await call<{ runId: number }>('sync:run', { connectorId: TESTKIT_ID, taskId: 'pull-widgets' });
  await until(async () => (await h!.services.repos.runs.get(runId))?.finishedAt, 'the run to finish');
  return runId;
}

const failures = async () => (await call<{ entries: LogEntry[] }>('log:page', { connectorId: TESTKIT_ID, outcomes: ['failure'] })).entries;

describe('retrying a failed run from the log', () => {
  it('shows the new run as the same entry’s next attempt, under the failure filter', async () => {
    h = await startTestCore({ widgets: 5 });
    await h.sandbox.setFaults({ down: true });
    const failedRun = await pullAndWait();
    const [line] = (await failures()).filter((e) => e.runId === failedRun);
    expect(line).toMatchObject({ retryable: true, dismissed: false });
    await h.sandbox.setFaults({ down: false });

    const retried = await call<{ retried: boolean; message: string }>('log:retry', { id: line!.id });
    expect(retried.retried).toBe(true);
    const newRun = Number(/run (\d+)/i.exec(retried.message)![1]);
    expect(newRun).toBeGreaterThan(failedRun);
    await until(async () => (await h!.services.repos.runs.get(newRun))?.finishedAt, 'the retry run to finish');
    expect((await h.services.repos.runs.get(newRun))!.status).toBe('success');

    // The run's own line is written as it ends; until then the entry says a retry is under way.
    const shown = await until(async () => (await failures()).find((e) => e.id === line!.id && e.nextAttempt), 'the next attempt on the line');
    expect(shown).toMatchObject({ dismissed: false, retryable: false, outcome: 'failure' });
    expect(shown.nextAttempt).toMatchObject({ outcome: 'success' });
    const entry = await call<LogEntry>('log:entry', { id: line!.id });
    expect(entry.nextAttempt?.id).toBe(shown.nextAttempt!.id);
    // The next attempt is the retry run's own line.
    expect((await call<LogEntry>('log:entry', { id: shown.nextAttempt!.id })).runId).toBe(newRun);
    expect(await call('log:retry', { id: line!.id })).toMatchObject({ retried: false });
  });

  it('a retry run that fails again is shown as the next attempt too, and is retried from its own line', async () => {
    h = await startTestCore({ widgets: 5 });
    await h.sandbox.setFaults({ down: true });
    const failedRun = await pullAndWait();
    const [line] = (await failures()).filter((e) => e.runId === failedRun);
    const retried = await call<{ message: string }>('log:retry', { id: line!.id });
    const newRun = Number(/run (\d+)/i.exec(retried.message)![1]);
    const shown = await until(async () => (await failures()).find((e) => e.id === line!.id && e.nextAttempt), 'the next attempt on the line');
    expect(shown.nextAttempt).toMatchObject({ outcome: 'failure' });
    expect(shown.retryable).toBe(false);
    expect((await failures()).find((e) => e.id === shown.nextAttempt!.id)).toMatchObject({ runId: newRun, retryable: true });
  });
});
