// The CredentialStore of a team server: secrets in its database, sealed with the server's key (AES-256-GCM), as n8n
// keeps credentials under its encryption key. The desktop keeps the OS keychain; this one is for servers only.
import type { CredentialStore } from './credential-store';
import type { EncryptionKeys } from './encryption-keys';
import { keyIdOf, open, seal } from './sealed-secret';

/** Where the sealed values live (the PostgreSQL store's `secrets` table). */
export interface SealedSecretsTable {
  get(account: string): Promise<string | null>;
  put(account: string, sealed: string, now: number): Promise<void>;
  delete(account: string): Promise<boolean>;
  all(): Promise<{ account: string; sealed: string }[]>;
  replace(account: string, was: string, sealed: string, now: number): Promise<boolean>;
}

export interface RotationReport {
  /** Secrets re-sealed with the current key. */
  resealed: number;
  /** Already sealed with it. */
  current: number;
}

export interface DatabaseCredentialStore extends CredentialStore {
  /**
   * Re-seals with the current key every secret sealed with a previous one. Refuses, changing nothing, when a secret
   * needs a key the server was not given: the operator gives it, or that secret would be lost.
   */
  rotate(): Promise<RotationReport>;
}

export function createDatabaseCredentialStore(table: SealedSecretsTable, keys: EncryptionKeys, now: () => number = Date.now): DatabaseCredentialStore {
  const known = new Set([keys.current.id, ...keys.previous.map((k) => k.id)]);
  return {
    async get(account) {
      const sealed = await table.get(account);
      return sealed === null ? null : open(keys, account, sealed);
    },
    set: async (account, secret) => await table.put(account, seal(keys.current, account, secret), now()),
    delete: async (account) => await table.delete(account),
    has: async (account) => (await table.get(account)) !== null,
    status: async () => ({
      reachable: true,
      backend: `the server's database, encrypted (key ${keys.current.id})`,
      message: 'Secrets are kept in the team server\'s database, sealed with its encryption key.',
      installHint: null,
    }),
    async rotate() {
      const rows = await table.all();
      const unknown = rows.filter((r) => !known.has(keyIdOf(r.sealed)));
      if (unknown.length > 0) {
        const ids = [...new Set(unknown.map((r) => keyIdOf(r.sealed)))].join(', ');
        throw new Error(`${unknown.length} saved secret(s) (${unknown.map((r) => r.account).join(', ')}) were encrypted with a key this server was not given (id ${ids}); start it with that key as the previous key. Nothing was changed.`);
      }
      // Every stale secret is opened before any is rewritten: a value that no longer opens stops the rotation unchanged.
      const stale = rows.filter((r) => keyIdOf(r.sealed) !== keys.current.id).map((r) => ({ ...r, secret: open(keys, r.account, r.sealed) }));
      let resealed = 0;
      for (const r of stale) if (await table.replace(r.account, r.sealed, seal(keys.current, r.account, r.secret), now())) resealed++;
      return { resealed, current: rows.length - stale.length };
    },
  };
}
