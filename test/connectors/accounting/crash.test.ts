import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { tempDir } from '../../support/harness';
import { bundleChild, runChild } from '../../support/crash-child-runner';
import { memoryCredentials } from '../../support/memory-credentials';
import { AccountingSandbox } from '../../../src-main/connectors/accounting/sandbox';
import { FLAG_FIELD } from '../../../src-main/connectors/accounting/sandbox-data';
import { createAccountingConnector } from '../../../src-main/connectors/accounting';
import { SmtpCatcher } from '../../../src-main/sandbox/smtp-catcher';
import { createCore } from '../../../src-main/core/create-core';
import { PASSWORD_IN_EMAIL } from './accounting-core';

const API_KEY = 'sdk_crash-test-key';
let sandbox: AccountingSandbox;
let catcher: SmtpCatcher;
let script: string;

beforeAll(async () => {
  script = await bundleChild('test/connectors/accounting/crash-child.ts', 'test-child-accounting');
  sandbox = new AccountingSandbox({ seed: 7, customers: 300, flaggedShare: 0.3 });
  await sandbox.start();
  catcher = new SmtpCatcher({ seed: 7 });
  await catcher.start();
  // Slow answers at the end of DATA widen the window between the send and its commit.
  await catcher.setFaults({ latencyMs: 15 });
}, 120_000);

afterAll(async () => {
  await sandbox?.stop();
  await catcher?.stop();
});

function run(dataDir: string, killAt: number | null) {
  const port = new URL(catcher.url!).port;
  return runChild(script, [dataDir, sandbox.url!, port, API_KEY], killAt === null ? null : (done) => done >= killAt);
}

describe('accounting import across crashes', () => {
  it('imports each flagged customer once, and the newest welcome email of each holds a password that signs in', async () => {
    const dataDir = tempDir('syncdesk-accounting-crash-');
    try {
      const kills = [3, 20, 45];
      for (const point of kills) {
        const r = await run(dataDir, point);
        expect(r.stderr).toBe('');
        expect(r.killed, `the child was not killed; it said: ${r.lastLines.join(' | ')}`).toBe(true);
      }
      const last = await run(dataDir, null);
      expect(last.stderr).toBe('');
      expect(last).toMatchObject({ settled: true, code: 0 });

      const db = new Database(join(dataDir, 'syncdesk.db'), { readonly: true });
      const customers = db.prepare(`SELECT c.id, c.email, l.accounting_uuid AS uuid FROM customers c JOIN accounting_links l ON l.customer_id = c.id`).all() as { id: number; email: string; uuid: string }[];
      const total = db.prepare(`SELECT COUNT(*) FROM customers`).pluck().get() as number;
      const jobs = db.prepare(`SELECT status FROM jobs WHERE kind = 'send-welcome'`).pluck().all() as string[];
      db.close();

      // Exactly once: one web customer per accounting customer, and every flagged one accounted for.
      expect(total).toBe(customers.length);
      expect(new Set(customers.map((c) => c.uuid)).size).toBe(customers.length);
      const imported = new Set(customers.map((c) => c.uuid));
      const emails = new Set(customers.map((c) => c.email));
      for (const f of sandbox.flagged(FLAG_FIELD)) {
        const email = f.contacts[0]?.email?.toLowerCase();
        if (!email) expect(imported.has(f.uuid)).toBe(false);
        else expect(imported.has(f.uuid) || emails.has(email)).toBe(true);
      }
      expect(customers.length).toBeGreaterThan(40);
      expect(jobs).toEqual(customers.map(() => 'done'));

      // No one got two emails but for a kill between a send and its commit, and the newest email always works.
      let twice = 0;
      const check = await createCore({
        mode: 'headless',
        dataDir,
        launch: { port: 0, listenerPort: 0, sandbox: false, listenerHost: '127.0.0.1' },
        connectors: [createAccountingConnector()],
        credentials: memoryCredentials({ 'platform:api-key': API_KEY }),
      });
      try {
        await check.services.jobs.stop();
        for (const c of customers) {
          const mails = catcher.list().filter((m) => m.to.includes(c.email));
          expect(mails.length).toBeGreaterThanOrEqual(1);
          expect(mails.length).toBeLessThanOrEqual(2);
          if (mails.length === 2) twice++;
          const password = PASSWORD_IN_EMAIL.exec(mails[mails.length - 1]!.text)![1]!;
          const res = await fetch(`${check.listenerUrl}/platform/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': API_KEY }, body: JSON.stringify({ email: c.email, password }) });
          expect(res.status, `sign-in of ${c.email} with its newest email's password`).toBe(200);
        }
      } finally {
        await check.close();
      }
      // At most the attempts in flight at each kill (the connector's four slots) sent twice.
      expect(twice).toBeLessThanOrEqual(kills.length * 4);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 240_000);
});
