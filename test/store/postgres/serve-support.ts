// `npm run serve -- --database URL` as a child process (the built out/main/serve.js, `npm run build` first), and the
// HTTP a console makes to it: staff sign-in, the contract with the session cookie and the CSRF header.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { tempDir } from '../../support/harness';

export const SERVE = join(process.cwd(), 'out', 'main', 'serve.js');
export const KEY = randomBytes(32).toString('base64');
export const ADMIN = { email: 'admin@team.example', password: 'a long admin password' };

export interface Engine {
  base: string;
  child: ChildProcess;
  stderr: () => string;
  stop(): Promise<number | null>;
}

function envOf(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, SYNCDESK_DATA_DIR: tempDir(), ...extra };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  return env;
}

/**
 * Starts an engine and waits for its `console:` line; `tls` passes the CA to trust for the HTTPS calls. `script` is
 * the built serve.js unless a test's own entry that starts the same way is given (test/support/team-engine-child.ts).
 */
export function startEngine(args: string[], env: NodeJS.ProcessEnv = {}, script = SERVE): Promise<Engine> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, '--port', '0', '--listener-port', '0', ...args], { env: envOf({ SYNCDESK_ENCRYPTION_KEY: KEY, ...env }), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (d: string) => {
      out += d;
      const m = /console: (https?:\/\/127\.0\.0\.1:\d+)\//.exec(out);
      if (m) resolve({ base: m[1]!, child, stderr: () => err, stop: () => stop(child) });
    });
    child.once('exit', (code) => reject(new Error(`serve exited (${code}) before it listened: ${err}`)));
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  // Already gone (exited, or killed with a signal): there is no exit left to wait for.
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

/** `serve` run to its end (a refusal, --create-admin, --rotate-encryption-key). */
export function serveOnce(args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [SERVE, ...args], { env: envOf(env), input: '', encoding: 'utf8', timeout: 120_000 });
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: { ok: boolean; data?: unknown; error?: { code: string; message: string } };
}

/** One JSON request; over HTTPS, `ca` is the certificate to trust. */
export async function post(base: string, path: string, body: unknown, headers: Record<string, string> = {}, ca?: Buffer): Promise<Answer> {
  if (!ca) {
    const r = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    return { status: r.status, headers: { 'set-cookie': r.headers.getSetCookie() }, json: (await r.json()) as Answer['json'] };
  }
  return await new Promise((resolve, reject) => {
    const req = httpsRequest(`${base}${path}`, { method: 'POST', ca, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, json: JSON.parse(text) as Answer['json'] }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

export interface Staff {
  cookie: string;
  csrf: string;
  setCookie: string;
}

export async function signIn(base: string, who = ADMIN, ca?: Buffer): Promise<Staff> {
  const r = await post(base, '/auth/sign-in', who, {}, ca);
  if (r.status !== 200) throw new Error(`sign-in answered ${r.status}: ${JSON.stringify(r.json)}`);
  const setCookie = ([] as string[]).concat(r.headers['set-cookie'] ?? [])[0]!;
  return { cookie: setCookie.split(';')[0]!, csrf: (r.json.data as { csrfToken: string }).csrfToken, setCookie };
}

/** A contract call as the signed-in console makes it; answers `data`, or throws the error's words. */
export async function call<T = unknown>(base: string, s: Staff, channel: string, input: unknown = {}): Promise<T> {
  const r = await post(base, `/api/${channel}`, input, { cookie: s.cookie, 'x-csrf-token': s.csrf });
  if (!r.json.ok) throw new Error(`${channel}: ${r.json.error?.code} ${r.json.error?.message}`);
  return r.json.data as T;
}

/** Asks until `probe` answers something, then answers it. */
export async function eventually<T>(probe: () => Promise<T | null | undefined>, what: string, tries = 600): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const v = await probe();
    if (v !== null && v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`gave up waiting for ${what}`);
}
