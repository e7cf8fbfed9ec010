// The server bench's engine: a child process of the bench program that runs a whole core (create-core, its store
// opened by open-store) with the Confirm connector, as one `serve` process does: on a PostgreSQL database beside the
// round's other engines, or on a SQLite data folder alone. The process lives through every round (a server's engine
// runs for weeks; its code is warm), opening each round's store and closing it after.
//
// The round's first engine saves the cases with their connection paused, so every engine of the round begins at the
// same word: `go` resumes the connection and wakes the runner. A PostgreSQL engine's key comes as a team server's does
// (SYNCDESK_ENCRYPTION_KEY). It prints one JSON line once it runs, then answers one JSON command per stdin line with
// one JSON line.
import { createInterface } from 'node:readline';
import { createCore } from '../core/create-core';
import { createConfirmConnector, CONFIRM_ID, APPLY_TEMPLATE_JOB } from '../connectors/confirm';
import { confirmSandboxConnectionValues, SANDBOX_CREDENTIALS } from '../connectors/confirm/sandbox';
import { createMemoryCredentialStore } from '../secrets/memory-credential-store';
import { loadEncryptionKeys } from '../secrets/encryption-keys';
import { figuresOf, startProbe, type ProbeFigures } from './contract-probe';
import { profilePhase } from './measure';
import { setUpPotholeRaising } from './confirm-raise-setup';

export const SERVER_ENGINE_CHILD = 'server-engine-child';

export interface EngineReady {
  name: string;
  pid: number;
}

export interface EngineSettled {
  /**
   * When the queue had nothing pending or running any more (or stopped moving), and when the last Create job was done
   * (epoch ms).
   */
  settledAt: number;
  raisedAt: number | null;
  counts: Record<string, number>;
}

export interface EngineFigures {
  /** This engine's CPU seconds (user + system) since `go`. */
  cpuS: number;
  /** A contract call every 10 ms on this engine since `go`, as a console open on it makes. */
  api: ProbeFigures;
}

/** `sqlite` (the data folder's file), or the PostgreSQL database's URL. */
export type EngineStore = 'sqlite' | { url: string };

export type EngineCommand =
  | { op: 'open'; dataDir: string; store: EngineStore }
  | { op: 'setup'; simUrl: string; cases: number }
  | { op: 'go'; probe: boolean }
  | { op: 'settled' }
  | { op: 'figures' }
  | { op: 'close' }
  | { op: 'stop' };

type Core = Awaited<ReturnType<typeof createCore>>;

const STALLED_MS = 60_000;


/**
 * As the Confirm bench sets it up (confirm-scenario.ts), as staff would: case fields, a Reference, a Create template
 * (HW/PH, the depth as its DEPT attribute), an incoming template (so each raise is followed by its read-back), a rule;
 * then the cases, with the runner stopped and the connection paused at the end. Answers the case ids.
 */
async function setUp(core: Core, simUrl: string, cases: number): Promise<number[]> {
  const call = async <T>(channel: string, input: unknown): Promise<T> => {
    const r = await core.dispatch(channel, input);
    if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
    return r.data as T;
  };
  const { jobs, repos } = core.services;
  await jobs.stop();
  const { values } = confirmSandboxConnectionValues(simUrl);
  await call('connections:save', { connectorId: CONFIRM_ID, values, secrets: { password: SANDBOX_CREDENTIALS.password } });
  await setUpPotholeRaising(call);
  const ids: number[] = [];
  for (let i = 0; i < cases; i++)
    ids.push((await call<{ case: { id: number } }>('cases:save', { title: `Pothole ${i}`, values: { depth: 20 + (i % 80), notes: `Bench pothole ${i}, by the kerb` } })).case.id);
  await repos.connections.setState(CONFIRM_ID, 'disabled', 'held by the server bench until every engine runs');
  jobs.start();
  return ids;
}

/** `bench server-engine-child <name>`. */
export async function runServerEngineChild([name]: string[]): Promise<void> {
  let core: Core | null = null;
  const opened = () => {
    if (!core) throw new Error('no store is open');
    return core;
  };
  let cpuAtGo = process.cpuUsage();
  let probe: ReturnType<typeof startProbe> | null = null;
  // The CPU profile (SYNCDESK_BENCH_PROFILE) spans `go` to `figures`.
  const profile: { end: () => void; done: Promise<void> } = { end: () => undefined, done: Promise.resolve() };
  let round = 0;
  const answer = (value: object) => console.log(JSON.stringify(value));
  answer({ name: name!, pid: process.pid } satisfies EngineReady);
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    const cmd = JSON.parse(line) as EngineCommand;
    if (cmd.op === 'open') {
      core = await createCore({
        mode: 'headless',
        dataDir: cmd.dataDir,
        launch: { port: 0, listenerPort: 0, sandbox: false, listenerHost: '127.0.0.1' },
        connectors: [createConfirmConnector()],
        // On PostgreSQL the saved password is sealed in the database; SQLite's is in the keychain, here a memory one.
        ...(cmd.store === 'sqlite'
          ? { credentials: createMemoryCredentialStore({}, 'memory (bench engine)') }
          : { postgres: { url: cmd.store.url, keys: loadEncryptionKeys({ env: process.env }) } }),
      });
      answer({ ok: true });
    } else if (cmd.op === 'setup') answer({ ids: await setUp(opened(), cmd.simUrl, cmd.cases) });
    else if (cmd.op === 'go') {
      const c = opened();
      cpuAtGo = process.cpuUsage();
      if (cmd.probe) probe = startProbe(async () => await c.dispatch('log:page', { limit: 100 }));
      profile.done = profilePhase(`server-${name}-${++round}`, () => new Promise<void>((resolve) => (profile.end = resolve)));
      await c.services.repos.connections.setState(CONFIRM_ID, 'ready', null);
      c.services.jobs.kick();
      answer({ at: Date.now() });
    } else if (cmd.op === 'settled') {
      // Every engine of the round sees the same queue: one of them watches it. A queue that stops moving for a minute
      // (jobs that cannot run) is answered as it stands: the round then reports them as not done.
      const { repos } = opened().services;
      let moved = Date.now();
      let before = '';
      for (;;) {
        const counts = await repos.jobs.counts();
        const now = JSON.stringify(counts);
        if (now !== before) [before, moved] = [now, Date.now()];
        if (counts.pending + counts.running === 0 || Date.now() - moved > STALLED_MS) {
          const settledAt = Date.now();
          answer({ settledAt, raisedAt: await repos.probes.lastDoneAt(APPLY_TEMPLATE_JOB, 0), counts } satisfies EngineSettled);
          break;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    } else if (cmd.op === 'figures') {
      const cpu = process.cpuUsage(cpuAtGo);
      const latencies = probe ? await probe.stop() : [];
      probe = null;
      profile.end();
      await profile.done;
      answer({ cpuS: (cpu.user + cpu.system) / 1e6, api: figuresOf(latencies) } satisfies EngineFigures);
    } else if (cmd.op === 'close' || cmd.op === 'stop') {
      await core?.close();
      core = null;
      answer({ ok: true });
      if (cmd.op === 'stop') return;
    } else answer({ error: `unknown op ${String((cmd as { op: unknown }).op)}` });
  }
}
