import { mkdtempSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore } from '../core/create-core';
import { createConfirmConnector, CONFIRM_ID, APPLY_TEMPLATE_JOB } from '../connectors/confirm';
import { externalReferenceOf } from '../connectors/confirm/apply-template-job';
import { runCrashRound } from './confirm-crash-round';
import { createConfirmClient, type ConfirmClient } from '../connectors/confirm/client';
import { confirmSettingsOf } from '../connectors/confirm/settings';
import { CRM_AGENT_PATH } from '../connectors/confirm/crm-agent-route';
import { confirmSandboxConnectionValues } from '../connectors/confirm/sandbox';
import type { BenchResult } from './bench-types';
import { peakRssMb, profilePhase, seconds } from './measure';
import { loadFromWorker } from './http-load';
import { createMemoryCredentialStore } from '../secrets/memory-credential-store';
import { startSimChild, type SimChild } from './sim-child';
import { CONFIRM_SIM_CHILD } from './confirm-sim-child';
import { figuresOf, startProbe } from './contract-probe';
import { setUpPotholeRaising, STATUS_MAP } from './confirm-raise-setup';

/** The job runner's default concurrency: the raw baseline sends with as many requests in flight. */
const JOB_CONCURRENCY = 8;
/** CRM Agent updates posted per raised Enquiry, and the HTTP clients posting them at once. */
const UPDATES_PER_ENQUIRY = 5;
const INBOUND_CLIENTS = 8;
/** Each update moves the case to another status (0100 open, 0200 in progress, 0900 resolved). */
const STATUS_CYCLE = ['0200', '0900', '0100'] as const;
const WARM_UP = 50;
/** Engine and baseline rounds, alternated; medians are reported. */
const ROUNDS = 5;
/** The extra round's answer delay: a network between SyncDesk and Confirm instead of one process. */
const LATENCY_MS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Runs `count` calls with `workers` of them in flight at once. */
async function inParallel(count: number, workers: number, one: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await one(next++);
  };
  await Promise.all(Array.from({ length: Math.min(workers, count) }, worker));
}

/** The bench's i-th raw Enquiry, as the engine's template raises it (HW/PH with its mandatory DEPT). */
const benchEnquiry = (prefix: string, i: number) => ({
  fields: { ServiceCode: 'HW', SubjectCode: 'PH', EnquiryDescription: `Bench pothole ${i}, by the kerb`, ExternalSystemReference: `${prefix}-${i}` },
  attributes: [{ typeCode: 'DEPT', value: { text: String(20 + (i % 80)) } }],
  loggedAt: null,
  idempotencyKey: `${prefix}:${i}`,
});

/**
 * The NewEnquiry requests the Create template renders (same fields, attribute and idempotency header), sent straight
 * with the client, as many at once as the job runner runs: no SQLite, no queue, no case. With `readBack`, each is
 * followed by the GetEnquiry the job sends to apply the incoming templates.
 */
async function rawBaseline(client: ConfirmClient, count: number, prefix: string, readBack = false): Promise<{ seconds: number; raised: number }> {
  let raised = 0;
  const t0 = process.hrtime.bigint();
  await inParallel(count, JOB_CONCURRENCY, async (i) => {
    const { enquiryNumber } = await client.newEnquiry(benchEnquiry(prefix, i));
    if (readBack) await client.getEnquiries([enquiryNumber]);
    raised++;
  });
  return { seconds: seconds(t0), raised };
}

/**
 * The limit: the smallest correct program doing the engine's work per Enquiry: the same NewEnquiry request (with a
 * GetEnquiry read-back when `readBack`), as many in flight, and one prepared INSERT of the result into a SQLite file
 * with the engine's durability (WAL, synchronous=FULL, a result counts once committed; results that arrive together
 * share a commit, as the runner's settle step does).
 */
