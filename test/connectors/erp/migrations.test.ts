import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase } from '../../../src-main/store/database';
import { migrateConnector } from '../../../src-main/store/connector-migrations';
import { createErpConnector } from '../../../src-main/connectors/erp';
import { tempDir } from '../../support/harness';

describe('The ERP connector\'s migrations', () => {
  it('move the account History the accounts sync wrote into the field changes, keeping the lost web edit and the run', () => {
    const db = openDatabase(join(tempDir(), 'history.db'));
    db.exec(`INSERT INTO sync_runs (connector_id, task_id, trigger, status, started_at, heartbeat_at) VALUES ('erp', 'accounts', 'manual', 'success', 1, 1);
      INSERT INTO accounts (account_number, name, price_level, created_at, updated_at) VALUES ('C-1', 'Acme', 'A', 4, 4);
      INSERT INTO account_pending_changes (account_id, field, value, created_at) VALUES (1, 'repCode', 'R2', 4);
      INSERT INTO account_history (account_id, field, web_value, erp_value, lost, at, change_id) VALUES (1, 'repCode', 'R2', 'R1', 1, 5, 1);
      INSERT INTO account_history (account_id, field, web_value, erp_value, lost, run_id, at, change_id) VALUES (1, 'paymentTerms', 'NET30', NULL, 0, 1, 6, NULL)`);

    expect(migrateConnector(db, 'erp', createErpConnector().migrations!)).toBe(1);

    expect(db.prepare(`SELECT connector_id, entity_type, entity_id, run_id, source, field, old_value, new_value, at, lost_edit_id FROM record_changes ORDER BY id`).all()).toEqual([
      // A row whose run is gone: only the accounts task wrote the History.
      { connector_id: 'erp', entity_type: 'account', entity_id: '1', run_id: null, source: 'accounts', field: 'repCode', old_value: 'R2', new_value: 'R1', at: 5, lost_edit_id: 1 },
      { connector_id: 'erp', entity_type: 'account', entity_id: '1', run_id: 1, source: 'accounts', field: 'paymentTerms', old_value: 'NET30', new_value: null, at: 6, lost_edit_id: null },
    ]);
    expect(db.prepare(`SELECT name FROM sqlite_schema WHERE name = 'account_history'`).get()).toBeUndefined();
    // Opened again, nothing moves twice.
    expect(migrateConnector(db, 'erp', createErpConnector().migrations!)).toBe(1);
    expect(db.prepare(`SELECT COUNT(*) AS n FROM record_changes`).get()).toEqual({ n: 2 });
    db.close();
  });

  it('open a database an earlier build had already moved (no account_history left) without a change', () => {
    const db = openDatabase(join(tempDir(), 'moved.db'));
    db.exec(`DROP TABLE account_history;
      INSERT INTO record_changes (connector_id, entity_type, entity_id, run_id, source, field, old_value, new_value, at) VALUES ('erp', 'account', '1', NULL, 'accounts', 'repCode', 'R2', 'R1', 5)`);
    expect(migrateConnector(db, 'erp', createErpConnector().migrations!)).toBe(1);
    expect(db.prepare(`SELECT COUNT(*) AS n FROM record_changes`).get()).toEqual({ n: 1 });
    expect(db.prepare(`SELECT name FROM sqlite_schema WHERE name = 'account_history'`).get()).toBeUndefined();
    db.close();
  });
});
