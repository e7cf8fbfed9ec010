// `serve --database URL --rotate-encryption-key`: every connection secret sealed with the previous key is sealed again
// with the current one (both given, as for a start), then the previous key may be thrown away.
import { openPgPool } from '../store/postgres/pool';
import { migratePg } from '../store/postgres/migrate';
import { createPgRepositories } from '../store/postgres/repositories';
import { createDatabaseCredentialStore } from '../secrets/database-credential-store';
import type { PostgresChoice } from '../core/open-store';

export async function rotateEncryptionKey(choice: PostgresChoice, now: () => number = Date.now): Promise<string> {
  const pool = openPgPool(choice.url, { max: 1, applicationName: 'syncdesk rotate-key' });
  try {
    await migratePg(pool);
    const report = await createDatabaseCredentialStore(createPgRepositories(pool).secrets, choice.keys, now).rotate();
    return `secrets re-sealed with key ${choice.keys.current.id}: ${report.resealed} (${report.current} already were)`;
  } finally {
    await pool.end();
  }
}
