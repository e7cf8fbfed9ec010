import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { tempDir } from '../../support/harness';
import { bundleChild, runChild } from '../../support/crash-child-runner';
import { CermSandbox } from '../../../src-main/connectors/cerm/sandbox';
import { cermReferenceOf } from '../../../src-main/connectors/cerm/create-customer';

const REGISTRANTS = 120;
let sandbox: CermSandbox;
let url: string;
let script: string;

beforeAll(async () => {
  script = await bundleChild('test/connectors/cerm/crash-child.ts', 'test-child-cerm');
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

function run(dataDir: string, killAt: number | null) {
  return runChild(script, [dataDir, url, String(REGISTRANTS)], killAt === null ? null : (done) => done >= killAt);
}

describe('create-customer across crashes', () => {
  it('creates each registrant in CERM once and links it, though the process is killed (SIGKILL) at several points', async () => {
    const dataDir = tempDir('syncdesk-cerm-crash-');
    try {
      for (const point of [10, 35, 60, 85]) {
        const r = await run(dataDir, point);
        expect(r.stderr).toBe('');
        expect(r.killed, `the child was not killed; it said: ${r.lastLines.join(' | ')}`).toBe(true);
      }
      const last = await run(dataDir, null);
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
