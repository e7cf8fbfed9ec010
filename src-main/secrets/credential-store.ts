import { createRequire } from 'node:module';
import type { KeychainStatus } from '../../src-preload/contract';

export class KeychainUnavailableError extends Error {
  readonly code = 'keychain_unavailable' as const;
}

export interface CredentialStore {
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  delete(account: string): Promise<boolean>;
  has(account: string): Promise<boolean>;
  status(): Promise<KeychainStatus>;
}

interface KeytarLike {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export const INSTALL_HINT: Record<string, string> = {
  linux:
    'SyncDesk keeps passwords in the Secret Service (GNOME Keyring or KWallet). Install and unlock one, e.g. `sudo apt install gnome-keyring libsecret-1-0`, then log in to a desktop session (or start `gnome-keyring-daemon --unlock --components=secrets` inside `dbus-run-session`).',
  darwin: 'SyncDesk keeps passwords in the macOS Keychain; unlock the login keychain in Keychain Access.',
  win32: 'SyncDesk keeps passwords in the Windows Credential Manager; make sure the Credential Manager service is running.',
};

function backendName(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'macOS Keychain';
  if (platform === 'win32') return 'Windows Credential Manager';
  return 'Secret Service (libsecret)';
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  // A locked keyring can leave keytar waiting on a prompt forever; give up and say so.
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new KeychainUnavailableError(`the keychain did not answer within ${ms} ms (${what}); it may be locked`)), ms);
    timer.unref?.();
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (err: unknown) => {
        clearTimeout(timer);
        // Its answer in brackets: after "account: " a redactor would take the first word for the secret and mask it.
        reject(new KeychainUnavailableError(`the keychain refused ${what} (${(err as Error)?.message ?? String(err)})`));
      },
    );
  });
}

export interface KeytarStoreOptions {
  service?: string;
  timeoutMs?: number;
  /** For tests of the unreachable case; by default the real keytar module. */
  keytar?: KeytarLike | (() => KeytarLike);
  platform?: NodeJS.Platform;
}

function loadKeytar(): KeytarLike {
  const require = createRequire(import.meta.url);
  return require('keytar') as KeytarLike;
}

/** The OS keychain through keytar. Every call is bounded by a timeout; no plaintext fallback exists. */
export function createKeytarStore(options: KeytarStoreOptions = {}): CredentialStore {
  const service = options.service ?? 'SyncDesk';
  const timeoutMs = options.timeoutMs ?? 5000;
  const platform = options.platform ?? process.platform;
  let keytar: KeytarLike | null = null;
  let loadError: string | null = null;

  function kt(): KeytarLike {
    if (keytar) return keytar;
    if (loadError) throw new KeychainUnavailableError(loadError);
    try {
      const k = options.keytar ?? loadKeytar;
      keytar = typeof k === 'function' ? k() : k;
      return keytar;
    } catch (err) {
      loadError = `the keychain module could not load: ${(err as Error).message}`;
      throw new KeychainUnavailableError(loadError);
    }
  }

  const call = async <T>(what: string, fn: (k: KeytarLike) => Promise<T>): Promise<T> => withTimeout(fn(kt()), timeoutMs, what);

  return {
    get: (account) => call(`reading ${account}`, (k) => k.getPassword(service, account)),
    set: (account, secret) => call(`storing ${account}`, (k) => k.setPassword(service, account, secret)),
    delete: (account) => call(`deleting ${account}`, (k) => k.deletePassword(service, account)),
    has: async (account) => (await call(`reading ${account}`, (k) => k.getPassword(service, account))) !== null,
    async status(): Promise<KeychainStatus> {
      const backend = backendName(platform);
      try {
        // A read of an account that does not exist proves the service answers without touching any secret.
        await call('a status probe', (k) => k.getPassword(service, '__syncdesk_probe__'));
        return { reachable: true, backend, message: `${backend} is reachable.`, installHint: null };
      } catch (err) {
        return {
          reachable: false,
          backend,
          message: `No keychain is reachable: ${(err as Error).message}. Passwords cannot be saved until one is.`,
          installHint: INSTALL_HINT[platform] ?? INSTALL_HINT.linux!,
        };
      }
    },
  };
}

/** The keychain account name for one secret field of one connection. */
export function secretAccount(connectorId: string, field: string): string {
  return `connection:${connectorId}:${field}`;
}
