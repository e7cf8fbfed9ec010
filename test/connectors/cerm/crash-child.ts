// Child process of the CERM crash test: a real core on a data folder, creating registrants in the parent's CERM simulator.
import { CERM_ID } from '../../../src-main/connectors/cerm';
import { SANDBOX_CREDENTIALS } from '../../../src-main/connectors/cerm/sandbox';
import { startCermChildCore } from './child-core';

const [dataDir, sandboxUrl, count] = process.argv.slice(2) as [string, string, string];

const core = await startCermChildCore(dataDir, { jobRunner: { retry: { maxAttempts: 10, baseDelayMs: 5, maxDelayMs: 50 }, leaseMs: 600, pollMs: 20, concurrency: 4 } });
const repos = core.services.repos;
if ((await repos.customers.count()) === 0) {
  const saved = await core.dispatch('connections:save', {
    connectorId: CERM_ID,
    values: { apiUrl: `${sandboxUrl}/`, clientId: SANDBOX_CREDENTIALS.clientId, username: SANDBOX_CREDENTIALS.username, timeoutMs: 2000 },
    secrets: { clientSecret: SANDBOX_CREDENTIALS.clientSecret, password: SANDBOX_CREDENTIALS.password },
  });
  if (!saved.ok) throw new Error(saved.error.message);
  // As registration does: the customer and the job that creates it in CERM commit together.
  await repos.transaction(async () => {
    for (let i = 1; i <= Number(count); i++) {
      const id = await repos.customers.insert({ email: `registrant${i}@example.test`, firstName: `Reg${i}`, lastName: 'Istrant', origin: 'storefront' }, Date.now());
      await repos.jobs.enqueue({ connectorId: CERM_ID, kind: 'create-customer', entityKey: `customer-${id}`, idempotencyKey: `cerm:create-customer:${id}`, payload: { customerId: id } }, Date.now());
    }
  });
  core.services.jobs.kick();
}
console.log('READY');
const timer = setInterval(() => void repos.jobs.counts().then((c) => console.log(`DONE ${c.done}`)), 30);
await core.services.jobs.whenSettled();
clearInterval(timer);
console.log(`DONE ${(await repos.jobs.counts()).done}`);
console.log('SETTLED');
await core.close();
process.exit(0);
