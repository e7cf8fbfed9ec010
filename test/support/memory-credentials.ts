import type { CredentialStore } from '../../src-main/secrets/credential-store';
import { createMemoryCredentialStore } from '../../src-main/secrets/memory-credential-store';

/** For child processes whose subject is not the keychain (the crash tests); keychain tests use the real one. */
export function memoryCredentials(initial: Record<string, string> = {}): CredentialStore {
  return createMemoryCredentialStore(initial, 'memory (test)');
}
