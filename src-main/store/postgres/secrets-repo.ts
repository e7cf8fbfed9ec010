import type { PgSession } from './pg-session';

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

export function createPgSecretsRepo(db: PgSession): SealedSecretsRepo {
  return {
    get: async (account) => (await db.one<{ sealed: string }>(`SELECT sealed FROM secrets WHERE account = $1`, [account]))?.sealed ?? null,
    async put(account, sealed, now) {
      await db.query(`INSERT INTO secrets (account, sealed, updated_at) VALUES ($1, $2, $3)
        ON CONFLICT (account) DO UPDATE SET sealed = excluded.sealed, updated_at = excluded.updated_at`, [account, sealed, now]);
    },
    delete: async (account) => (await db.changes(`DELETE FROM secrets WHERE account = $1`, [account])) === 1,
    all: async () => await db.rows<{ account: string; sealed: string }>(`SELECT account, sealed FROM secrets ORDER BY account`),
    replace: async (account, was, sealed, now) =>
      (await db.changes(`UPDATE secrets SET sealed = $3, updated_at = $4 WHERE account = $1 AND sealed = $2`, [account, was, sealed, now])) === 1,
  };
}
