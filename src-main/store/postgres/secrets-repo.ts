import type { PgSession } from './pg-session';
import { NO_CONFIG_CACHE, type PgConfigCache } from './pg-config-cache';

/** Sealed secrets by account: the store never sees one in clear text (the credential store seals and opens them). */
export interface SealedSecretsRepo {
  get(account: string): Promise<string | null>;
  put(account: string, sealed: string, now: number): Promise<void>;
  delete(account: string): Promise<boolean>;
  /** Every sealed secret, by account (a few dozen: one a connection field). */
  all(): Promise<{ account: string; sealed: string }[]>;
  /** Replaces a sealed value only if it is still the one read (a rotation racing another engine's save keeps the save). */
  replace(account: string, was: string, sealed: string, now: number): Promise<boolean>;
}

/** Each sealed value is kept in memory as sealed (`cache`: dropped when any engine changes one): read on every job. */
export function createPgSecretsRepo(db: PgSession, cache: PgConfigCache = NO_CONFIG_CACHE): SealedSecretsRepo {
  return {
    get: async (account) =>
      await cache.get(`secret:${account}`, async () => (await db.one<{ sealed: string }>(`SELECT sealed FROM secrets WHERE account = $1`, [account]))?.sealed ?? null),
    async put(account, sealed, now) {
      await cache.write(db, () => db.query(`INSERT INTO secrets (account, sealed, updated_at) VALUES ($1, $2, $3)
        ON CONFLICT (account) DO UPDATE SET sealed = excluded.sealed, updated_at = excluded.updated_at`, [account, sealed, now]));
    },
    delete: async (account) => (await cache.write(db, () => db.changes(`DELETE FROM secrets WHERE account = $1`, [account]))) === 1,
    all: async () => await db.rows<{ account: string; sealed: string }>(`SELECT account, sealed FROM secrets ORDER BY account`),
    replace: async (account, was, sealed, now) =>
      (await cache.write(db, () => db.changes(`UPDATE secrets SET sealed = $3, updated_at = $4 WHERE account = $1 AND sealed = $2`, [account, was, sealed, now]))) === 1,
  };
}
