// Which store a test's core opens, in a form a child process (a crash test's, bundled without the test runner) reads
// too: nothing for the data folder's SQLite file, or a PostgreSQL database's URL in the environment.
import type { CoreOptions } from '../../src-main/core/create-core';
import { keyOf } from '../../src-main/secrets/encryption-keys';

/** The key a team server's secrets are sealed with, in tests (their cores keep secrets in memory credentials anyway). */
export const TEST_ENCRYPTION_KEY = Buffer.alloc(32, 7).toString('base64');
const DATABASE_ENV = 'SYNCDESK_TEST_DATABASE_URL';

/** PostgreSQL's part of a core's options: the database at `url`, secrets sealed with the test key. */
export function postgresCoreOptions(url: string): Pick<CoreOptions, 'postgres'> {
  return { postgres: { url, keys: { current: keyOf(TEST_ENCRYPTION_KEY, 'the tests'), previous: [] }, poolMax: 4 } };
}

/** The environment that tells a child process (childCoreStore) to open its core on the database at `url`. */
export const childEnvFor = (url: string): Record<string, string> => ({ [DATABASE_ENV]: url });

/** In a child process: the store its parent chose, from the environment. */
export function childCoreStore(): Pick<CoreOptions, 'postgres'> {
  const url = process.env[DATABASE_ENV];
  return url ? postgresCoreOptions(url) : {};
}
