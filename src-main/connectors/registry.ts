import type { Connector } from './connector';
import type { Db } from '../store/database';
import { migrateConnector } from '../store/connector-migrations';
import { writerOf, type AsyncRepo } from '../store/serial-writer';
import { createAccountingConnector } from './accounting';
import { createCermConnector } from './cerm';
import { createConfirmConnector } from './confirm';
import { createErpConnector } from './erp';

export interface ConnectorRegistry {
  all(): Connector[];
  get(id: string): Connector | undefined;
  /** A connector's own repositories (undefined for one that brings none). */
  own(id: string): AsyncRepo<unknown>;
}

/**
 * The installed connectors over an open store: each one's own migrations are applied (tracked per connector) and its
 * repositories made, before anything runs.
 */
export function createRegistry(connectors: Connector<any>[], db?: Db): ConnectorRegistry {
  const byId = new Map<string, Connector>();
  const owned = new Map<string, object>();
  for (const c of connectors) {
    if (byId.has(c.id)) throw new Error(`two connectors share the id "${c.id}"`);
    byId.set(c.id, c);
  }
  if (db)
    for (const c of byId.values()) {
      if (c.migrations?.length) migrateConnector(db, c.id, c.migrations);
      if (c.repositories) owned.set(c.id, writerOf(db).wrap(c.repositories(db) as object));
    }
  return { all: () => [...byId.values()], get: (id) => byId.get(id), own: (id) => owned.get(id) as AsyncRepo<unknown> };
}

/** The connectors that ship with the app: one line per connector. */
export function shippedConnectors(): Connector[] {
  return [createCermConnector(), createConfirmConnector(), createAccountingConnector(), createErpConnector()];
}
