import type { ConnectionState } from '../../../src-preload/contract';
import { toConnection, type ConnectionsRepo, type RawConnection } from '../connections-repo';
import type { PgSession } from './pg-session';
import { NO_CONFIG_CACHE, type PgConfigCache } from './pg-config-cache';

/** Connections; each is kept in memory (`cache`: dropped when any engine changes one), read on every job. */
export function createPgConnectionsRepo(db: PgSession, cache: PgConfigCache = NO_CONFIG_CACHE): ConnectionsRepo {
  return {
    async get(connectorId) {
      const kept = await cache.get(`connection:${connectorId}`, async () => {
        const r = await db.one<RawConnection>(`SELECT * FROM connections WHERE connector_id = $1`, [connectorId]);
        return r ? toConnection(r) : null;
      });
      // A copy: callers (as on SQLite, which keeps none) may change what they are given.
      return kept && structuredClone(kept);
    },
    async save(row, now) {
      await cache.write(db, () => db.query(
        `INSERT INTO connections (connector_id, settings_json, secrets_set_json, state, state_message, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (connector_id) DO UPDATE SET settings_json = excluded.settings_json,
           secrets_set_json = excluded.secrets_set_json, state = excluded.state, state_message = excluded.state_message,
           updated_at = excluded.updated_at`,
        [row.connectorId, JSON.stringify(row.values), JSON.stringify([...new Set(row.secretsSet)].sort()), row.state, row.stateMessage, now],
      ));
    },
    async setState(connectorId, state, message) {
      await cache.write(db, () => db.query(
        `INSERT INTO connections (connector_id, state, state_message) VALUES ($1, $2, $3)
         ON CONFLICT (connector_id) DO UPDATE SET state = excluded.state, state_message = excluded.state_message`,
        [connectorId, state, message],
      ));
    },
  };
}
