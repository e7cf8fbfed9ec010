// A connector is one folder: the toy connector under test/support/toy-connector/ is handed to the core as its
// registry list, and everything it brings works with no edit anywhere else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { peekDb, startTestCore, until } from '../support/harness';
import { createToyConnector, NOTES_ROUTE, TOY_ID } from '../support/toy-connector';
import type { ToySandbox } from '../support/toy-connector/sandbox';

type Harness = Awaited<ReturnType<typeof startTestCore>>;
let h: Harness;

beforeAll(async () => {
  h = await startTestCore({ core: { connectors: [createToyConnector()] } });
});
afterAll(async () => {
  await h.close();
});

async function call<T>(channel: string, input: unknown = {}): Promise<T> {
  const r = await h.core.dispatch(channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.data as T;
}

const toySandbox = () => h.services.sandboxes.get(TOY_ID) as ToySandbox;

describe('a connector from one folder', () => {
  it('has its migration applied and tracked under its own id', () => {
    const db = peekDb(h.services.paths.database);
    expect(db.prepare(`SELECT version FROM connector_schema WHERE connector_id = ?`).pluck().get(TOY_ID)).toBe(1);
    expect(db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name = 'toy_notes'`).pluck().get()).toBe('toy_notes');
  });

  it('starts both of its simulators, and its connection talks to them', async () => {
    const names = (await call<{ connectorId: string; name: string; running: boolean }[]>('sandbox:list')).filter((s) => s.connectorId === TOY_ID);
    expect(names.map((s) => [s.name, s.running])).toEqual([
      ['Toy notes (test)', true],
      ['Toy audit trail (test)', true],
    ]);
    const test = await call<{ ok: boolean; message: string }>('connections:test', { connectorId: TOY_ID });
    expect(test).toMatchObject({ ok: true, message: 'Connected to the toy.' });
    expect(h.services.sandboxes.get(TOY_ID, 'Toy audit trail (test)')!.requests).toBeGreaterThan(0);
  });

  it('runs its task from Sync Now into its own repository', async () => {
    const started = await call<{ runId: number }>('sync:run', { connectorId: TOY_ID, taskId: 'fetch-notes' });
    const run = await h.services.tasks.wait(started.runId);
    expect(run).toMatchObject({ status: 'success', counts: { fetched: 2, created: 2 } });
    expect(await call<{ text: string }[]>('toy:notes', { source: 'remote' })).toEqual([
      expect.objectContaining({ text: 'first remote note' }),
      expect.objectContaining({ text: 'second remote note' }),
    ]);
  });

  it('serves its contract channel through the router, input parsed by its own schema', async () => {
    const bad = await h.core.dispatch('toy:notes', { source: 42 });
    expect(bad.ok === false && bad.error.code).toBe('invalid_input');
    const unknown = await h.core.dispatch('toy:nothing', {});
    expect(unknown.ok === false && unknown.error.code).toBe('unknown_channel');
  });

  it('takes a push on its listener route and performs the job it queued against its simulator', async () => {
    const res = await fetch(`${h.core.listenerUrl}${NOTES_ROUTE}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'pushed hello' }) });
    expect(res.status).toBe(202);
    const { jobId } = (await res.json()) as { jobId: number };
    await until(async () => (await h.services.repos.jobs.get(jobId))?.status === 'done', 'the pushed note job');
    expect(toySandbox().posted).toContain('pushed hello');
    const notes = await call<{ text: string; source: string }[]>('toy:notes');
    expect(notes.filter((n) => n.text === 'pushed hello').map((n) => n.source)).toEqual(['listener', 'posted']);
    const refused = await fetch(`${h.core.listenerUrl}${NOTES_ROUTE}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(refused.status).toBe(400);
  });

  it("answers the domain's events in the change's transaction: a new case queues its job", async () => {
    const saved = await call<{ case: { id: number } }>('cases:save', { title: 'Streetlight out', values: {} });
    const caseId = saved.case.id;
    const job = peekDb(h.services.paths.database).prepare(`SELECT id FROM jobs WHERE idempotency_key = ?`).pluck().get(`toy:case:${caseId}`) as number;
    expect(job).toBeGreaterThan(0);
    await until(async () => (await h.services.repos.jobs.get(job))?.status === 'done', 'the case note job');
    expect(toySandbox().posted).toContain(`case ${caseId}`);
  });
});
