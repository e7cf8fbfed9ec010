import type { AsyncRepo } from './serial-writer';
import type { Db } from './database';
import type { ConnectionState, FieldValue } from '../../src-preload/contract';

export interface ConnectionRow {
  connectorId: string;
  values: Record<string, FieldValue>;
  secretsSet: string[];
  state: ConnectionState;
  stateMessage: string | null;
  updatedAt: number | null;
}

/** A connections row as both stores read it. */
export interface RawConnection {
  connector_id: string;
  settings_json: string;
  secrets_set_json: string;
  state: ConnectionState;
  state_message: string | null;
  updated_at: number | null;
}

export const toConnection = (r: RawConnection): ConnectionRow => ({
  connectorId: r.connector_id,
  values: JSON.parse(r.settings_json),
  secretsSet: JSON.parse(r.secrets_set_json),
  state: r.state,
  stateMessage: r.state_message,
  updatedAt: r.updated_at,
});

export function createConnectionsRepo(db: Db) {
  const get = db.prepare(`SELECT * FROM connections WHERE connector_id = ?`);
  const upsert = db.prepare(`
    INSERT INTO connections (connector_id, settings_json, secrets_set_json, state, state_message, updated_at)
    VALUES (@connectorId, @values, @secrets, @state, @stateMessage, @now)
    ON CONFLICT (connector_id) DO UPDATE SET settings_json = excluded.settings_json,
      secrets_set_json = excluded.secrets_set_json, state = excluded.state, state_message = excluded.state_message,
      updated_at = excluded.updated_at`);
  const setState = db.prepare(`
    INSERT INTO connections (connector_id, state, state_message) VALUES (@connectorId, @state, @message)
    ON CONFLICT (connector_id) DO UPDATE SET state = excluded.state, state_message = excluded.state_message`);

  return {
    get(connectorId: string): ConnectionRow | null {
      const r = get.get(connectorId) as RawConnection | undefined;
      return r ? toConnection(r) : null;
    },
    save(row: Omit<ConnectionRow, 'updatedAt'>, now: number): void {
      upsert.run({
        connectorId: row.connectorId,
        values: JSON.stringify(row.values),
        secrets: JSON.stringify([...new Set(row.secretsSet)].sort()),
        state: row.state,
        stateMessage: row.stateMessage,
        now,
      });
    },
    setState(connectorId: string, state: ConnectionState, message: string | null): void {
      setState.run({ connectorId, state, message });
    },
  };
}

/** The repository as the store port gives it (every method answers a promise). */
export type ConnectionsRepo = AsyncRepo<ReturnType<typeof createConnectionsRepo>>;
