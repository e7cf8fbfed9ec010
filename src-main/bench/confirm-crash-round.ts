// The Confirm bench's crash round: a core in a child process raises N Enquiries at the bench's simulator and is
// killed with SIGKILL several times mid-raise, then runs until every job settles. The round counts the cases whose
// external reference reached the simulator more than once (the goal is 0).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore } from '../core/create-core';
import { createConfirmConnector, CONFIRM_ID } from '../connectors/confirm';
import { ConfirmSandbox, confirmSandboxConnectionValues, SANDBOX_CREDENTIALS } from '../connectors/confirm/sandbox';
import { externalReferenceOf } from '../connectors/confirm/apply-template-job';
import { createMemoryCredentialStore } from '../secrets/memory-credential-store';

export const CRASH_CHILD = 'confirm-crash-child';

/** A Reference, a Create template (HW/PH, depth 30) and the rule that applies it to every new case. */
export async function setUpRaiseRule(call: <T>(channel: string, input: unknown) => Promise<T>): Promise<{ referenceId: number; templateId: number }> {
  const ref = await call<{ id: number }>('references:save', { name: 'Enquiry Number' });
  const template = await call<{ id: number }>('templates:save', {
    name: 'Raise',
    type: 'create_enquiry',
    referenceId: ref.id,
    rows: [
      { direction: 'out', target: { kind: 'field', name: 'ServiceCode' }, source: { kind: 'static', value: 'HW' } },
      { direction: 'out', target: { kind: 'field', name: 'SubjectCode' }, source: { kind: 'static', value: 'PH' } },
      { direction: 'out', target: { kind: 'attribute', typeCode: 'DEPT' }, source: { kind: 'static', value: '30' } },
    ],
  });
  await call('rules:save', { name: 'Raise', trigger: 'case_created', templateId: template.id });
  return { referenceId: ref.id, templateId: template.id };
}

/** The child: `bench confirm-crash-child <dataDir> <simulator url> <cases>`; prints "DONE <raised>" lines, then SETTLED. */
export async function runConfirmCrashChild([dataDir, url, count]: string[]): Promise<void> {
  const core = await createCore({
    mode: 'headless',
    dataDir: dataDir!,
    launch: { port: 0, listenerPort: 0, sandbox: false, listenerHost: '127.0.0.1' },
    connectors: [createConfirmConnector()],
    credentials: createMemoryCredentialStore({ [`connection:${CONFIRM_ID}:password`]: SANDBOX_CREDENTIALS.password }, 'memory (bench child)'),
    jobRunner: { leaseMs: 2_000, pollMs: 20 },
  });
  const call = async <T>(channel: string, input: unknown): Promise<T> => {
    const r = await core.dispatch(channel, input);
    if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
    return r.data as T;
  };
  const { repos, jobs } = core.services;
  if ((await repos.cases.page({ after: null, limit: 1 })).rows.length === 0) {
    const { values } = confirmSandboxConnectionValues(url!);
    await call('connections:save', { connectorId: CONFIRM_ID, values, secrets: { password: SANDBOX_CREDENTIALS.password } });
    await setUpRaiseRule(call);
    await jobs.stop();
    for (let i = 0; i < Number(count); i++) await call('cases:save', { title: `Crash pothole ${i}`, values: {} });
    jobs.start();
  }
  console.log('READY');
  const timer = setInterval(() => void repos.jobs.counts().then((c) => console.log(`DONE ${c.done}`)), 20);
  await jobs.whenSettled();
  clearInterval(timer);
  console.log('SETTLED');
  await core.close();
}

function runChild(args: string[], killAt: number | null): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [process.argv[1]!, CRASH_CHILD, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let killed = false;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const m = /DONE (\d+)\s*$/.exec(chunk.trimEnd());
      if (m && killAt !== null && !killed && Number(m[1]) >= killAt) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('exit', (code) => (killed || code === 0 ? resolve(killed) : reject(new Error(`the crash child exited with ${code}`))));
  });
}

export interface CrashRound {
  cases: number;
  kills: number;
  duplicated: number;
  missing: number;
  seconds: number;
}

/**
 * Raises `n` Enquiries from a child core killed at five points, then settled, against a simulator of its own (in this
 * process, so apart from the core that crashes); counts what reached the simulator.
 */
export async function runCrashRound(seed: number, n: number): Promise<CrashRound> {
  const dir = mkdtempSync(join(tmpdir(), 'syncdesk-bench-crash-'));
  const t0 = Date.now();
  const sandbox = new ConfirmSandbox(seed);
  await sandbox.start();
  // Confirm takes a moment between applying a raise and answering it: kills land in that window.
  sandbox.answerDelayMs = 10;
  try {
    let kills = 0;
    for (const share of [0.1, 0.3, 0.5, 0.7, 0.9]) if (await runChild([dir, sandbox.url!, String(n)], Math.floor(n * share))) kills++;
    await runChild([dir, sandbox.url!, String(n)], null);
    let duplicated = 0;
    let missing = 0;
    // The child's cases are numbered 1..n in its own data folder.
    for (let id = 1; id <= n; id++) {
      const added = sandbox.enquiriesByExternalReference.get(externalReferenceOf(id)) ?? 0;
      if (added === 0) missing++;
      else if (added > 1) duplicated++;
    }
    return { cases: n, kills, duplicated, missing, seconds: (Date.now() - t0) / 1000 };
  } finally {
    await sandbox.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
