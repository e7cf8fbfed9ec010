// The Confirm bench's remote side in a child process of the bench program (Confirm is another machine): the simulator.
// It prints its URL, then answers one JSON command per stdin line with one JSON line.
import { createInterface } from 'node:readline';
import { ConfirmSandbox } from '../connectors/confirm/sandbox';

export const CONFIRM_SIM_CHILD = 'confirm-sim-child';

interface Command {
  op: string;
  latencyMs?: number;
  rate?: number;
  refs?: string[];
  numbers?: string[];
  rounds?: number;
  cycle?: string[];
}

export async function runConfirmSimChild(): Promise<void> {
  const sandbox = new ConfirmSandbox(42);
  await sandbox.start();
  console.log(JSON.stringify({ url: sandbox.url }));
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    const cmd = JSON.parse(line) as Command;
    if (cmd.op === 'faults') console.log(JSON.stringify(await sandbox.setFaults({ latencyMs: cmd.latencyMs ?? 0 })));
    else if (cmd.op === 'lost') {
      // Answers lost after Confirm applied the request: the share from now on, and how many were lost so far.
      sandbox.lostReplyRate = cmd.rate ?? 0;
      console.log(JSON.stringify({ lostReplies: sandbox.lostReplies }));
    } else if (cmd.op === 'counts') {
      // Enquiries raised per ExternalSystemReference, in the order asked.
      console.log(JSON.stringify((cmd.refs ?? []).map((r) => sandbox.enquiriesByExternalReference.get(r) ?? 0)));
    } else if (cmd.op === 'updates') {
      // Status changes made as a Confirm user would, each round over every Enquiry; answers the XML its CRM Agent posts.
      const bodies: string[] = [];
      const cycle = cmd.cycle ?? ['0200'];
      for (let round = 0; round < (cmd.rounds ?? 1); round++)
        for (const number of cmd.numbers ?? []) {
          const log = sandbox.setEnquiryStatus(number, cycle[round % cycle.length]!, `Bench update ${round + 1}`);
          bodies.push(sandbox.crmAgentXml(sandbox.enquiries.get(number)!, log));
        }
      console.log(JSON.stringify(bodies));
    } else if (cmd.op === 'stop') {
      await sandbox.stop();
      console.log(JSON.stringify({ ok: true }));
      return;
    } else console.log(JSON.stringify({ error: `unknown op ${cmd.op}` }));
  }
}
