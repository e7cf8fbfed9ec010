// One hung remote never blocks the rest: each connector has its own slots (a bulkhead). Confirm hangs; CERM's
// jobs still go through while Confirm's are stuck.
import { afterEach, describe, expect, it } from 'vitest';
import { peekDb, startTestCore, until } from '../support/harness';
import { createCermConnector, CERM_ID } from '../../src-main/connectors/cerm';
import { createConfirmConnector, CONFIRM_ID } from '../../src-main/connectors/confirm';
import type { SandboxServer } from '../../src-main/sandbox/sandbox-server';
import { setUpRaiseRule } from '../../src-main/bench/confirm-crash-round';

let h: Awaited<ReturnType<typeof startTestCore>> | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

async function call<T>(channel: string, input: unknown): Promise<T> {
  const r = await h!.core.dispatch(channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
  return r.data as T;
}

describe('bulkheads', () => {
  it("keeps CERM's jobs going while every call to Confirm hangs", async () => {
    h = await startTestCore({ core: { connectors: [createCermConnector({ customers: 50 }), createConfirmConnector()], jobRunner: { concurrency: 4, leaseMs: 60_000, pollMs: 20 } } });
    const { repos, queue } = h.services;
    await setUpRaiseRule(call);
    await (h.services.sandboxes.get(CONFIRM_ID) as SandboxServer).setFaults({ hang: true });
    for (let i = 0; i < 6; i++) await call('cases:save', { title: `Pothole ${i}`, values: {} });
    // Confirm's four slots fill with hung calls.
    await until(async () => (await repos.jobs.counts()).running === 4, "Confirm's slots to fill");

    const customers = await Promise.all([1, 2, 3].map(async (n) => await repos.customers.insert({ email: `p${n}@example.test`, firstName: `P${n}`, lastName: 'Q', origin: 'staff' }, Date.now())));
    const jobIds = await repos.transaction((tx) =>
      Promise.all(customers.map((id) => queue.enqueue(tx, { connectorId: CERM_ID, kind: 'create-customer', entityKey: `customer-${id}`, idempotencyKey: `cerm:create-customer:${id}`, payload: { customerId: id } }))),
    );
    await until(async () => (await Promise.all(jobIds.map((id) => repos.jobs.get(id)))).every((j) => j?.status === 'done'), "CERM's jobs");
    expect(await Promise.all(customers.map(async (id) => (await repos.customers.get(id))!.cermId))).toEqual([expect.stringMatching(/^\d+$/), expect.stringMatching(/^\d+$/), expect.stringMatching(/^\d+$/)]);
    // Confirm's jobs are still stuck in their own slots, and the two it had no slot for still wait.
    const confirmJobs = peekDb(h.services.paths.database).prepare(`SELECT status FROM jobs WHERE connector_id = ? AND kind = 'apply-template'`).pluck().all(CONFIRM_ID) as string[];
    expect(confirmJobs.filter((s) => s === 'running')).toHaveLength(4);
    expect(confirmJobs.filter((s) => s === 'pending')).toHaveLength(2);
    // Confirm answers again: the hung calls are cut, so the core closes without waiting out their leases.
    await (h.services.sandboxes.get(CONFIRM_ID) as SandboxServer).setFaults({ hang: false });
  });
});

