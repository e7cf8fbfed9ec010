// The server bench's Confirm part: N cases raise N Enquiries through their rule and the queue, drained by k engine
// processes (server-engine-child.ts) on one PostgreSQL database, or by one on SQLite, against a Confirm simulator in a
// process of its own that answers after 5 ms. The cases are saved first with the connection paused; every engine then
// starts at once. Duplicates are counted where they would land: in the simulator, per external reference.
import { join } from 'node:path';
import { createCore } from '../core/create-core';
import { createConfirmConnector, CONFIRM_ID } from '../connectors/confirm';
import { externalReferenceOf } from '../connectors/confirm/apply-template-job';
import { confirmSandboxConnectionValues, SANDBOX_CREDENTIALS } from '../connectors/confirm/sandbox';
import { createConfirmClient } from '../connectors/confirm/client';
import { confirmSettingsOf } from '../connectors/confirm/settings';
import { createMemoryCredentialStore } from '../secrets/memory-credential-store';
import type { EncryptionKeys } from '../secrets/encryption-keys';
import { CONFIRM_SIM_CHILD } from './confirm-sim-child';
import { startSimChild, type SimChild } from './sim-child';
import { SERVER_ENGINE_CHILD, type EngineFigures, type EngineReady, type EngineSettled } from './server-engine-child';
import { limitRaise } from './server-limit';
import { cpuSecondsOf, postgresCpuSeconds } from './proc-cpu';
import type { StoreKind } from './server-cerm';

/** Each Confirm answer this late, as over a network. */
export const LATENCY_MS = 5;
/** One engine's slots for a connector (the runner's default): the limit sends as many at once. */
export const ENGINE_SLOTS = 8;

export interface RaiseRound {
  store: StoreKind;
  engines: number;
  cases: number;
  /** From every engine's start until the last Enquiry number was recorded / until the queue was empty. */
  raiseS: number;
  settledS: number;
  jobs: Record<string, number>;
  exactlyOne: number;
  missing: number;
  duplicated: number;
  /** CPU seconds during the run: the engines together, the simulator, the PostgreSQL server (null when not read). */
  cpu: { engines: number; perEngine: number[]; simulator: number | null; postgres: number | null };
  /** The round's raw requests at the same simulator, ENGINE_SLOTS in flight. */
  limitS: number;
  latencies: { p50_ms: number; p99_ms: number; calls: number };
}

type Call = <T>(channel: string, input: unknown) => Promise<T>;

const STATUS_MAP = { '0100': 'open', '0200': 'in_progress', '0300': 'in_progress', '0900': 'resolved' } as const;

/**
 * As the Confirm bench sets it up (confirm-scenario.ts), as staff would: case fields, a Reference, a Create template
 * (HW/PH, the depth as its DEPT attribute), an incoming template (so each raise is followed by its read-back), a rule.
 */
async function setUpTemplates(call: Call): Promise<void> {
  await call('case-fields:save', { key: 'depth', label: 'Depth (mm)', kind: 'number' });
  await call('case-fields:save', { key: 'notes', label: 'Notes', kind: 'long_text' });
  await call('case-fields:save', { key: 'confirm_notes', label: 'Notes from Confirm', kind: 'long_text' });
  const ref = await call<{ id: number }>('references:save', { name: 'Enquiry Number' });
  const out = (name: string, source: object) => ({ direction: 'out', target: { kind: 'field', name }, source });
  const create = await call<{ id: number }>('templates:save', {
    name: 'Raise pothole',
    type: 'create_enquiry',
    referenceId: ref.id,
    rows: [
      out('ServiceCode', { kind: 'static', value: 'HW' }),
      out('SubjectCode', { kind: 'static', value: 'PH' }),
      out('EnquiryDescription', { kind: 'case_field', key: 'notes' }),
      { direction: 'out', target: { kind: 'attribute', typeCode: 'DEPT' }, source: { kind: 'case_field', key: 'depth' } },
    ],
  });
  await call('templates:save', {
    name: 'Pothole updated',
    type: 'enquiry_updated',
    referenceId: ref.id,
    rows: [
      { direction: 'in', source: { kind: 'field', name: 'EnquiryStatusCode' }, target: { kind: 'case_status', map: STATUS_MAP } },
      { direction: 'in', source: { kind: 'field', name: 'StatusLogNotes' }, target: { kind: 'case_field', key: 'confirm_notes' } },
    ],
  });
  await call('rules:save', { name: 'Raise', trigger: 'case_created', templateId: create.id });
}

