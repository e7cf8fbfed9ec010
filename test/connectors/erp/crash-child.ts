// Child process of the ERP crash test: a real core on a data folder, pushing orders to the parent's ERP simulator.
// The first start reads the accounts, then gives each chosen account a pending change and an order (one transaction).
// Prints READY, "DONE <push-order jobs done>" and SETTLED.
import { createCore } from '../../../src-main/core/create-core';
import { createErpConnector, ERP_ID } from '../../../src-main/connectors/erp';
import { SANDBOX_CREDENTIALS } from '../../../src-main/connectors/erp/sandbox';
import { memoryCredentials } from '../../support/memory-credentials';
import { placeOrder } from './place-order';

const [dataDir, baseUrl, countText] = process.argv.slice(2) as [string, string, string];
const count = Number(countText);

const core = await createCore({
  mode: 'headless',
  dataDir,
  launch: { port: 0, listenerPort: 0, sandbox: false, listenerHost: '127.0.0.1' },
  connectors: [createErpConnector()],
  credentials: memoryCredentials({ [`connection:${ERP_ID}:password`]: SANDBOX_CREDENTIALS.password }),
  jobRunner: { retry: { maxAttempts: 10, baseDelayMs: 5, maxDelayMs: 50 }, leaseMs: 1_500, pollMs: 20 },
});
const { repos } = core.services;
async function call(channel: string, input: unknown): Promise<unknown> {
  const r = await core.dispatch(channel as never, input as never);
  if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
  return r.data;
}
if ((await repos.orders.byNumber('CRASH-0')) === null) {
  await call('connections:save', {
    connectorId: ERP_ID,
    values: { baseUrl, username: SANDBOX_CREDENTIALS.username, tenant: SANDBOX_CREDENTIALS.tenant, pageSize: 200, timeoutMs: 5_000 },
    secrets: { password: SANDBOX_CREDENTIALS.password },
  });
  const started = (await call('sync:run', { connectorId: ERP_ID, taskId: 'accounts' })) as { runId: number };
  const run = await core.services.tasks.wait(started.runId);
  if (run?.status !== 'success') throw new Error(`the accounts sync ended ${run?.status}: ${run?.message}`);
  const chosen = process.argv.slice(5);
  await repos.transaction(async (tx) => {
    for (let n = 0; n < count; n++) {
      const a = (await tx.accounts.byAccountNumber(chosen[n]!))!;
      await tx.accounts.update(a.id, { phone: `+1 999 ${a.accountNumber}` }, Date.now());
      await placeOrder({ ...core.services, repos: tx }, { orderNumber: `CRASH-${n}`, accountId: a.id, lines: [{ item: 'ITEM-00001', qty: 1 + (n % 3), unitPriceCents: 500 }] });
    }
  });
}
console.log('READY');
const doneCount = () => repos.jobs.counts().then((c) => (c as Record<string, number>).done ?? 0);
const timer = setInterval(() => void doneCount().then((n) => console.log(`DONE ${n}`)), 10);
await core.services.jobs.whenSettled();
clearInterval(timer);
console.log(`DONE ${await doneCount()}`);
console.log('SETTLED');
await core.close();
process.exit(0);
