import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { rmSync } from 'node:fs';
import { build } from 'vite';
import Database from 'better-sqlite3';
import { tempDir } from '../../support/harness';
import { CermSandbox } from '../../../src-main/connectors/cerm/sandbox';
import { cermReferenceOf } from '../../../src-main/connectors/cerm/create-customer';

const ROOT = resolve(__dirname, '../../..');
const OUT = join(ROOT, 'out', 'test-child-cerm');
const REGISTRANTS = 120;
let sandbox: CermSandbox;
let url: string;

beforeAll(async () => {
  await build({
    configFile: false,
    logLevel: 'silent',
    root: ROOT,
    build: {
      ssr: join(ROOT, 'test/connectors/cerm/crash-child.ts'),
      outDir: OUT,
      emptyOutDir: true,
      target: 'node22',
      rollupOptions: { output: { format: 'esm', entryFileNames: 'crash-child.mjs' } },
    },
  });
  sandbox = new CermSandbox(11, 200);
  // Like real CERM as far as we know: no Idempotency-Key support. Creates answer late, widening the crash window.
  sandbox.honourIdempotencyKey = false;
  sandbox.replyDelayMs = 40;
  url = await sandbox.start();
  await sandbox.setFaults({ latencyMs: 5, errorRate: 0.1 });
}, 120_000);

afterAll(async () => {
  await sandbox?.stop();
});

function runChild(dataDir: string, killAt: number | null): Promise<{ killed: boolean; settled: boolean; code: number | null; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child: ChildProcess = spawn(process.execPath, [join(OUT, 'crash-child.mjs'), dataDir, url, String(REGISTRANTS)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let killed = false;
    let settled = false;
    let ready = false;
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) {
        if (line === 'READY') ready = true;
        if (line === 'SETTLED') settled = true;
        const m = /^DONE (\d+)$/.exec(line);
        if (m && ready && !killed && killAt !== null && Number(m[1]) >= killAt) {
          killed = true;
          child.kill('SIGKILL');
        }
      }
    });
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child did not finish; stderr: ${stderr}`));
    }, 90_000);
    child.on('exit', (code) => {
      clearTimeout(guard);
      resolvePromise({ killed, settled, code, stderr });
    });
  });
}

describe('create-customer across crashes', () => {
  it('creates each registrant in CERM once and links it, though the process is killed (SIGKILL) at several points', async () => {
    const dataDir = tempDir('syncdesk-cerm-crash-');
    try {
      for (const point of [10, 35, 60, 85]) {
        const r = await runChild(dataDir, point);
        expect(r.stderr).toBe('');
        expect(r.killed).toBe(true);
      }
      const last = await runChild(dataDir, null);
      expect(last.stderr).toBe('');
      expect(last).toMatchObject({ settled: true, code: 0 });

      const db = new Database(join(dataDir, 'syncdesk.db'), { readonly: true });
      const jobs = db.prepare(`SELECT status FROM jobs`).pluck().all() as string[];
      const links = db.prepare(`SELECT c.id, x.external_id AS cermId FROM customers c LEFT JOIN external_ids x ON x.entity_type = 'customer' AND x.entity_id = c.id AND x.connector_id = 'cerm'`).all() as { id: number; cermId: string | null }[];
      const adopted = db.prepare(`SELECT COUNT(*) FROM integration_log WHERE action = 'create-customer' AND outcome = 'success' AND message LIKE '%linked, not created again%'`).pluck().get() as number;
      db.close();

      expect(jobs).toEqual(Array(REGISTRANTS).fill('done'));
      expect(links).toHaveLength(REGISTRANTS);
      for (const { id, cermId } of links) {
        expect(sandbox.createsByReference.get(cermReferenceOf(id))).toBe(1);
        expect(cermId).toBe(sandbox.customerByReference(cermReferenceOf(id))!.Id);
      }
      expect(sandbox.customers.length).toBe(200 + REGISTRANTS);
      // Some kills fell between CERM applying a create and the id being stored: the retry found it and linked it.
      expect(adopted).toBeGreaterThan(0);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
