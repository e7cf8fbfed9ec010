// Three engines on one database, as a team server runs them: each a core started as `serve --database` starts it, in a
// process of its own (test/support/team-engine-child.ts), jobs on pg-boss. Staff create 1,500 cases (3,000 took about 110 s of CI's budget; the same promises hold at 1,500) through two of
// them (a rule raises an Enquiry for each) while a CERM download runs; the third engine is killed with SIGKILL at
// random moments and started again. Confirm and CERM are simulators in this process, apart from every engine.
// Result: each case raised once (0 duplicates at Confirm), every raise done with its Enquiry number on its case (0
// lost), and the download run once, its counts right.
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIRM_ID } from '../../../src-main/connectors/confirm/ids';
import { ConfirmSandbox, confirmSandboxConnectionValues } from '../../../src-main/connectors/confirm/sandbox';
import { externalReferenceOf } from '../../../src-main/connectors/confirm/apply-template-job';
import { CERM_ID } from '../../../src-main/connectors/cerm';
import { CermSandbox, SANDBOX_CREDENTIALS as CERM_CREDENTIALS } from '../../../src-main/connectors/cerm/sandbox';
import { createAdmin } from '../../../src-main/headless/create-admin';
import { openPgPool } from '../../../src-main/store/postgres/pool';
import { bundleChild } from '../../support/crash-child-runner';
import { tempDir } from '../../support/harness';
import { freshDatabase } from './pg-store';
import { ADMIN, call, signIn, startEngine, type Engine, type Staff } from './serve-support';

const CASES = 1_500;
const CERM_CUSTOMERS = 5_000;
const DOWNLOAD = 'download-customers';
// Short, so the killed engine's jobs come back soon; long enough that a starved CPU (two shared cores) renews in time.
const LEASE_MS = 3_000;
const KILLS = 5;
/** Case saves in flight at once, spread over the two engines staff use. */
const IN_FLIGHT = 8;

let script: string;
let db: { url: string; drop(): Promise<void> };
let pool: pg.Pool;
let confirm: ConfirmSandbox;
let cerm: CermSandbox;
const engines: Engine[] = [];

/** A small seeded generator: the kill moments differ from moment to moment of a run, the same from run to run. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1_664_525 + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

async function engine(): Promise<Engine> {
  const e = await startEngine(['--database', db.url, '--no-sandbox'], { SYNCDESK_TEST_LEASE_MS: String(LEASE_MS) }, script);
  engines.push(e);
  return e;
}

async function kill(e: Engine): Promise<void> {
  const exited = new Promise((resolve) => e.child.once('exit', resolve));
  e.child.kill('SIGKILL');
  await exited;
  engines.splice(engines.indexOf(e), 1);
}

const count = async (sql: string, params: unknown[] = []) => Number((await pool.query<{ n: number }>(sql, params)).rows[0]!.n);

beforeAll(async () => {
  script = await bundleChild('test/support/team-engine-child.ts', 'team-engine-child');
  db = await freshDatabase();
  pool = openPgPool(db.url, { max: 2 });
  await createAdmin({ dataDir: tempDir(), database: db.url, email: ADMIN.email, password: ADMIN.password });
  confirm = new ConfirmSandbox(15);
  // Confirm applies a raise, then takes a moment to answer: kills land in that window too.
  confirm.answerDelayMs = 10;
  await confirm.start();
  cerm = new CermSandbox(15, CERM_CUSTOMERS);
  await cerm.start();
}, 180_000);

afterAll(async () => {
  for (const e of engines.splice(0)) await e.stop();
  await pool?.end();
  await db?.drop();
  await confirm?.stop();
  await cerm?.stop();
});

/** The Confirm and CERM connections, and the rule that raises an Enquiry for every new case (HW/PH, depth 30). */
async function configure(base: string, s: Staff): Promise<{ referenceId: number }> {
  await call(base, s, 'connections:save', { connectorId: CONFIRM_ID, ...confirmSandboxConnectionValues(confirm.url!) });
  await call(base, s, 'connections:save', {
    connectorId: CERM_ID,
    values: { apiUrl: `${cerm.url!}/`, clientId: CERM_CREDENTIALS.clientId, username: CERM_CREDENTIALS.username },
    secrets: { clientSecret: CERM_CREDENTIALS.clientSecret, password: CERM_CREDENTIALS.password },
  });
  const ref = await call<{ id: number }>(base, s, 'references:save', { name: 'Enquiry Number' });
  const out = (name: string, value: string) => ({ direction: 'out', target: { kind: 'field', name }, source: { kind: 'static', value } });
  const template = await call<{ id: number }>(base, s, 'templates:save', {
    name: 'Raise',
    type: 'create_enquiry',
    referenceId: ref.id,
    rows: [out('ServiceCode', 'HW'), out('SubjectCode', 'PH'), { direction: 'out', target: { kind: 'attribute', typeCode: 'DEPT' }, source: { kind: 'static', value: '30' } }],
  });
  await call(base, s, 'rules:save', { name: 'Raise', trigger: 'case_created', templateId: template.id });
  return { referenceId: ref.id };
}

