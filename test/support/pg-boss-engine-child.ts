// Child process of the several-engines test: one engine (a job runner over the pg-boss queue, with its own pool) on
// the shared database, posting records to the parent's endpoint. Prints READY once it works; SIGTERM stops it cleanly.
import { openPgPool } from '../../src-main/store/postgres/pool';
import { createPgRepositories } from '../../src-main/store/postgres/repositories';
import type { Repositories } from '../../src-main/store/repositories';
import { createJobRunner, type JobRunner } from '../../src-main/engine/job-runner';
import { createPgBossJobQueue } from '../../src-main/team-server/pg-boss-queue';
import { createRelayConnector, engineDeps, RELAY_ID } from './relay-connector';

const [url, endpoint, name, leaseMs] = process.argv.slice(2) as [string, string, string, string];

const pool = openPgPool(url, { max: 4, applicationName: name });
const repos = createPgRepositories(pool);
let runner: JobRunner | null = null;
const queue = await createPgBossJobQueue({ repos, url, connectorIds: [RELAY_ID], now: Date.now, onEnqueued: () => runner?.kick(), applicationName: `${name} pg-boss` });
runner = createJobRunner(engineDeps(repos as unknown as Repositories, queue, [createRelayConnector(endpoint)]), {
  leaseMs: Number(leaseMs),
  pollMs: 50,
  onError: (err) => console.error(`${name}:`, err),
});
runner.start();
console.log('READY');

process.on('SIGTERM', () => {
  void (async () => {
    await runner.stop();
    await queue.close();
    await pool.end();
    process.exit(0);
  })();
});