async function rawLimit(client: ConfirmClient, count: number, prefix: string, file: string, readBack = false): Promise<number> {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE IF NOT EXISTS raised (ref TEXT PRIMARY KEY, enquiry_number TEXT NOT NULL, status TEXT) STRICT`);
  const insert = db.prepare(`INSERT INTO raised (ref, enquiry_number, status) VALUES (?, ?, ?)`);
  const commit = db.transaction((rows: [string, string, string | null][]) => {
    for (const r of rows) insert.run(...r);
  });
  let group: { row: [string, string, string | null]; done: () => void }[] = [];
  const store = (row: [string, string, string | null]) =>
    new Promise<void>((done) => {
      if (group.length === 0)
        setImmediate(() => {
          const g = group;
          group = [];
          commit(g.map((m) => m.row));
          for (const m of g) m.done();
        });
      group.push({ row, done });
    });
  const t0 = process.hrtime.bigint();
  await inParallel(count, JOB_CONCURRENCY, async (i) => {
    const { enquiryNumber } = await client.newEnquiry(benchEnquiry(prefix, i));
    const status = readBack ? ((await client.getEnquiries([enquiryNumber]))[0]?.statusCode ?? null) : null;
    await store([`${prefix}-${i}`, enquiryNumber, status]);
  });
  const secs = seconds(t0);
  db.close();
  return secs;
}

/**
 * Confirm against its simulator (in a child process): N cases raising N Enquiries through a case_created rule and the job queue, the same
 * NewEnquiry requests sent raw, then CRM Agent updates for those Enquiries posted to the listener as fast as it takes
 * them.
 */
export async function runConfirmScenario(args: { enquiries: number }): Promise<BenchResult> {
  const n = args.enquiries;
  if (!Number.isInteger(n) || n < 10 || n > 100_000) throw new Error('--enquiries must be a whole number from 10 to 100,000');
  const dir = mkdtempSync(join(tmpdir(), 'syncdesk-bench-confirm-'));
  const remote: SimChild<{ url: string }> = await startSimChild(CONFIRM_SIM_CHILD, []);
  const core = await createCore({
    mode: 'headless',
    dataDir: join(dir, 'data'),
    launch: { port: 0, listenerPort: 0, sandbox: false, listenerHost: '127.0.0.1' },
    connectors: [createConfirmConnector()],
    credentials: createMemoryCredentialStore({}, 'memory (bench)'),
    jobRunner: { concurrency: JOB_CONCURRENCY },
  });
  try {
    const { repos, jobs, connections, registry } = core.services;
    const call = async <T>(channel: string, input: unknown): Promise<T> => {
      const r = await core.dispatch(channel as Parameters<typeof core.dispatch>[0], input);
      if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
      return r.data as T;
    };
    const countsOf = (ids: number[]) => remote.ask<number[]>({ op: 'counts', refs: ids.map(externalReferenceOf) });
    await call('connections:save', { connectorId: CONFIRM_ID, ...confirmSandboxConnectionValues(remote.urls.url) });

    // Setup, as staff would do it: case fields, a Reference, a Create template, an incoming template, one rule.
    const ref = { id: (await setUpPotholeRaising(call)).referenceId };

    // The client the jobs build, from the same effective settings (the simulator's address and password).
    const client = createConfirmClient(confirmSettingsOf(await connections.load(registry.get(CONFIRM_ID)!)));
    // Warm the simulator's, the SOAP layer's, the HTTP stack's and the engine's code (JIT) first, so neither measure
    // pays for it: a small engine round and a small baseline, not reported.
    await rawBaseline(client, Math.min(WARM_UP, n), 'bench-warm', true);

    // One engine round: N cases saved as staff would (each save fires the rule and queues its job in the same
    // commit), then the queue drained: lease, render, NewEnquiry, record the number, read back, apply the incoming
    // template, log. The runner waits while the cases are saved, so the two are timed apart: the raw baseline
    // creates no cases.
    const engineRound = async (round: number, count = n) => {
      const ids: number[] = [];
      await jobs.stop();
      const firstJob = await repos.probes.lastJobId();
      const tSaves = process.hrtime.bigint();
      for (let i = 0; i < count; i++) {
        const saved = await call<{ case: { id: number } }>('cases:save', { title: `Pothole ${round}.${i}`, values: { depth: 20 + (i % 80), notes: `Bench pothole ${i}, by the kerb` } });
        ids.push(saved.case.id);
      }
      const savesS = seconds(tSaves);
      const queued = (await repos.jobs.counts()).pending;
      const t0 = process.hrtime.bigint();
      const startedAt = Date.now();
      await profilePhase(`confirm-engine-${round}`, async () => {
        jobs.start();
        await jobs.whenSettled();
      });
      const settledS = seconds(t0);
      // Raised: the moment the last Create job committed its Enquiry number (the read-backs queued behind run on).
      const raiseS = ((await repos.probes.lastDoneAt(APPLY_TEMPLATE_JOB, firstJob) ?? Number.NaN) - startedAt) / 1000;
      return { ids, savesS, queued, raiseS, settledS };
    };

    // Rounds alternate engine and baselines, and the medians are compared: one slow moment of a shared machine then
    // moves neither side alone.
    const engine: Awaited<ReturnType<typeof engineRound>>[] = [];
    const baselines: number[] = [];
    const readBacks: number[] = [];
    const limits: number[] = [];
    const limitReadBacks: number[] = [];
    await engineRound(0, Math.max(10, Math.round(n / 4)));
    await rawBaseline(client, Math.max(10, Math.round(n / 4)), 'bench-warm-2', true);
    await rawLimit(client, Math.max(10, Math.round(n / 4)), 'bench-warm-3', join(dir, 'limit-warm.db'), true);
    // The Cases screen asked for every 10 ms, all through the measured rounds.
    const probe = startProbe(() => call('log:page', { limit: 100 }));
    const engineLatencies: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      probe.take();
      engine.push(await engineRound(round));
      engineLatencies.push(...probe.take());
      limits.push(await rawLimit(client, n, `bench-limit-${round}`, join(dir, `limit-${round}.db`)));
      limitReadBacks.push(await rawLimit(client, n, `bench-limit-readback-${round}`, join(dir, `limit-readback-${round}.db`), true));
      // The same N NewEnquiry requests, as many in flight as the runner runs; then each with a GetEnquiry read-back.
      baselines.push((await profilePhase(`confirm-baseline-${round}`, () => rawBaseline(client, n, `bench-baseline-${round}`))).seconds);
      readBacks.push((await rawBaseline(client, n, `bench-readback-${round}`, true)).seconds);
    }
    // The same comparison with each Confirm answer LATENCY_MS late, as over a network: one round of each, after the
    // measured rounds (their Enquiries are counted with the others below).
    await remote.ask({ op: 'faults', latencyMs: LATENCY_MS });
    const slowEngine = await engineRound(ROUNDS + 1);
    const slowBaseline = (await rawBaseline(client, n, 'bench-baseline-latency')).seconds;
    const slowLimit = await rawLimit(client, n, 'bench-limit-latency', join(dir, 'limit-latency.db'));
    await remote.ask({ op: 'faults', latencyMs: 0 });
    engine.push(slowEngine);
    const rssAfterEngine = peakRssMb();
    const caseIds = engine.flatMap((r) => r.ids);
    const measured = engine.slice(0, ROUNDS);
    const raiseS = median(measured.map((r) => r.raiseS));
    const engineS = median(measured.map((r) => r.settledS));
    const savesS = median(measured.map((r) => r.savesS));
    const queued = engine[0]!.queued;
    const baseline = { seconds: median(baselines) };
    const limitS = median(limits);
    const limitReadBackS = median(limitReadBacks);
    const withReadBack = { seconds: median(readBacks) };
    const jobCounts = await repos.jobs.counts();
    let exactlyOne = 0;
    let missing = 0;
    let duplicated = 0;
    const numbers: string[] = [];
    const raisedCounts = await countsOf(caseIds);
    for (const count of raisedCounts) {
      if (count === 1) exactlyOne++;
      else if (count === 0) missing++;
      else duplicated++;
    }
    // The first round's Enquiries take the CRM Agent updates.
    for (const id of engine[0]!.ids) {
      const held = await repos.references.valueOf(id, ref.id);
      if (held !== null) numbers.push(held);
    }

    // ---- exactly once: a round with 10% of Confirm's answers lost after it applied them, then a crash round ------------
    const LOST_SHARE = 0.1;
    const lostCount = Math.max(10, Math.round(n / 5));
    const lostBefore = (await remote.ask<{ lostReplies: number }>({ op: 'lost', rate: LOST_SHARE })).lostReplies;
    const lostRound = await engineRound(ROUNDS + 2, lostCount);
    const lostAfter = (await remote.ask<{ lostReplies: number }>({ op: 'lost', rate: 0 })).lostReplies;
    const lostCounts = await countsOf(lostRound.ids);
    const lostDuplicated = lostCounts.filter((c) => c > 1).length;
    const lostMissing = lostCounts.filter((c) => c === 0).length;
    const crash = await runCrashRound(7, lostCount);

    // ---- inbound: CRM Agent updates for the raised Enquiries, posted by a few clients at once --------------------------
    const { newKey } = await call<{ newKey: string }>('confirm:rotate-crm-agent-key', {});
    const url = `${core.listenerUrl}${CRM_AGENT_PATH}?key=${encodeURIComponent(newKey)}`;
    // The status changes are made in the simulator as a Confirm user would (its own pushes stay off: it knows no
    // listener); the bench posts the XML its CRM Agent would, built beforehand so the timing holds only the posting.
    const bodies = await remote.ask<string[]>({ op: 'updates', numbers, rounds: UPDATES_PER_ENQUIRY, cycle: [...STATUS_CYCLE] });
    const seenBefore = await repos.confirmUpdates.count();
    // The CRM Agent's posts come from a worker thread (Confirm is another machine): the listener keeps this thread.
    const load = await profilePhase('confirm-inbound', () =>
      loadFromWorker({ url, method: 'POST', contentType: 'text/xml; charset=utf-8', bodies, clients: INBOUND_CLIENTS }),
    );
    const inboundLatencies = probe.take();
    const results = load.results;
    const inboundS = load.seconds;
    // The floor of this set-up: the same clients asking the listener's /health as often.
    const floor = await loadFromWorker({ url: `${core.listenerUrl}/health`, method: 'GET', count: bodies.length, clients: INBOUND_CLIENTS });
    const healthOk = floor.results.ok ?? 0;
    const floorS = floor.seconds;
    const applied = results.applied ?? 0;
    const dedupeRows = ((await repos.confirmUpdates.count())) - seenBefore;
    const finalStatus = STATUS_MAP[STATUS_CYCLE[(UPDATES_PER_ENQUIRY - 1) % STATUS_CYCLE.length]!];
    const holderCases: number[] = [];
    for (const id of engine[0]!.ids) if ((await repos.references.valueOf(id, ref.id)) !== null) holderCases.push(id);
    let atFinalStatus = 0;
    for (const id of holderCases) if ((await repos.cases.get(id))?.status === finalStatus) atFinalStatus++;
    core.services.log.flush();

    const r3 = (v: number) => Math.round(v * 1000) / 1000;
    await probe.stop();
    const api = figuresOf(engineLatencies);
    const inboundApi = figuresOf(inboundLatencies);
    const ratio = raiseS / baseline.seconds;
    const json = {
      scenario: 'confirm',
      enquiries: n,
      engine_s: r3(raiseS),
      engine_settled_s: r3(engineS),
      engine_jobs_queued: queued,
      saves_s: r3(savesS),
      saves_plus_settled_s: r3(savesS + engineS),
      engine_enquiries_ok: exactlyOne,
      engine_enquiries_missing: missing,
      engine_enquiries_duplicated: duplicated,
      lost_answer_round_cases: lostRound.ids.length,
      lost_answer_round_answers_lost: lostAfter - lostBefore,
      lost_answer_round_duplicated: lostDuplicated,
      lost_answer_round_missing: lostMissing,
      crash_round_cases: crash.cases,
      crash_round_kills: crash.kills,
      crash_round_duplicated: crash.duplicated,
      crash_round_missing: crash.missing,
      jobs_done: jobCounts.done,
      jobs_failed: jobCounts.failed + jobCounts.dead,
      baseline_s: r3(baseline.seconds),
      ratio: Math.round(ratio * 100) / 100,
      limit_s: r3(limitS),
      ratio_to_limit: Math.round((raiseS / limitS) * 100) / 100,
      limit_rounds_s: limits.map(r3),
      limit_with_readback_s: r3(limitReadBackS),
      ratio_settled_to_limit_with_readback: Math.round((engineS / limitReadBackS) * 100) / 100,
      limit_with_latency_s: r3(slowLimit),
      ratio_to_limit_with_latency: Math.round((slowEngine.raiseS / slowLimit) * 100) / 100,
      api_p50_ms: api.p50_ms,
      api_p99_ms: api.p99_ms,
      api_calls: api.calls,
      inbound_api_p99_ms: inboundApi.p99_ms,
      rounds: ROUNDS,
      engine_rounds_s: measured.map((r) => r3(r.raiseS)),
      baseline_rounds_s: baselines.map(r3),
      latency_ms: LATENCY_MS,
      engine_with_latency_s: r3(slowEngine.raiseS),
      baseline_with_latency_s: r3(slowBaseline),
      ratio_with_latency: Math.round((slowEngine.raiseS / slowBaseline) * 100) / 100,
      baseline_with_readback_s: r3(withReadBack.seconds),
      ratio_settled_vs_readback: Math.round((engineS / withReadBack.seconds) * 100) / 100,
      inbound_posted: bodies.length,
      inbound_applied: applied,
      inbound_other: Object.fromEntries(Object.entries(results).filter(([k]) => k !== 'applied')),
      inbound_dedupe_rows: dedupeRows,
      inbound_cases_at_final_status: atFinalStatus,
      inbound_s: r3(inboundS),
      inbound_per_s: Math.round(applied / inboundS),
      inbound_clients: INBOUND_CLIENTS,
      listener_floor_per_s: Math.round(healthOk / floorS),
      rss_after_engine_mb: rssAfterEngine,
      peak_rss_mb: peakRssMb(),
    };
    const other = Object.entries(json.inbound_other).map(([k, v]) => `${v} ${k}`).join(', ');
    return {
      title: `Confirm: ${n.toLocaleString('en')} enquiries, ${JOB_CONCURRENCY} in flight, medians of ${ROUNDS} alternated rounds, simulator in a child process, CRM Agent clients in a worker thread`,
      table: [
        ['N cases saved (each fires the rule, queues its job)', `${json.saves_s} s, ${queued} jobs queued`],
        ['raise N enquiries through the queue (last Enquiry number recorded)', `${json.engine_s} s (rounds ${json.engine_rounds_s.join(', ')})`],
        ['  ... and every read-back applied (queue settled)', `${json.engine_settled_s} s (saves + settled ${json.saves_plus_settled_s} s)`],
        ['  each case has exactly one Enquiry', `${exactlyOne} of ${caseIds.length} (${missing} missing, ${duplicated} duplicated; jobs ${jobCounts.done} done, ${json.jobs_failed} failed/dead)`],
        [`${LOST_SHARE * 100}% of answers lost after Confirm applied them: duplicated (goal 0)`, `${lostDuplicated} of ${lostRound.ids.length} (${json.lost_answer_round_answers_lost} answers lost, ${lostMissing} missing)`],
        ['killed with SIGKILL mid-raise (a child core): duplicated (goal 0)', `${crash.duplicated} of ${crash.cases} (${crash.kills} kills, ${crash.missing} missing, ${crash.seconds} s)`],
        ['same NewEnquiry requests, raw baseline', `${json.baseline_s} s (rounds ${json.baseline_rounds_s.join(', ')})`],
        ['limit: same requests + one prepared INSERT per result, same durability', `${json.limit_s} s (rounds ${json.limit_rounds_s.join(', ')})`],
        ['ratio engine / limit', String(json.ratio_to_limit)],
        ['ratio engine / baseline (goal <= 1.5)', String(json.ratio)],
        ['  settled / limit with a read-back each', `${json.engine_settled_s} s / ${json.limit_with_readback_s} s = ${json.ratio_settled_to_limit_with_readback}`],
        [`with ${LATENCY_MS} ms per Confirm answer: engine / baseline`, `${json.engine_with_latency_s} s / ${json.baseline_with_latency_s} s = ${json.ratio_with_latency} (one round each)`],
        [`with ${LATENCY_MS} ms per Confirm answer: engine / limit`, `${json.engine_with_latency_s} s / ${json.limit_with_latency_s} s = ${json.ratio_to_limit_with_latency}`],
        ['raw baseline + a GetEnquiry read-back each', `${json.baseline_with_readback_s} s (settled / this = ${json.ratio_settled_vs_readback})`],
        [`CRM Agent updates posted (${INBOUND_CLIENTS} clients)`, `${bodies.length} in ${json.inbound_s} s: ${applied} applied${other ? `, ${other}` : ''}`],
        ['  dedupe rows written / cases at final status', `${dedupeRows} / ${atFinalStatus} of ${holderCases.length} (${finalStatus})`],
        ['CRM Agent updates applied per second (goal >= 2,000)', String(json.inbound_per_s)],
        ['  floor: GET /health, same clients', `${json.listener_floor_per_s} a second`],
        ['contract call every 10 ms during the engine rounds: p50 / p99 (goal p99 < 50)', `${json.api_p50_ms} / ${json.api_p99_ms} ms over ${json.api_calls} calls; during the CRM Agent posts p99 ${json.inbound_api_p99_ms} ms`],
        ['peak RSS after the engine run', `${rssAfterEngine} MB`],
        ['peak RSS overall (the simulator\'s process not included)', `${json.peak_rss_mb} MB`],
      ],
      json,
    };
  } finally {
    await core.close();
    await remote.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