/** Until no job is pending or running, and no run under way. */
async function settled(): Promise<void> {
  for (;;) {
    const open = await count(`SELECT count(*) AS n FROM jobs WHERE status IN ('pending', 'running')`);
    const running = await count(`SELECT count(*) AS n FROM sync_runs WHERE status = 'running'`);
    if (open === 0 && running === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface InDoubt { id: number; kind: string; entityKey: string; reason: string }

/**
 * Staff's part in the in-doubt path: a raise whose attempt a kill cut short, and that reconciliation could not settle,
 * waits for staff. They look the case up in Confirm and keep the Enquiry found there, or raise again where there is
 * none. Answers the jobs that waited.
 */
async function staffResolve(base: string, s: Staff): Promise<InDoubt[]> {
  const waited: InDoubt[] = [];
  for (let round = 0; round < 3; round++) {
    const waiting = await call<InDoubt[]>(base, s, 'jobs:in-doubt');
    if (waiting.length === 0) break;
    for (const job of waiting) {
      const caseId = Number(/^case-(\d+)$/.exec(job.entityKey)![1]);
      const existing = [...confirm.enquiries.values()].find((e) => e.externalSystemReference === externalReferenceOf(caseId));
      const answer = existing ? { jobId: job.id, action: 'use-existing', remoteId: existing.enquiryNumber } : { jobId: job.id, action: 'raise-again' };
      expect(await call<{ resolved: boolean }>(base, s, 'jobs:resolve-in-doubt', answer)).toMatchObject({ resolved: true });
      waited.push(job);
    }
    await settled();
  }
  return waited;
}

/** Staff save the cases, a few at a time, through the engines given in turn; answers the new cases' ids. */
async function createCases(through: { base: string; staff: Staff }[]): Promise<number[]> {
  const ids: number[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: IN_FLIGHT }, async (_, lane) => {
    const { base, staff } = through[lane % through.length]!;
    for (let n = next++; n < CASES; n = next++) {
      const saved = await call<{ case: { id: number } }>(base, staff, 'cases:save', { title: `Pothole ${n}`, values: {} });
      ids.push(saved.case.id);
    }
  }));
  return ids;
}

describe('three engines on one database, one killed at random moments', () => {
  it('raises 1,500 Enquiries once each and runs a CERM download once, while one engine is killed with SIGKILL and restarted', async () => {
    const started = performance.now();
    const [a, b] = [await engine(), await engine()];
    let victim = await engine();
    const [sa, sb] = [await signIn(a.base), await signIn(b.base)];
    const { referenceId } = await configure(a.base, sa);

    // Sync Now on both staff engines at once: one run, the other joins it.
    const runs = await Promise.all([a, b].map(async (e, i) => await call<{ runId: number; alreadyRunning: boolean }>(e.base, [sa, sb][i]!, 'sync:run', { connectorId: CERM_ID, taskId: DOWNLOAD })));
    expect(runs.map((r) => r.alreadyRunning).sort()).toEqual([false, true]);
    expect(new Set(runs.map((r) => r.runId)).size).toBe(1);

    const random = seeded(15);
    let kills = 0;
    const since = (t: number) => ((performance.now() - t) / 1000).toFixed(1);
    let created = '';
    const work = (async () => {
      const ids = await createCases([{ base: a.base, staff: sa }, { base: b.base, staff: sb }]);
      created = since(started);
      await settled();
      return ids;
    })();
    let done = false;
    void work.then(() => (done = true), () => (done = true));
    while (kills < KILLS && !done) {
      await new Promise((r) => setTimeout(r, 1_000 + random() * 4_000));
      if (done) break;
      await kill(victim);
      kills++;
      victim = await engine();
    }
    const ids = await work;
    const worked = since(started);
    const waited = await staffResolve(a.base, sa);

    const jobs = (await pool.query<{ kind: string; status: string; n: number }>(`SELECT kind, status, count(*) AS n FROM jobs GROUP BY kind, status ORDER BY kind, status`)).rows;
    const interrupted = await count(`SELECT coalesce(sum(interrupted), 0) AS n FROM jobs`);
    const download = await count(`SELECT finished_at - started_at AS n FROM sync_runs WHERE connector_id = $1`, [CERM_ID]);
    console.log(
      `several engines: ${CASES} cases saved in ${created} s, their raises and a ${CERM_CUSTOMERS}-customer CERM download (${(download / 1000).toFixed(1)} s) done in ${worked} s, ` +
        `${kills} kills, ${interrupted} attempts cut short, ${waited.length} raises waited for staff (${waited[0]?.reason ?? 'none'}), all done in ${since(started)} s`,
    );

    expect(kills).toBeGreaterThan(0);
    // The kills landed mid-work: attempts were cut short, and their jobs taken over after the lease.
    expect(interrupted).toBeGreaterThan(0);
    // 0 lost: every raise done (those staff answered among them); nothing in doubt, failed or left in pg-boss.
    expect(ids).toHaveLength(CASES);
    expect(jobs.map((j) => [j.kind, j.status, j.n])).toEqual([['apply-template', 'done', CASES]]);
    expect(await count(`SELECT count(*) AS n FROM pgboss.job`)).toBe(0);
    // 0 duplicates: Confirm holds one Enquiry per case, and the case holds that Enquiry's number.
    const numberOf = new Map([...confirm.enquiries.values()].map((e) => [e.externalSystemReference, e.enquiryNumber]));
    const held = new Map((await pool.query<{ caseId: number; value: string }>(`SELECT case_id AS "caseId", value FROM case_references WHERE reference_id = $1`, [referenceId])).rows.map((r) => [r.caseId, r.value]));
    const wrong = ids.filter((id) => confirm.enquiriesByExternalReference.get(externalReferenceOf(id)) !== 1 || held.get(id) !== numberOf.get(externalReferenceOf(id)));
    expect(wrong).toEqual([]);
    expect(held.size).toBe(CASES);

    // The download ran once, on one engine, and counted every customer once.
    const cermRuns = (await pool.query(`SELECT id, status, fetched, created, updated, unchanged, skipped, failed FROM sync_runs WHERE connector_id = $1 AND task_id = $2`, [CERM_ID, DOWNLOAD])).rows;
    expect(cermRuns).toEqual([{ id: runs[0]!.runId, status: 'success', fetched: CERM_CUSTOMERS, created: CERM_CUSTOMERS, updated: 0, unchanged: 0, skipped: 0, failed: 0 }]);
    expect(await count(`SELECT count(*) AS n FROM cerm_customers`)).toBe(CERM_CUSTOMERS);
    expect((await pool.query(`SELECT status, records FROM downloads WHERE connector_id = $1`, [CERM_ID])).rows).toEqual([{ status: 'complete', records: CERM_CUSTOMERS }]);
  }, 600_000);
});
