// Child process of the several-engine run: a team server's engine as `npm run serve -- --database URL` starts it
// (src-main/headless/cli.ts: the same flags, staff sign-in, the store on PostgreSQL, jobs on pg-boss, the shipped
// connectors, the key from SYNCDESK_ENCRYPTION_KEY, files in SYNCDESK_DATA_DIR), but for one thing: its job lease is
// SYNCDESK_TEST_LEASE_MS instead of two minutes, so the jobs of an engine killed with SIGKILL come back within a test's
// time. Prints the same `console:` and `listener:` lines; SIGTERM stops it as serve's does.
import { join } from 'node:path';
import { parseLaunchArgs } from '../../src-main/config/args';
import { resolveDataDir } from '../../src-main/config/data-dir';
import { parseServeArgs } from '../../src-main/headless/team-args';
import { startHeadless } from '../../src-main/headless/start-headless';
import { loadEncryptionKeys } from '../../src-main/secrets/encryption-keys';

const serve = parseServeArgs(process.argv.slice(2), process.env);
if (serve.database === null) throw new Error('the several-engine run starts engines on a database: --database URL');
const leaseMs = Number(process.env.SYNCDESK_TEST_LEASE_MS);
if (!Number.isInteger(leaseMs) || leaseMs <= 0) throw new Error('SYNCDESK_TEST_LEASE_MS: the job lease in milliseconds');
const keys = loadEncryptionKeys({ env: process.env, keyFile: serve.keyFile, previousKeyFile: serve.previousKeyFile });

const app = await startHeadless({
  dataDir: resolveDataDir(),
  launch: parseLaunchArgs(serve.rest),
  // The tests run from the repository's root, as serve-support's SERVE path assumes.
  rendererDir: join(process.cwd(), 'out', 'renderer'),
  team: serve.team ?? {},
  core: { postgres: { url: serve.database, keys }, jobRunner: { leaseMs } },
});
console.log(`console: ${app.server.url}`);
console.log(`listener: ${app.core.listenerUrl}`);
process.on('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