/** Saves the connection, the rule and N cases with the runner stopped, then pauses the connection; answers the case ids. */
async function setUp(opts: { store: StoreKind; dataDir: string; database: string | null; keys: EncryptionKeys; simUrl: string; cases: number }): Promise<number[]> {
  const core = await createCore({
    mode: 'headless',
    dataDir: opts.dataDir,
    launch: { port: 0, listenerPort: 0, sandbox: false, listenerHost: '127.0.0.1' },
    connectors: [createConfirmConnector()],
    ...(opts.database ? { postgres: { url: opts.database, keys: opts.keys } } : { credentials: createMemoryCredentialStore({}, 'memory (bench setup)') }),
  });
  try {
    // Nothing is queued yet, so stopping at once leaves no job half-run: the engines run them all.
    await core.services.jobs.stop();
    const call: Call = async <T>(channel: string, input: unknown) => {
      const r = await core.dispatch(channel, input);
      if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
      return r.data as T;
    };
    const { values } = confirmSandboxConnectionValues(opts.simUrl);
    await call('connections:save', { connectorId: CONFIRM_ID, values, secrets: { password: SANDBOX_CREDENTIALS.password } });
    await setUpTemplates(call);
    const ids: number[] = [];
    for (let i = 0; i < opts.cases; i++)
      ids.push((await call<{ case: { id: number } }>('cases:save', { title: `Pothole ${i}`, values: { depth: 20 + (i % 80), notes: `Bench pothole ${i}, by the kerb` } })).case.id);
    await core.services.repos.connections.setState(CONFIRM_ID, 'disabled', 'held by the server bench until every engine runs');
    return ids;
  } finally {
    await core.close();
  }
}

const cpuDelta = (before: number | null, after: number | null) => (before === null || after === null ? null : after - before);

export async function raiseRound(opts: {
  store: StoreKind;
  engines: number;
  cases: number;
  dir: string;
  newDatabase: () => Promise<string>;
  keys: EncryptionKeys;
  keyBase64: string;
  pgDataDir: string | null;
}): Promise<RaiseRound> {
  const { store, engines: k, dir } = opts;
  if (store === 'sqlite' && k !== 1) throw new Error('a SQLite data folder has one engine (its lock says so)');
  // A simulator of its own: case ids start at 1 in every fresh store, and so do their external references.
  const sim: SimChild<{ url: string }> = await startSimChild(CONFIRM_SIM_CHILD, []);
  const children: SimChild<EngineReady>[] = [];
  try {
    const database = store === 'postgres' ? await opts.newDatabase() : null;
    const setupDir = join(dir, 'engine-0');
    const ids = await setUp({ store, dataDir: setupDir, database, keys: opts.keys, simUrl: sim.urls.url, cases: opts.cases });
    await sim.ask({ op: 'faults', latencyMs: LATENCY_MS });
    const env = { SYNCDESK_ENCRYPTION_KEY: opts.keyBase64 };
    // The SQLite engine opens the setup's data folder; each PostgreSQL engine has a folder of its own (files only).
    children.push(...await Promise.all(Array.from({ length: k }, async (_, i) =>
      await startSimChild<EngineReady>(SERVER_ENGINE_CHILD, [`${store}-${k}-${i}`, join(dir, `engine-${i}`), database ?? 'sqlite'], env))));
    const simCpu0 = cpuSecondsOf(sim.pid);
    const pgCpu0 = opts.pgDataDir && store === 'postgres' ? postgresCpuSeconds(opts.pgDataDir) : null;
    const goAt = Date.now();
    // The first engine carries the console: a contract call every 10 ms on it meanwhile.
    await Promise.all(children.map(async (c, i) => await c.ask({ op: 'go', probe: i === 0 })));
    const settled = await children[0]!.ask<EngineSettled>({ op: 'settled' });
    const figures = await Promise.all(children.map(async (c) => await c.ask<EngineFigures>({ op: 'figures' })));
    const simCpu = cpuDelta(simCpu0, cpuSecondsOf(sim.pid));
    const pgCpu = opts.pgDataDir && store === 'postgres' ? cpuDelta(pgCpu0, postgresCpuSeconds(opts.pgDataDir)) : null;
    const counts = await sim.ask<number[]>({ op: 'counts', refs: ids.map(externalReferenceOf) });
    const client = createConfirmClient(confirmSettingsOf({ ...confirmSandboxConnectionValues(sim.urls.url).values, password: SANDBOX_CREDENTIALS.password }));
    const limit = await limitRaise(client, opts.cases, `server-bench-limit-${store}-${k}`, ENGINE_SLOTS);
    return {
      store,
      engines: k,
      cases: ids.length,
      raiseS: ((settled.raisedAt ?? Number.NaN) - goAt) / 1000,
      settledS: (settled.settledAt - goAt) / 1000,
      jobs: settled.counts,
      exactlyOne: counts.filter((c) => c === 1).length,
      missing: counts.filter((c) => c === 0).length,
      duplicated: counts.filter((c) => c > 1).length,
      cpu: { engines: figures.reduce((a, f) => a + f.cpuS, 0), perEngine: figures.map((f) => f.cpuS), simulator: simCpu, postgres: pgCpu },
      limitS: limit.seconds,
      latencies: figures[0]!.api,
    };
  } finally {
    for (const c of children) await c.close().catch(() => undefined);
    await sim.close();
  }
}
