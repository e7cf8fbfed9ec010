// The CERM bench's remote side in a child process of the bench program (CERM is another machine): the simulator with
// N customers. It prints its URL, then answers one JSON command per stdin line with one JSON line.
import { createInterface } from 'node:readline';
import { CermSandbox } from '../connectors/cerm/sandbox';

export const CERM_SIM_CHILD = 'cerm-sim-child';

export async function runCermSimChild([customers]: string[]): Promise<void> {
  const sandbox = new CermSandbox(42, Number(customers));
  await sandbox.start();
  console.log(JSON.stringify({ url: sandbox.url }));
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    const cmd = JSON.parse(line) as { op: string; fraction?: number };
    if (cmd.op === 'ids') console.log(JSON.stringify({ ids: sandbox.customers.map((c) => c.Id) }));
    else if (cmd.op === 'change') console.log(JSON.stringify({ changed: sandbox.changeAddressFraction(cmd.fraction ?? 0.01) }));
    else if (cmd.op === 'stop') {
      await sandbox.stop();
      console.log(JSON.stringify({ ok: true }));
      return;
    } else console.log(JSON.stringify({ error: `unknown op ${cmd.op}` }));
  }
}
