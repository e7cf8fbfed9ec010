import type { Faults, SandboxView } from '../../src-preload/contract';
import type { ConnectorRegistry } from '../connectors/registry';
import type { SandboxServer } from './sandbox-server';

/** Starts and stops the simulators of every registered connector, and lends them to the Settings screen. */
export function createSandboxManager(registry: ConnectorRegistry, seed = 42) {
  const servers = new Map<string, SandboxServer>();

  function view(connectorId: string, s: SandboxServer): SandboxView {
    return {
      connectorId,
      name: s.name,
      url: s.url,
      running: s.running,
      faults: s.faults,
      requests: s.requests,
      faultsInjected: s.faultsInjected,
    };
  }

  return {
    async startAll(): Promise<void> {
      for (const c of registry.all()) {
        if (!c.sandbox || servers.has(c.id)) continue;
        const s = c.sandbox.create({ seed });
        await s.start();
        servers.set(c.id, s);
      }
    },
    async stopAll(): Promise<void> {
      await Promise.all([...servers.values()].map((s) => s.stop()));
      servers.clear();
    },
    get(connectorId: string): SandboxServer | undefined {
      return servers.get(connectorId);
    },
    list(): SandboxView[] {
      return [...servers.entries()].map(([id, s]) => view(id, s));
    },
    async setFaults(connectorId: string, faults: Partial<Faults>): Promise<SandboxView | null> {
      const s = servers.get(connectorId);
      if (!s) return null;
      await s.setFaults(faults);
      return view(connectorId, s);
    },
  };
}

export type SandboxManager = ReturnType<typeof createSandboxManager>;
