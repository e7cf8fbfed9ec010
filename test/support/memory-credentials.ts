import type { CredentialStore } from '../../src-main/secrets/credential-store';

/** For child processes whose subject is not the keychain (the crash test); keychain tests use the real one. */
export function memoryCredentials(initial: Record<string, string> = {}): CredentialStore {
  const m = new Map(Object.entries(initial));
  return {
    get: async (a) => m.get(a) ?? null,
    set: async (a, s) => void m.set(a, s),
    delete: async (a) => m.delete(a),
    has: async (a) => m.has(a),
    status: async () => ({ reachable: true, backend: 'memory (test)', message: 'test store', installHint: null }),
  };
}
