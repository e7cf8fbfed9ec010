import type { Faults, SandboxView } from '../../src-preload/contract';
import type { ConnectorRegistry } from '../connectors/registry';
import type { Simulator } from './simulator';

/** Starts and stops the simulators of every registered connector, and lends them to the Settings screen. */
/** nextGeneration: counts the starts of this data folder's simulators (kept by the caller, so it survives restarts). */
export function createSandboxManager(registry: ConnectorRegistry, seed = 42, nextGeneration: () => number | Promise<number> = () => 0) {
  // Each connector's simulators, in the order its sandbox lists them; the first is the one its connection talks to.
  const running = new Map<string, Simulator[]>();

  function view(connectorId: string, s: Simulator): SandboxView {
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

  function find(connectorId: string, name?: string): Simulator | undefined {
    const list = running.get(connectorId);
    return name === undefined ? list?.[0] : list?.find((s) => s.name === name);
  }

  return {
    async startAll(): Promise<void> {
      const generation = await nextGeneration();
      for (const c of registry.all()) {
        if (!c.sandbox || running.has(c.id)) continue;
        const list = c.sandbox.simulators.map((spec) => spec.create({ seed, generation }));
        await Promise.all(list.map((s) => s.start()));
        running.set(c.id, list);
      }
    },
    async stopAll(): Promise<void> {
      await Promise.all([...running.values()].flat().map((s) => s.stop()));
      running.clear();
    },
    /** A connector's first simulator, or the one of that name. */
    get: find,
    /** Every running simulator (the mail service looks for the SMTP catcher among them). */
    running(): Simulator[] {
      return [...running.values()].flat();
    },
    /** The URLs of a connector's simulators, in order; null unless every one of them listens. */
    urls(connectorId: string): string[] | null {
      const list = running.get(connectorId);
      if (!list || list.some((s) => !s.url)) return null;
      return list.map((s) => s.url!);
    },
    list(): SandboxView[] {
      return [...running.entries()].flatMap(([id, list]) => list.map((s) => view(id, s)));
    },
    async setFaults(connectorId: string, faults: Partial<Faults>, name?: string): Promise<SandboxView | null> {
      const s = find(connectorId, name);
      if (!s) return null;
      await s.setFaults(faults);
      return view(connectorId, s);
    },
  };
}

export type SandboxManager = ReturnType<typeof createSandboxManager>;
