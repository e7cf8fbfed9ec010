// `npm run serve -- --database URL`: the whole core on PostgreSQL, as child processes over a fresh database of the
// run's private cluster, driven through HTTP as a console drives it.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { openPgPool } from '../../../src-main/store/postgres/pool';
import { tempDir } from '../../support/harness';
import { freshDatabase } from './pg-store';
import { ADMIN, call, eventually, KEY, post, SERVE, serveOnce, signIn, startEngine, type Engine } from './serve-support';

interface RunSummary { id: number; startedAt: number; trigger: 'manual' | 'schedule'; status: string; counts: { fetched: number; created: number } }
interface TaskStatus { connectorId: string; taskId: string; name: string }

let db: { url: string; drop(): Promise<void> };
const engines: Engine[] = [];

async function engine(args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<Engine> {
  const e = await startEngine(['--database', db.url, ...args], env);
  engines.push(e);
  return e;
}

async function downloadTask(base: string, s: Awaited<ReturnType<typeof signIn>>): Promise<TaskStatus> {
  const tasks = await call<TaskStatus[]>(base, s, 'sync:tasks');
  return tasks.find((t) => t.connectorId === 'cerm' && /download customers/i.test(t.name))!;
}

async function finished(base: string, s: Awaited<ReturnType<typeof signIn>>, task: TaskStatus, runId: number): Promise<RunSummary> {
  return await eventually(async () => {
    const runs = await call<RunSummary[]>(base, s, 'sync:runs', { connectorId: task.connectorId, taskId: task.taskId });
    const run = runs.find((r) => r.id === runId);
    return run && run.status !== 'running' ? run : null;
  }, `run ${runId} to finish`);
}

beforeAll(async () => {
  expect(existsSync(SERVE), 'run `npm run build` first').toBe(true);
  db = await freshDatabase('empty');
  const made = serveOnce(['--database', db.url, '--create-admin', ADMIN.email], { SYNCDESK_ADMIN_PASSWORD: ADMIN.password });
  expect(made.status, made.stderr).toBe(0);
  expect(made.stdout).toMatch(/^admin created: admin@team\.example \(id \d+\)\n$/);
}, 180_000);

afterAll(async () => {
  for (const e of engines) await e.stop();
  await db?.drop();
});

describe('serve --database', () => {
  it('refuses to start without the encryption key, in plain words, with exit code 2', () => {
    const r = serveOnce(['--database', db.url], { SYNCDESK_ENCRYPTION_KEY: undefined });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/a team server does not start without its encryption key\. No encryption key is given\..*openssl rand -base64 32.*SYNCDESK_ENCRYPTION_KEY.*--encryption-key-file PATH/s);
    const short = serveOnce(['--database', db.url], { SYNCDESK_ENCRYPTION_KEY: Buffer.alloc(16).toString('base64') });
    expect(short.status).toBe(2);
    expect(short.stderr).toMatch(/decodes to 16 bytes; it must be 32/);
  });

  it('runs the core on PostgreSQL: staff sign in, a CERM download completes through the contract, and a restart keeps the data', async () => {
    const a = await engine();
    const s = await signIn(a.base);
    // Without the session the contract is closed: a team server never serves the per-start token.
    expect((await post(a.base, '/api/sync:tasks', {})).status).toBe(401);
    const task = await downloadTask(a.base, s);
    const { runId, alreadyRunning } = await call<{ runId: number; alreadyRunning: boolean }>(a.base, s, 'sync:run', { connectorId: 'cerm', taskId: task.taskId });
    expect(alreadyRunning).toBe(false);
    const run = await finished(a.base, s, task, runId);
    expect(run.status).toBe('success');
    expect(run.counts.fetched).toBeGreaterThan(0);
    const before = await call<{ total: number }>(a.base, s, 'cerm:customers', { q: '', cursor: null, limit: 10 });
    // A secret saved through the console (the platform API key) goes to the credential store: sealed in the database.
    await call(a.base, s, 'platform:rotate-key');
    expect(before.total).toBe(run.counts.fetched);
    // The rows are in the database itself, not in the engine's data folder.
    const pool = openPgPool(db.url, { max: 1 });
    try {
      expect(Number((await pool.query<{ n: number }>('SELECT COUNT(*)::bigint AS n FROM cerm_customers')).rows[0]!.n)).toBe(before.total);
      // Sealed with the server's key, never in clear text.
      const sealed = (await pool.query<{ sealed: string }>('SELECT sealed FROM secrets')).rows;
      expect(sealed.length).toBeGreaterThan(0);
      for (const r of sealed) expect(r.sealed).toMatch(/^v1\.[0-9a-f]{16}\./);
    } finally {
      await pool.end();
    }
    // Maintenance says how a team server is backed up instead of pretending to copy a file.
    const backups = await call<{ teamServer: { message: string } | null }>(a.base, s, 'ops:backups');
    expect(backups.teamServer?.message).toMatch(/pg_dump/);
    await expect(call(a.base, s, 'ops:backup-now')).rejects.toThrow(/conflict .*back it up with pg_dump/);

    expect(await a.stop()).toBe(0);
    // Another engine (another data folder, as on another machine) on the same database finds it all.
    const again = await engine();
    const s2 = await signIn(again.base);
    expect((await call<{ total: number }>(again.base, s2, 'cerm:customers', { q: '', cursor: null, limit: 10 })).total).toBe(before.total);
    expect((await call<RunSummary[]>(again.base, s2, 'sync:runs', { connectorId: 'cerm', taskId: task.taskId })).map((r) => r.id)).toContain(runId);
  }, 240_000);

  it('two engines on one database: a Sync Now on one while the other runs the task joins that run, its progress and log lines reach the other\'s consoles, and a due schedule fires once', async () => {
    const [a, b] = [await engine(), await engine()];
    const [sa, sb] = [await signIn(a.base), await signIn(b.base)];
    const task = await downloadTask(a.base, sa);
    // A console open on engine B: its event socket, with B's session cookie.
    const seen: { event: string; payload: { runId?: number; id?: number; status?: string; entries?: { runId: number | null }[] } }[] = [];
    const socket = new WebSocket(`${b.base.replace('http:', 'ws:')}/events`, { headers: { cookie: sb.cookie } });
    socket.on('message', (m) => seen.push(JSON.parse(String(m)) as (typeof seen)[number]));
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    // Engine A's CERM simulator answers slowly, so its run is still going when B is asked.
    await call(a.base, sa, 'sandbox:set-faults', { connectorId: 'cerm', faults: { latencyMs: 3_000 } });
    const first = await call<{ runId: number; alreadyRunning: boolean }>(a.base, sa, 'sync:run', { connectorId: 'cerm', taskId: task.taskId });
    expect(first.alreadyRunning).toBe(false);
    const second = await call<{ runId: number; alreadyRunning: boolean }>(b.base, sb, 'sync:run', { connectorId: 'cerm', taskId: task.taskId });
    expect(second).toEqual({ runId: first.runId, alreadyRunning: true });
    expect((await finished(b.base, sb, task, first.runId)).status).toBe('success');
    await call(a.base, sa, 'sandbox:set-faults', { connectorId: 'cerm', faults: { latencyMs: 0 } });
    // Engine A ran it; B's console saw it live: its progress, its end, and its log line.
    await eventually(async () => seen.some((e) => e.event === 'sync:run-updated' && e.payload.id === first.runId && e.payload.status === 'success') || null, 'the run\'s end on B\'s socket');
    expect(seen.some((e) => e.event === 'sync:progress' && e.payload.runId === first.runId)).toBe(true);
    await eventually(async () => seen.some((e) => e.event === 'log:appended' && e.payload.entries!.some((l) => l.runId === first.runId)) || null, 'the run\'s log line on B\'s socket');
    socket.close();

    // The schedule's slot is made due now; each engine's scheduler looks every 15 s.
    const pool = openPgPool(db.url, { max: 1 });
    const scheduled = async () => (await call<RunSummary[]>(a.base, sa, 'sync:runs', { connectorId: 'cerm', taskId: task.taskId })).filter((r) => r.trigger === 'schedule');
    try {
      expect(await scheduled()).toEqual([]);
      await call(a.base, sa, 'sync:schedule', { connectorId: 'cerm', taskId: task.taskId, intervalMinutes: 60 });
      await pool.query(`UPDATE task_schedules SET next_run_at = 0 WHERE connector_id = 'cerm' AND task_id = $1`, [task.taskId]);
      const fired = await eventually(async () => ((await scheduled()).find((r) => r.status !== 'running') ?? null), 'the scheduled run', 900);
      expect(fired.status).toBe('success');
      // Both engines have looked at least twice since the slot came due (two 15 s ticks each): still one run.
      await new Promise((r) => setTimeout(r, 31_000));
      expect((await scheduled()).length).toBe(1);
      const next = Number((await pool.query<{ n: number }>(`SELECT next_run_at AS n FROM task_schedules WHERE connector_id = 'cerm' AND task_id = $1`, [task.taskId])).rows[0]!.n);
      expect(next).toBeGreaterThan(fired.startedAt);
    } finally {
      await pool.end();
    }
  }, 300_000);

  it('re-seals the saved secrets with a new key from the command line, and an engine starts on the new key', async () => {
    for (const e of engines.splice(0)) await e.stop();
    const dir = tempDir();
    const next = join(dir, 'next.key');
    const previous = join(dir, 'previous.key');
    writeFileSync(next, Buffer.alloc(32, 7).toString('base64'));
    writeFileSync(previous, KEY);
    chmodSync(next, 0o600);
    chmodSync(previous, 0o600);
    const rotated = serveOnce(['--database', db.url, '--encryption-key-file', next, '--previous-encryption-key-file', previous, '--rotate-encryption-key'], { SYNCDESK_ENCRYPTION_KEY: undefined });
    expect(rotated.status, rotated.stderr).toBe(0);
    expect(rotated.stdout).toMatch(/^secrets re-sealed with key [0-9a-f]{16}: [1-9]\d* \(0 already were\)\n$/);
    const pool = openPgPool(db.url, { max: 1 });
    try {
      const ids = new Set((await pool.query<{ sealed: string }>('SELECT sealed FROM secrets')).rows.map((r) => r.sealed.split('.')[1]));
      expect([...ids]).toEqual([rotated.stdout.match(/key ([0-9a-f]{16})/)![1]]);
    } finally {
      await pool.end();
    }
    // An engine given only the new key reads the secrets the old one sealed.
    const e = await engine(['--encryption-key-file', next], { SYNCDESK_ENCRYPTION_KEY: undefined });
    const s = await signIn(e.base);
    expect(await call(e.base, s, 'platform:api')).toMatchObject({ apiKey: 'set' });
  }, 180_000);
});

describe('serve --tls-cert --tls-key', () => {
  it('serves the console over HTTPS, and the session cookie is Secure', async () => {
    const dir = tempDir();
    const cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    const e = await engine(['--tls-cert', cert, '--tls-key', key]);
    expect(e.base).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const ca = readFileSync(cert);
    const s = await signIn(e.base, ADMIN, ca);
    expect(s.setCookie).toMatch(/; HttpOnly; SameSite=Strict; Path=\/; Max-Age=\d+; Secure$/);
    const me = await new Promise<number>((resolve, reject) => {
      import('node:https').then(({ get }) => get(`${e.base}/auth/me`, { ca, headers: { cookie: s.cookie } }, (res) => { res.resume(); resolve(res.statusCode ?? 0); }).on('error', reject), reject);
    });
    expect(me).toBe(200);
    // Plain HTTP on the same port gets no console.
    await expect(fetch(`${e.base.replace('https:', 'http:')}/auth/me`)).rejects.toThrow();
    const wrong = await startEngine(['--tls-cert', cert], {}).catch((err: Error) => err);
    expect(String(wrong)).toMatch(/--tls-cert and --tls-key go together/);
  }, 180_000);
});
