import type { Faults } from '../../src-preload/contract';

/**
 * What sandbox mode needs of a simulator, whatever it speaks: the HTTP simulators (SandboxServer) and, later, an SMTP
 * catcher beside an API.
 */
export interface Simulator {
  readonly name: string;
  readonly url: string | null;
  readonly running: boolean;
  readonly faults: Faults;
  readonly requests: number;
  readonly faultsInjected: number;
  start(): Promise<string>;
  stop(): Promise<void>;
  setFaults(next: Partial<Faults>): Promise<Faults>;
}
