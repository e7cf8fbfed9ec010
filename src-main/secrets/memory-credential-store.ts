import type { CredentialStore } from './credential-store';

/**
 * A CredentialStore in memory, for runs whose subject is not the keychain (benchmarks, crash-test children). The app
 * itself never uses it: secrets go to the OS keychain or nowhere.
 */
export function createMemoryCredentialStore(initial: Record<string, string> = {}, backend = 'memory'): CredentialStore {
  const m = new Map(Object.entries(initial));
  return {
    get: async (a) => m.get(a) ?? null,
    set: async (a, s) => void m.set(a, s),
    delete: async (a) => m.delete(a),
    has: async (a) => m.has(a),
    status: async () => ({ reachable: true, backend, message: `${backend} store`, installHint: null }),
  };
}
