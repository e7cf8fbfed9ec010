// The ERP bench's remote side in a child process of the bench program (the ERP is another machine): the simulator
// with N customers and M prices. It prints its URL, then answers one JSON command per stdin line with one JSON line.
import { createInterface } from 'node:readline';
import { ErpSandbox } from '../connectors/erp/sandbox';

export const ERP_SIM_CHILD = 'erp-sim-child';

export async function runErpSimChild([customers, prices]: string[]): Promise<void> {
  // The engine's sessions and the raw baseline's run side by side with the bench's own checks: room for all of them.
  const sandbox = new ErpSandbox({ seed: 42, customers: Number(customers), prices: Number(prices), sessionLimit: 20 });
  await sandbox.start();
  console.log(JSON.stringify({ url: sandbox.url }));
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    const cmd = JSON.parse(line) as { op: string; count?: number; prefix?: string };
    if (cmd.op === 'change') {
      // Edits made in the ERP's own screens: terms, rep and price class move on, and so does LastModifiedDateTime.
      const step = Math.max(1, Math.floor(sandbox.customers.length / (cmd.count ?? 1)));
      console.log(JSON.stringify({ changed: sandbox.changeSomeAccounts(cmd.count ?? 1, step).length }));
    } else if (cmd.op === 'orders') {
      // Orders made under customer orders starting with prefix: how many, and how many keys have more than one.
      let orders = 0;
      let keys = 0;
      let duplicated = 0;
      for (const [key, n] of sandbox.ordersByCustomerOrder) {
        if (!key.startsWith(cmd.prefix ?? '')) continue;
        keys++;
        orders += n;
        if (n > 1) duplicated++;
      }
      console.log(JSON.stringify({ orders, keys, duplicated, customerPuts: sandbox.callsOf('PUT', 'Customer'), logins: sandbox.sessionsOpened, calls: Object.fromEntries(sandbox.callsByEntity) }));
    } else if (cmd.op === 'stop') {
      await sandbox.stop();
      console.log(JSON.stringify({ ok: true }));
      return;
    } else console.log(JSON.stringify({ error: `unknown op ${cmd.op}` }));
  }
}
