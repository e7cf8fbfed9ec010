import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { tempDir } from '../../support/harness';
import { bundleChild, runChild } from '../../support/crash-child-runner';
import { ErpSandbox } from '../../../src-main/connectors/erp/sandbox';

const ORDERS = 500;
let sandbox: ErpSandbox;
let script: string;
let chosen: string[];

beforeAll(async () => {
  script = await bundleChild('test/connectors/erp/crash-child.ts', 'test-child-erp');
  // Every killed child leaves its session open (a crash signs nothing out): room for them all.
  sandbox = new ErpSandbox({ seed: 11, customers: 600, prices: 0, items: 50, sessionLimit: 20 });
  await sandbox.start();
  // A wait between the ERP doing the work and answering: kills land between a remote effect and its commit.
  sandbox.answerDelayMs = 3;
  chosen = sandbox.customers.filter((c) => c.Status !== 'Inactive' && c.Status !== 'On Hold').slice(0, ORDERS).map((c) => c.CustomerID);
  expect(chosen).toHaveLength(ORDERS);
}, 120_000);

afterAll(async () => {
  await sandbox?.stop();
});

describe('ERP order push across crashes', () => {
  it('kill -9 at several points while 500 orders with pending changes are pushed: one sales order per order, no change pushed twice, none lost', async () => {
    const dataDir = tempDir('syncdesk-erp-crash-');
    try {
      const run = (killAt: number | null) => runChild(script, [dataDir, sandbox.url!, String(ORDERS), ...chosen], killAt === null ? null : (done) => done >= killAt);
      for (const point of [40, 180, 360]) {
        const r = await run(point);
        expect(r.stderr).toBe('');
        expect(r.killed, `the child was not killed; it said: ${r.lastLines.join(' | ')}`).toBe(true);
      }
      const last = await run(null);
      expect(last.stderr).toBe('');
      expect(last).toMatchObject({ settled: true, code: 0 });

      const db = new Database(join(dataDir, 'syncdesk.db'), { readonly: true });
      const jobs = db.prepare(`SELECT status, COUNT(*) AS n FROM jobs WHERE kind = 'push-order' GROUP BY status`).all();
      const changes = db.prepare(`SELECT a.account_number AS number, p.value, p.status, p.order_id AS orderId FROM account_pending_changes p JOIN accounts a ON a.id = p.account_id`).all() as { number: string; value: string; status: string; orderId: number | null }[];
      const interrupted = db.prepare(`SELECT COUNT(*) FROM integration_log WHERE action = 'push-order' AND message LIKE '%did not finish: the app stopped during it%'`).pluck().get() as number;
      const orders = db.prepare(`SELECT order_number AS number, status, erp_order_id AS erp FROM orders`).all() as { number: string; status: string; erp: string | null }[];
      db.close();

      expect(jobs).toEqual([{ status: 'done', n: ORDERS }]);
      // The kills caught attempts under way (each one's log line says so), which the restarts finished.
      expect(interrupted).toBeGreaterThan(0);
      // Exactly one sales order per order at the ERP, and each order knows it.
      expect(orders).toHaveLength(ORDERS);
      for (const o of orders) {
        expect({ order: o.number, count: sandbox.ordersByCustomerOrder.get(o.number) }).toEqual({ order: o.number, count: 1 });
        expect(o.status).toBe('pushed');
        expect(o.erp).toBe(`SO ${sandbox.ordersFor(o.number)[0]!.OrderNbr}`);
      }
      // Every pending change reached the ERP, once: one customer write per account, and it holds the web's value.
      expect(changes).toHaveLength(ORDERS);
      const writes = new Map<string, number>();
      for (const w of sandbox.writeLog) if (w.entity === 'Customer') writes.set(w.key!, (writes.get(w.key!) ?? 0) + 1);
      for (const c of changes) {
        expect({ account: c.number, status: c.status, writes: writes.get(c.number) }).toEqual({ account: c.number, status: 'pushed', writes: 1 });
        expect(sandbox.customer(c.number).main.Phone1).toBe(c.value);
      }
      expect(sandbox.created.orders).toBe(ORDERS);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 300_000);
});
