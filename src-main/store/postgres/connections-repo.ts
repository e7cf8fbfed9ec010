import type { ConnectionState } from '../../../src-preload/contract';
import { toConnection, type ConnectionsRepo, type RawConnection } from '../connections-repo';
import type { PgSession } from './pg-session';


export function createPgConnectionsRepo(db: PgSession): ConnectionsRepo {
  return {
    async get(connectorId) {
      const r = await db.one<RawConnection>(`SELECT * FROM connections WHERE connector_id = $1`, [connectorId]);
      return r ? toConnection(r) : null;
    },
    async save(row, now) {
      await db.query(
        `INSERT INTO connections (connector_id, settings_json, secrets_set_json, state, state_message, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (connector_id) DO UPDATE SET settings_json = excluded.settings_json,
           secrets_set_json = excluded.secrets_set_json, state = excluded.state, state_message = excluded.state_message,
           updated_at = excluded.updated_at`,
        [row.connectorId, JSON.stringify(row.values), JSON.stringify([...new Set(row.secretsSet)].sort()), row.state, row.stateMessage, now],
      );
    },
    async setState(connectorId, state, message) {
      await db.query(
        `INSERT INTO connections (connector_id, state, state_message) VALUES ($1, $2, $3)
         ON CONFLICT (connector_id) DO UPDATE SET state = excluded.state, state_message = excluded.state_message`,
        [connectorId, state, message],
      );
    },
  };
}
