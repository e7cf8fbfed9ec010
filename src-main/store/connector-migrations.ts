import type { Db } from './database';
import type { Migration } from './migrations';

export class ConnectorSchemaTooNewError extends Error {
  constructor(connectorId: string, found: number, supported: number) {
    super(
      `The tables of the "${connectorId}" connector were written by a newer SyncDesk (schema ${found}; this version knows up to ${supported}). ` +
        'Update SyncDesk, or point SYNCDESK_DATA_DIR at another folder.',
    );
  }
}

/**
 * Applies a connector's own numbered migrations after the platform's: forward-only, each with its version bump in
 * one transaction, tracked per connector in connector_schema. A version newer than the connector knows is refused.
 */
export function migrateConnector(db: Db, connectorId: string, migrations: readonly Migration[]): number {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`the "${connectorId}" connector's migrations must be numbered 1..N; found ${m.version} at place ${i + 1}`);
  });
  const versionOf = db.prepare(`SELECT version FROM connector_schema WHERE connector_id = ?`).pluck();
  const record = db.prepare(`INSERT INTO connector_schema (connector_id, version, updated_at) VALUES (?, ?, ?)
    ON CONFLICT (connector_id) DO UPDATE SET version = excluded.version, updated_at = excluded.updated_at`);
  const current = (versionOf.get(connectorId) as number | undefined) ?? 0;
  const latest = migrations.length;
  if (current > latest) throw new ConnectorSchemaTooNewError(connectorId, current, latest);
  for (const m of migrations.slice(current)) {
    db.transaction(() => {
      db.exec(m.sql);
      record.run(connectorId, m.version, Date.now());
    })();
  }
  return latest;
}
