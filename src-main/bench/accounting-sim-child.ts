// The accounting bench's remote side in a child process of the bench program (another core, as Infusion and the mail
// server are other machines): the simulator with its 10-a-second limit and the SMTP catcher. It prints its URLs, then
// answers one JSON command per stdin line with one JSON line.
import { createInterface } from 'node:readline';
import { AccountingSandbox } from '../connectors/accounting/sandbox';
import { SmtpCatcher } from '../sandbox/smtp-catcher';

export const SIM_CHILD = 'accounting-sim-child';

export async function runAccountingSimChild([customers, flaggedShare]: string[]): Promise<void> {
  const sandbox = new AccountingSandbox({ seed: 42, customers: Number(customers), flaggedShare: Number(flaggedShare) });
  const catcher = new SmtpCatcher({ seed: 42, maxMessages: 1_000_000 });
  await sandbox.start();
  await catcher.start();
  console.log(JSON.stringify({ api: sandbox.url, smtp: catcher.url, sessionUuid: sandbox.sessionUuid }));
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    const cmd = JSON.parse(line) as { op: string; share?: number };
    if (cmd.op === 'stats')
      console.log(JSON.stringify({ messages: catcher.count, peakPerSecond: sandbox.rate.peakAdmittedPerSecond, refused: sandbox.rate.refused, requests: sandbox.requests }));
    else if (cmd.op === 'messages') console.log(JSON.stringify(catcher.list().map((m) => ({ to: m.to, text: m.text }))));
    else if (cmd.op === 'change') {
      // Edits a share of the customers (names only): the next feed read carries just those.
      const every = Math.round(1 / (cmd.share ?? 0.01));
      let n = 0;
      for (let i = 0; i < sandbox.customers.length; i += every, n++) sandbox.editCustomer(sandbox.customers[i]!.uuid, { name: `${sandbox.customers[i]!.name} Group` });
      console.log(JSON.stringify({ changed: n }));
    } else if (cmd.op === 'clear') {
      catcher.clear();
      console.log(JSON.stringify({ ok: true }));
    } else if (cmd.op === 'stop') {
      await sandbox.stop();
      await catcher.stop();
      console.log(JSON.stringify({ ok: true }));
      return;
    }
  }
}
