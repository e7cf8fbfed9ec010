// The server bench's engine: a child process of the bench program running a whole core (create-core, its store opened
// by open-store) with the Confirm connector, as one `serve` process would: on PostgreSQL beside the round's other
// engines, or on the SQLite data folder alone. The round's cases are saved before it starts, their connection paused,
// so every engine of a round begins at the same word: `go` resumes the connection and wakes the runner.
//
// It prints one JSON line once it runs, then answers one JSON command per stdin line with one JSON line.
import { createInterface } from 'node:readline';
import { createCore } from '../core/create-core';
import { createConfirmConnector, CONFIRM_ID, APPLY_TEMPLATE_JOB } from '../connectors/confirm';
import { SANDBOX_CREDENTIALS } from '../connectors/confirm/sandbox';
import { createMemoryCredentialStore } from '../secrets/memory-credential-store';
import { loadEncryptionKeys } from '../secrets/encryption-keys';
import { figuresOf, startProbe, type ProbeFigures } from './contract-probe';
import { profilePhase } from './measure';

export const SERVER_ENGINE_CHILD = 'server-engine-child';

/** `sqlite`, or the database's URL; a PostgreSQL engine's key comes as a team server's does (SYNCDESK_ENCRYPTION_KEY). */
export type EngineStore = 'sqlite' | { url: string };

export interface EngineReady {
  name: string;
  pid: number;
}

export interface EngineSettled {
  /** When the queue had nothing pending or running any more, and when the last Create job was done (epoch ms). */
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

interface Command {
  op: 'go' | 'settled' | 'figures' | 'stop';
  probe?: boolean;
}

/** `bench server-engine-child <name> <dataDir> <sqlite | postgres URL>`. */
export async function runServerEngineChild([name, dataDir, store]: string[]): Promise<void> {
  const postgres = store === 'sqlite' ? undefined : { url: store!, keys: loadEncryptionKeys({ env: process.env }) };
  const core = await createCore({
    mode: 'headless',
    dataDir: dataDir!,
    launch: { port: 0, listenerPort: 0, sandbox: false, listenerHost: '127.0.0.1' },
    connectors: [createConfirmConnector()],
    // On PostgreSQL the saved password is sealed in the database; SQLite's is in the keychain, here a memory one.
    ...(postgres ? { postgres } : { credentials: createMemoryCredentialStore({ [`connection:${CONFIRM_ID}:password`]: SANDBOX_CREDENTIALS.password }, 'memory (bench engine)') }),
  });
  const { repos, jobs } = core.services;
  console.log(JSON.stringify({ name, pid: process.pid } satisfies EngineReady));
  let cpuAtGo = process.cpuUsage();
  let probe: ReturnType<typeof startProbe> | null = null;
  // The CPU profile (SYNCDESK_BENCH_PROFILE) spans `go` to `figures`.
  const profile: { end: () => void; done: Promise<void> } = { end: () => undefined, done: Promise.resolve() };
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    const cmd = JSON.parse(line) as Command;
    if (cmd.op === 'go') {
      cpuAtGo = process.cpuUsage();
      if (cmd.probe) probe = startProbe(async () => await core.dispatch('log:page', { limit: 100 }));
      profile.done = profilePhase(`server-${name}`, () => new Promise<void>((resolve) => (profile.end = resolve)));
      await repos.connections.setState(CONFIRM_ID, 'ready', null);
      jobs.kick();
      console.log(JSON.stringify({ at: Date.now() }));
    } else if (cmd.op === 'settled') {
      // Every engine of the round sees the same queue: one of them watches it.
      for (;;) {
        const counts = await repos.jobs.counts();
        if (counts.pending + counts.running === 0) {
          const settledAt = Date.now();
          const raisedAt = await repos.probes.lastDoneAt(APPLY_TEMPLATE_JOB, 0);
          console.log(JSON.stringify({ settledAt, raisedAt, counts } satisfies EngineSettled));
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
      console.log(JSON.stringify({ cpuS: (cpu.user + cpu.system) / 1e6, api: figuresOf(latencies) } satisfies EngineFigures));
    } else if (cmd.op === 'stop') {
      await core.close();
      console.log(JSON.stringify({ ok: true }));
      return;
    } else console.log(JSON.stringify({ error: `unknown op ${String(cmd.op)}` }));
  }
}
