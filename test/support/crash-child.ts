// Child process of the crash test: a real core on a data folder (and the store its parent chose), working jobs against
// the parent's simulator.
import { createCore } from '../../src-main/core/create-core';
import { createTestkitConnector, TESTKIT_ID } from './testkit-connector';
import { memoryCredentials } from './memory-credentials';
import { childCoreStore } from './child-store';

const [dataDir, sandboxUrl, jobCount] = process.argv.slice(2) as [string, string, string];

const core = await createCore({
  ...childCoreStore(),
  mode: 'headless',
  dataDir,
  launch: { port: 0, listenerPort: 0, sandbox: false, listenerHost: '127.0.0.1' },
  connectors: [createTestkitConnector()],
  credentials: memoryCredentials({ [`connection:${TESTKIT_ID}:password`]: 'crash-test' }),
  jobRunner: { retry: { maxAttempts: 10, baseDelayMs: 5, maxDelayMs: 50 }, leaseMs: 1500, pollMs: 20, concurrency: 4 },
});
const repos = core.services.repos;
const before = await repos.jobs.counts();
if (before.pending + before.done + before.running === 0) {
  const saved = await core.dispatch('connections:save', {
    connectorId: TESTKIT_ID,
    values: { endpoint: sandboxUrl, username: 'crash', pushCount: Number(jobCount), timeoutMs: 2000 },
    secrets: { password: 'crash-test' },
  });
  if (!saved.ok) throw new Error(saved.error.message);
  const started = await core.dispatch('sync:run', { connectorId: TESTKIT_ID, taskId: 'push-widgets' });
  if (!started.ok) throw new Error(started.error.message);
  await core.services.tasks.wait((started.data as { runId: number }).runId);
}
console.log('READY');
const timer = setInterval(() => void repos.jobs.counts().then((c) => console.log(`DONE ${c.done}`)), 30);
await core.services.jobs.whenSettled();
clearInterval(timer);
console.log(`DONE ${(await repos.jobs.counts()).done}`);
console.log('SETTLED');
await core.close();
process.exit(0);
