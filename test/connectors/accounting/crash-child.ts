// Child process of the accounting crash test: a real core on a data folder, importing from the parent's accounting
// simulator with welcome emails to the parent's SMTP catcher. Prints READY, "DONE <welcome emails done>" and SETTLED.
import { createCore } from '../../../src-main/core/create-core';
import { createAccountingConnector, ACCOUNTING_ID } from '../../../src-main/connectors/accounting';
import { SANDBOX_CREDENTIALS } from '../../../src-main/connectors/accounting/sandbox';
import { FLAG_FIELD } from '../../../src-main/connectors/accounting/sandbox-data';
import { memoryCredentials } from '../../support/memory-credentials';

const [dataDir, apiUrl, smtpPort, apiKey] = process.argv.slice(2) as [string, string, string, string];

const core = await createCore({
  mode: 'headless',
  dataDir,
  launch: { port: 0, listenerPort: 0, sandbox: false, listenerHost: '127.0.0.1' },
  connectors: [createAccountingConnector()],
  credentials: memoryCredentials({ 'platform:api-key': apiKey, [`connection:${ACCOUNTING_ID}:sessionUuid`]: SANDBOX_CREDENTIALS.sessionUuid }),
  jobRunner: { retry: { maxAttempts: 10, baseDelayMs: 5, maxDelayMs: 50 }, leaseMs: 1_500, pollMs: 20 },
});
const { repos } = core.services;
async function call(channel: string, input: unknown): Promise<unknown> {
  const r = await core.dispatch(channel as never, input as never);
  if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
  return r.data;
}
if (!(await repos.connections.get(ACCOUNTING_ID))) {
  await call('mail:save-settings', { host: '127.0.0.1', port: Number(smtpPort), security: 'none', fromAddress: 'shop@crash.test', fromName: 'Crash shop', rateLimitPerSecond: 50 });
  await call('connections:save', {
    connectorId: ACCOUNTING_ID,
    values: { apiUrl, licenseUuid: SANDBOX_CREDENTIALS.licenseUuid, showOnWebField: FLAG_FIELD, showOnWebValue: 'True', sendEmails: true, websiteUrl: 'https://shop.crash.test/', pageSize: 20, timeoutMs: 5_000 },
    secrets: { sessionUuid: SANDBOX_CREDENTIALS.sessionUuid },
  });
}
// Every start runs the import once: it carries on from the cursor the last one committed.
const started = (await call('sync:run', { connectorId: ACCOUNTING_ID, taskId: 'customers' })) as { runId: number };
console.log('READY');
const doneCount = () => (repos.jobs.counts() as Promise<Record<string, number>>).then((c) => c.done ?? 0);
const timer = setInterval(() => void doneCount().then((n) => console.log(`DONE ${n}`)), 20);
await core.services.tasks.wait(started.runId);
await core.services.jobs.whenSettled();
clearInterval(timer);
console.log(`DONE ${await doneCount()}`);
console.log('SETTLED');
await core.close();
process.exit(0);
