import type { Connector } from './connector';
import { createCermConnector } from './cerm';
import { createConfirmConnector } from './confirm';

export interface ConnectorRegistry {
  all(): Connector[];
  get(id: string): Connector | undefined;
}

export function createRegistry(connectors: Connector[]): ConnectorRegistry {
  const byId = new Map<string, Connector>();
  for (const c of connectors) {
    if (byId.has(c.id)) throw new Error(`two connectors share the id "${c.id}"`);
    byId.set(c.id, c);
  }
  return { all: () => [...byId.values()], get: (id) => byId.get(id) };
}

/** The connectors that ship with the app. Each connector issue adds its folder here. */
export function shippedConnectors(): Connector[] {
  return [createCermConnector(), createConfirmConnector()];
}
