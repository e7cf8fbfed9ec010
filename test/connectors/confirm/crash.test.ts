// kill -9 while raising Enquiries, Confirm in a process of its own: no case ever gets a second Enquiry. An attempt
// the kill cut short may have reached Confirm; the next attempt reconciles before it raises again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { tempDir } from '../../support/harness';
import { bundleChild, runChild } from '../../support/crash-child-runner';
import { ConfirmSandbox } from '../../../src-main/connectors/confirm/sandbox';
import { externalReferenceOf } from '../../../src-main/connectors/confirm/apply-template-job';

const CASES = 200;
let sandbox: ConfirmSandbox;
let url: string;
let script: string;

beforeAll(async () => {
  script = await bundleChild('test/support/confirm-crash-child.ts', 'confirm-crash-child');
  sandbox = new ConfirmSandbox(7);
  // Confirm applies a raise, then takes a moment to answer: kills land in that window.
  sandbox.answerDelayMs = 15;
  url = await sandbox.start();
}, 120_000);

afterAll(async () => {
  await sandbox?.stop();
});

describe('Confirm raises under kill -9', () => {
  it('raises exactly one Enquiry per case however often the app is killed mid-raise', async () => {
    const dataDir = tempDir();
    try {
      let killed = 0;
      for (const p of [15, 50, 90, 130, 170]) {
        const r = await runChild(script, [dataDir, url, String(CASES)], (done) => done >= p);
        expect(r.stderr).toBe('');
        if (r.killed) killed++;
      }
      expect(killed).toBeGreaterThanOrEqual(4);
      const last = await runChild(script, [dataDir, url, String(CASES)], null);
      expect(last.stderr).toBe('');
      expect(last.settled).toBe(true);

      const db = new Database(join(dataDir, 'syncdesk.db'), { readonly: true });
      const statuses = db.prepare(`SELECT status, COUNT(*) AS n FROM jobs GROUP BY status`).all() as { status: string; n: number }[];
      const interrupted = db.prepare(`SELECT COALESCE(SUM(interrupted), 0) FROM jobs`).pluck().get() as number;
      const held = db.prepare(`SELECT COUNT(*) FROM case_references`).pluck().get() as number;
      db.close();
      expect(statuses).toEqual([{ status: 'done', n: CASES }]);
      expect(held).toBe(CASES);
      // Some kills cut an attempt short: those were reconciled, not raised again.
      expect(interrupted).toBeGreaterThan(0);
      const counts = Array.from({ length: CASES }, (_, i) => sandbox.enquiriesByExternalReference.get(externalReferenceOf(i + 1)) ?? 0);
      expect(counts.filter((n) => n !== 1)).toEqual([]);
      expect(sandbox.enquiries.size - 1).toBe(CASES);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
