// Child process of the CERM download crash test: a real core on a data folder, downloading the parent's simulated
// customer list; it prints how many customers the mirror holds, so the parent can kill it part-way.
import { CERM_ID } from '../../../src-main/connectors/cerm';
import { SANDBOX_CREDENTIALS } from '../../../src-main/connectors/cerm/sandbox';
import { startCermChildCore } from './child-core';

const [dataDir, sandboxUrl] = process.argv.slice(2) as [string, string];

const core = await startCermChildCore(dataDir);
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
