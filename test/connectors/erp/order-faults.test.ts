import { afterEach, describe, expect, it } from 'vitest';
import { startErpCore, type ErpCore } from './erp-core';

let h: ErpCore | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('orders to the ERP under faults', () => {
  it('with 30% of the calls failing (503, reset, no answer), every order converges within 10 attempts: one sales order each, every change pushed', async () => {
    h = await startErpCore({ customers: 40, values: { timeoutMs: 1_000 } });
    await h.run('accounts');
    const accounts = [];
    for (let i = 1; i <= 12; i++) {
      const a = (await h.repos.accounts.byAccountNumber(`C0000${String(i * 3).padStart(2, '0')}`))!;
      if (['Inactive', 'On Hold'].includes(h.sandbox.customer(a.accountNumber!).Status)) continue;
      await h.repos.accounts.update(a.id, { phone: `+1 206 555 9${String(i).padStart(3, '0')}` }, Date.now());
      accounts.push(a);
    }
    await h.sandbox.setFaults({ errorRate: 0.3 });
    h.sandbox.resetCounters();
    const placed = [];
    for (const [n, a] of accounts.entries()) placed.push(await h.order({ orderNumber: `WEB-F${n}`, accountId: a.id, lines: [{ item: 'ITEM-00010', qty: 1, unitPriceCents: 100 }] }));
    await h.settled();
    expect(h.sandbox.faultsInjected).toBeGreaterThan(0);

    for (const [n, a] of accounts.entries()) {
      const job = (await h.repos.jobs.get(placed[n]!.jobIds[0]!))!;
      expect({ order: n, status: job.status }).toEqual({ order: n, status: 'done' });
      expect(job.attempts).toBeLessThanOrEqual(10);
      expect(h.sandbox.ordersByCustomerOrder.get(`WEB-F${n}`)).toBe(1);
      expect(h.sandbox.customer(a.accountNumber!).main.Phone1).toBe(`+1 206 555 9${String((Number(a.accountNumber!.slice(1)) / 3)).padStart(3, '0')}`);
      expect((await h.repos.accounts.pendingChanges(a.id)).map((p) => p.status)).toEqual(['pushed']);
    }
  });

  it('an unknown item is a validation error: tried once, and the log shows the ERP\'s field-level message', async () => {
    h = await startErpCore({ customers: 10 });
    await h.run('accounts');
    const a = (await h.repos.accounts.byAccountNumber('C000001'))!;
    const { jobIds } = await h.order({ orderNumber: 'WEB-BAD1', accountId: a.id, lines: [{ item: 'ITEM-00001', qty: 1, unitPriceCents: 100 }, { item: 'NOPE', qty: 1, unitPriceCents: 100 }] });
    await h.settled();
    const job = (await h.repos.jobs.get(jobIds[0]!))!;
    expect(job).toMatchObject({ status: 'failed', attempts: 1 });
    expect(h.sandbox.callsOf('PUT', 'SalesOrder')).toBe(1);
    expect(h.sandbox.ordersFor('WEB-BAD1')).toEqual([]);
    expect((await h.repos.orders.byNumber('WEB-BAD1'))!.status).toBe('failed');
    const lines = (await h.repos.log.page({ connectorId: 'erp' }, null, 50)).entries.filter((e) => e.jobId === job.id);
    expect(lines.map((e) => [e.outcome, e.message])).toContainEqual([
      'validation_failure',
      "Creating the ERP sales order for customer order WEB-BAD1: SalesOrder Details[1].InventoryID: 'NOPE' cannot be found in the system (not retried)",
    ]);
  });
});
