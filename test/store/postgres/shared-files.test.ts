// Raw downloads and exports on a team server: engines that share one --files-dir offer each other's files; an engine
// with a folder of its own says in words which engine's folder has a file it lacks. Built serve.js processes on one
// database of the run's private cluster (`npm run build` first).
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../support/harness';
import { freshDatabase } from './pg-store';
import { ADMIN, eventually, serveOnce, signIn, startEngine, type Engine, type Staff } from './serve-support';

interface TaskStatus { connectorId: string; taskId: string; name: string }
interface Download { id: number; status: string; records: number }
interface Exported { path: string; rows: number; downloadUrl: string }

let db: { url: string; drop(): Promise<void> };
const engines: Engine[] = [];

beforeAll(async () => {
  db = await freshDatabase('empty');
  const made = serveOnce(['--database', db.url, '--create-admin', ADMIN.email], { SYNCDESK_ADMIN_PASSWORD: ADMIN.password });
  expect(made.status, made.stderr).toBe(0);
}, 120_000);

afterAll(async () => {
  for (const e of engines) await e.stop();
  await db?.drop();
});

/**
 * One request on a connection of its own: several engines' sockets kept alive in one pool may be reused just as an
 * engine closes an idle one, and what this test is about is not the pool.
 */
function ask(base: string, s: Staff, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const headers = { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' };
    const req = request(`${base}${path}`, { method, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

async function call<T>(base: string, s: Staff, channel: string, input: unknown = {}): Promise<T> {
  const r = JSON.parse((await ask(base, s, 'POST', `/api/${channel}`, input)).text) as { ok: boolean; data?: T; error?: { message: string } };
  if (!r.ok) throw new Error(`${channel}: ${r.error?.message}`);
  return r.data as T;
}

async function engine(args: string[] = []): Promise<Engine> {
  const e = await startEngine(['--database', db.url, ...args]);
  engines.push(e);
  return e;
}

async function download(base: string, s: Staff): Promise<Download> {
  const task = (await call<TaskStatus[]>(base, s, 'sync:tasks')).find((t) => t.connectorId === 'cerm' && /download customers/i.test(t.name))!;
  await call(base, s, 'sync:run', { connectorId: 'cerm', taskId: task.taskId });
  return await eventually(async () => (await call<Download[]>(base, s, 'cerm:downloads')).find((d) => d.status !== 'running') ?? null, 'the download to end');
}

describe('raw downloads and exports across engines', () => {
  it('one shared --files-dir: any engine offers a raw download and an export another engine made; an engine with its own folder says whose folder has them', async () => {
    const shared = tempDir('syncdesk-shared-files-');
    const [a, b, lone] = await Promise.all([engine(['--files-dir', shared]), engine(['--files-dir', shared]), engine()]);
    const s = await signIn(a.base);
    const made = await download(a.base, s);
    expect(made).toMatchObject({ status: 'complete' });
    const raw = readFileSync(join(shared, 'downloads', `cerm-customers-${made.id}.json`));

    // B, sharing the folder, exports A's raw download byte for byte, and serves A's export.
    const fromB = await call<Exported>(b.base, s, 'cerm:export', { format: 'json', downloadId: made.id });
    expect(fromB.rows).toBe(made.records);
    expect(readFileSync(fromB.path)).toEqual(raw);
    const csv = await call<Exported>(a.base, s, 'cerm:export', { format: 'csv' });
    const got = await ask(b.base, s, 'GET', csv.downloadUrl);
    expect(got.status).toBe(200);
    expect(got.text.split('\n').filter(Boolean)).toHaveLength(made.records + 1);

    // The engine with a folder of its own has neither, and says whose folder holds them.
    const refused = JSON.parse((await ask(lone.base, s, 'POST', '/api/cerm:export', { format: 'json', downloadId: made.id })).text) as unknown;
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'not_found',
        message: `The raw file of CERM customer download ${made.id} is not in this engine's files folder: another engine on this host (${hostname()}) with a folder of its own wrote it, or it was removed. Export it from that engine's console, or start every engine with one shared folder for their files (--files-dir, e.g. an NFS mount at the same path on each).`,
      },
    });
    const missing = await ask(lone.base, s, 'GET', csv.downloadUrl);
    expect(missing.status).toBe(404);
    expect((JSON.parse(missing.text) as { error: { message: string } }).error.message).toBe(
      `No such export in this engine's exports folder: another engine on this host (${hostname()}) with a folder of its own wrote it, or it was removed. Export again here, or start every engine with one shared folder for their files (--files-dir).`,
    );
  }, 180_000);
});
