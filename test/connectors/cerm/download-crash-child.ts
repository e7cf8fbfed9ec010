// Child process of the CERM download crash test: a real core on a data folder, downloading the parent's simulated
// customer list; it prints how many customers the mirror holds, so the parent can kill it part-way.
import { createCore } from '../../../src-main/core/create-core';
import { createCermConnector, CERM_ID } from '../../../src-main/connectors/cerm';
import { SANDBOX_CREDENTIALS } from '../../../src-main/connectors/cerm/sandbox';
import { memoryCredentials } from '../../support/memory-credentials';

const [dataDir, sandboxUrl] = process.argv.slice(2) as [string, string];

const core = await createCore({
  mode: 'headless',
  dataDir,
  launch: { port: 0, listenerPort: 0, sandbox: false, listenerHost: '127.0.0.1' },
  connectors: [createCermConnector()],
  credentials: memoryCredentials({
    [`connection:${CERM_ID}:clientSecret`]: SANDBOX_CREDENTIALS.clientSecret,
    [`connection:${CERM_ID}:password`]: SANDBOX_CREDENTIALS.password,
  }),
});
const saved = await core.dispatch('connections:save', {
  connectorId: CERM_ID,
  values: { apiUrl: `${sandboxUrl}/`, clientId: SANDBOX_CREDENTIALS.clientId, username: SANDBOX_CREDENTIALS.username, pageSize: 100 },
  secrets: { clientSecret: SANDBOX_CREDENTIALS.clientSecret, password: SANDBOX_CREDENTIALS.password },
});
if (!saved.ok) throw new Error(saved.error.message);
const { repos, tasks } = core.services;
console.log('READY');
const timer = setInterval(() => void repos.cermCustomers.count().then((n) => console.log(`DONE ${n}`)), 20);
const run = await tasks.wait((await tasks.start(CERM_ID, 'download-customers', 'manual')).runId);
clearInterval(timer);
console.log(`RUN ${run?.status} ${run?.message}`);
console.log('SETTLED');
await core.close();
process.exit(0);
