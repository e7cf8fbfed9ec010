import type { Connector } from './connector';
import type { Db } from '../store/database';
import { migrateConnector } from '../store/connector-migrations';
import type { PgSession } from '../store/postgres/pg-session';
import { migrateConnectorPg } from '../store/postgres/migrate';
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
  return registryOf(byId, owned);
}

function registryOf(byId: Map<string, Connector>, owned: Map<string, object>): ConnectorRegistry {
  return { all: () => [...byId.values()], get: (id) => byId.get(id), own: (id) => owned.get(id) as AsyncRepo<unknown> };
}

/**
 * The installed connectors over a PostgreSQL store (a team server): each one's PostgreSQL migrations applied under the
 * schema lock and its PostgreSQL repositories made. A connector with SQLite tables but no PostgreSQL side is refused
 * before anything is changed.
 */
export async function createPgRegistry(connectors: Connector<any>[], session: PgSession): Promise<ConnectorRegistry> {
  const byId = new Map<string, Connector>();
  for (const c of connectors) {
    if (byId.has(c.id)) throw new Error(`two connectors share the id "${c.id}"`);
    if ((c.migrations?.length && !c.pgMigrations) || (c.repositories && !c.pgRepositories))
      throw new Error(`the "${c.displayName}" connector keeps tables of its own on SQLite only, so it cannot run on a team server's PostgreSQL database`);
    byId.set(c.id, c);
  }
  for (const c of byId.values()) if (c.pgMigrations?.length) await migrateConnectorPg(session.pool, c.id, c.pgMigrations);
  return pgRegistryOver([...byId.values()], session);
}

/** The connectors over a PostgreSQL session whose database has their migrations already (a preview's transaction). */
export function pgRegistryOver(connectors: Connector<any>[], session: PgSession): ConnectorRegistry {
  const byId = new Map(connectors.map((c) => [c.id, c]));
  const owned = new Map<string, object>();
  for (const c of byId.values()) if (c.pgRepositories) owned.set(c.id, c.pgRepositories(session) as object);
  return registryOf(byId, owned);
}

/** The connectors that ship with the app: one line per connector. */
export function shippedConnectors(): Connector[] {
  return [createCermConnector(), createConfirmConnector(), createAccountingConnector(), createErpConnector()];
}
