import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DatabaseTooNewError, migrate, openDatabase, schemaVersion } from '../../src-main/store/database';
import { LATEST_VERSION, MIGRATIONS } from '../../src-main/store/migrations';
import { createLogRepo } from '../../src-main/store/log-repo';
import { tempDir } from '../support/harness';

function schemaOf(file: string): string[] {
  const db = new Database(file, { readonly: true });
  const rows = db
    .prepare(`SELECT type, name, sql FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'integration_log_fts_%' ORDER BY type, name`)
    .all() as { type: string; name: string; sql: string }[];
  db.close();
  return rows.map((r) => `${r.type} ${r.name}: ${r.sql.replace(/\s+/g, ' ')}`);
}

// Rows each version could hold, written before the upgrade and checked after it.
const SEED: Record<number, string> = {
  1: `INSERT INTO app_settings (key, value) VALUES ('sandboxMode', 'false');
      INSERT INTO connections (connector_id, settings_json, secrets_set_json) VALUES ('cerm', '{"endpoint":"https://x"}', '["password"]');
      INSERT INTO jobs (connector_id, kind, entity_key, idempotency_key, payload, next_run_at, created_at, updated_at)
        VALUES ('cerm', 'create-customer', 'customer-1', 'k-1', '{}', 0, 0, 0);`,
  2: `INSERT INTO sync_runs (connector_id, task_id, trigger, status, started_at, heartbeat_at) VALUES ('cerm', 'addresses', 'manual', 'success', 1, 1);
      INSERT INTO sync_run_items (run_id, seq, ts, entity_type, entity_id, action) VALUES (1, 1, 1, 'address', 'A1', 'created');`,
  3: `INSERT INTO integration_log (ts, connector_id, action, outcome, message) VALUES (5, 'cerm', 'push', 'success', 'pushed customer hello');`,
  4: `INSERT INTO departments (name, cerm_customer_id, created_at, updated_at) VALUES ('Marketing', 'C1', 1, 1);
      INSERT INTO customers (email, first_name, last_name, cost_code, department_id, origin, created_at, updated_at)
        VALUES ('a@b.c', 'Ann', 'Bee', 'CC-1', 1, 'registration', 1, 1);
      INSERT INTO addresses (customer_id, street, origin, external_id, updated_at) VALUES (1, 'Main St', 'cerm', 'A1', 1);`,
  5: `INSERT INTO cases (title, person_id, created_at, updated_at) VALUES ('Pothole', 1, 1, 1);
      INSERT INTO reference_defs (name, created_at) VALUES ('Enquiry Number', 1);
      INSERT INTO case_references (case_id, reference_id, value, updated_at) VALUES (1, 1, '000123', 1);`,
  6: `UPDATE log_search_progress SET indexed_upto = indexed_upto WHERE id = 1;`,
  7: `UPDATE jobs SET updated_at = updated_at;`,
  8: `INSERT INTO connector_schema (connector_id, version, updated_at) VALUES ('toy', 1, 1);`,
  9: `UPDATE jobs SET interrupted = 0, in_doubt_since = NULL WHERE status = 'pending';`,
  10: `INSERT INTO case_attachments (case_id, file_name, content_type, size, sha256, stored_name, created_at, link_token_hash, link_expires_at)
        VALUES (1, 'new.pdf', 'application/pdf', 3, '${'a'.repeat(64)}', 'stored-new', 2, '${'b'.repeat(64)}', 99);`,
  11: `UPDATE customers SET password_hash = '$argon2id$x', password_set_at = 3 WHERE id = 1;
      INSERT INTO set_password_tokens (customer_id, token_hash, expires_at, created_at) VALUES (1, '${'c'.repeat(64)}', 99, 3);
      INSERT INTO email_templates (key, subject, text_body, updated_at) VALUES ('CUSTOMER_SYNC', 'Hi', 'Body', 3);
      INSERT INTO sent_mail (kind, customer_id, to_address, subject, queued_at) VALUES ('welcome', 1, 'a@b.c', 'Hi', 3);`,
  12: `INSERT INTO accounts (account_number, name, price_level, created_at, updated_at) VALUES ('C-1', 'Acme', 'A', 4, 4);
      INSERT INTO account_contacts (account_id, name, email, created_at, updated_at) VALUES (1, 'Pat', 'pat@acme.com', 4, 4);
      INSERT INTO prices (price_level, item, price_cents, export_id, imported_at) VALUES ('A', 'BOLT', 100, 'x1', 4);
      INSERT INTO price_overrides (account_id, item, kind, discount_percent, created_by, created_at) VALUES (1, 'BOLT', 'discount', 10, 'sam', 4);
      INSERT INTO orders (order_number, account_id, created_at, updated_at) VALUES ('W-1', 1, 4, 4);
      INSERT INTO order_lines (order_id, line_no, item, qty, unit_price_cents) VALUES (1, 1, 'BOLT', 2, 90);
      INSERT INTO account_pending_changes (account_id, field, value, created_at) VALUES (1, 'repCode', 'R2', 4);`,
  13: `UPDATE id_sequences SET last_id = last_id WHERE name = 'customers';`,
  14: `INSERT INTO contact_set_password_tokens (contact_id, token_hash, expires_at, created_at) VALUES (1, '${'d'.repeat(64)}', 99, 6);
      INSERT INTO sent_mail (kind, contact_id, to_address, subject, queued_at) VALUES ('contact-password', 1, 'pat@acme.com', 'Set', 6);`,
  15: `INSERT INTO error_groups (connector_id, entity_type, entity_id, source, status, reason, reason_kind, failures, first_failed_at, last_failed_at) VALUES ('x', 'widget', 'W1', 'push', 'open', 'no', 'failed', 1, 7, 7);
      INSERT INTO error_attempts (group_id, ts, reason) VALUES (1, 7, 'no');
      INSERT INTO alerts (kind, connector_id, task_id, message, raised_at) VALUES ('credentials', 'x', '', 'paused', 7);`,
  16: `SELECT term FROM integration_log_fts_terms LIMIT 1;`,
  17: `INSERT INTO record_changes (connector_id, entity_type, entity_id, run_id, source, field, old_value, new_value, at) VALUES ('x', 'widget', 'W1', NULL, 'push', 'name', 'a', 'b', 7);`,
  18: `INSERT INTO staff_users (email, name, role, password_hash, created_at) VALUES ('ada@team.example', 'Ada', 'admin', '$argon2id$x', 8);
      INSERT INTO staff_sessions (token_hash, user_id, csrf_token, created_at, expires_at, last_seen_at) VALUES ('${'e'.repeat(64)}', 1, 'c', 8, 99, 8);
      INSERT INTO audit_log (at, actor_id, actor_email, channel, entity, before_json, after_json) VALUES (8, 1, 'ada@team.example', 'settings:save', NULL, NULL, '{}');`,
  19: `INSERT INTO record_changes (connector_id, entity_type, entity_id, run_id, source, field, old_value, new_value, at, lost_edit_id) VALUES ('x', 'account', '1', 1, 'sync', 'repCode', 'R3', 'R1', 8, 1);`,
  20: `INSERT INTO cerm_customers (cerm_id, name, download_id, updated_at) VALUES ('C-20', 'Twenty', 2, 9);`,
  21: `INSERT INTO integration_log (ts, connector_id, action, entity_type, entity_id, outcome, message) VALUES (21, 'x', 'push', 'widget', 'W21', 'success', 'twenty-one');`,
  22: `INSERT INTO downloads (connector_id, kind, status, started_at, raw_file, host) VALUES ('cerm', 'customers', 'complete', 10, '/srv/files/downloads/cerm-customers-1.json', 'engine-a');`,
  23: `INSERT INTO deferred_indexes (name, table_name, sql) SELECT name, tbl_name, sql FROM sqlite_schema WHERE name = 'cerm_customers_name';`,
  24: `INSERT INTO integration_log (ts, connector_id, action, entity_type, entity_id, outcome, message) VALUES (24, 'erp', 'pull', 'account', 'A24', 'dead', 'twenty-four');`,
};

describe('migrations', () => {
  it('are numbered 1..N without gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  const versions = MIGRATIONS.map((m) => m.version);
  for (const from of [0, ...versions.slice(0, -1)]) {
    it(`upgrade a database created at version ${from} to ${LATEST_VERSION}, keeping its rows`, () => {
      const dir = tempDir();
      const file = join(dir, 'old.db');
      const old = openDatabase(file, { targetVersion: from });
      expect(schemaVersion(old)).toBe(from);
      for (const v of versions.filter((v) => v <= from)) old.exec(SEED[v]!);
      old.close();

      const db = openDatabase(file);
      expect(schemaVersion(db)).toBe(LATEST_VERSION);
      for (const v of versions.filter((v) => v > from)) db.exec(SEED[v]!);
      expect(db.prepare(`SELECT value FROM app_settings WHERE key = 'sandboxMode'`).pluck().get()).toBe('false');
      expect(db.prepare(`SELECT idempotency_key FROM jobs`).pluck().all()).toEqual(['k-1']);
      expect(db.prepare(`SELECT COUNT(*) FROM sync_run_items`).pluck().get()).toBe(1);
      expect(db.prepare(`SELECT d.name FROM customers c JOIN departments d ON d.id = c.department_id`).pluck().get()).toBe('Marketing');
      expect(db.prepare(`SELECT c.title FROM case_references r JOIN cases c ON c.id = r.case_id WHERE r.value = '000123'`).pluck().get()).toBe('Pothole');
      expect(db.prepare(`SELECT a.name FROM order_lines l JOIN orders o ON o.id = l.order_id JOIN accounts a ON a.id = o.account_id`).pluck().get()).toBe('Acme');
      expect(db.prepare(`SELECT link_legacy, link_token_hash, link_expires_at FROM case_attachments WHERE file_name = 'new.pdf'`).get()).toEqual({ link_legacy: 0, link_token_hash: 'b'.repeat(64), link_expires_at: 99 });
      // Rows written before the upgrade stay searchable, and rows written after it are indexed in batches.
      createLogRepo(db).indexPending();
      expect(db.prepare(`SELECT COUNT(*) FROM integration_log_fts WHERE integration_log_fts MATCH 'hello'`).pluck().get()).toBe(1);
      // A prefix is searched through the index's word list.
      expect(createLogRepo(db).page({ q: 'hel' }, null, 10).entries.map((e) => e.message)).toEqual(['pushed customer hello']);
      // From version 24 the connector and outcome filters read the index too, rebuilt behind the writers.
      expect(createLogRepo(db).page({ connectorId: 'erp', outcomes: ['dead'] }, null, 10).entries.map((e) => e.message)).toEqual(['twenty-four']);
      db.close();

      const fresh = join(dir, 'fresh.db');
      openDatabase(fresh).close();
      expect(schemaOf(file)).toEqual(schemaOf(fresh));
    });
  }

  it('mark attachments from before version 10 legacy (their sha256 link stays), and give no later one a link without a hash', () => {
    const file = join(tempDir(), 'links.db');
    const old = openDatabase(file, { targetVersion: 9 });
    for (let v = 1; v <= 9; v++) old.exec(SEED[v]!);
    old.exec(`INSERT INTO case_attachments (case_id, file_name, content_type, size, sha256, stored_name, created_at)
      VALUES (1, 'old.pdf', 'application/pdf', 3, '${'a'.repeat(64)}', 'stored-old', 1)`);
    old.close();
    const db = openDatabase(file);
    expect(db.prepare(`SELECT file_name, sha256, link_legacy, link_token_hash, link_revoked_at, link_expires_at FROM case_attachments`).all()).toEqual([
      { file_name: 'old.pdf', sha256: 'a'.repeat(64), link_legacy: 1, link_token_hash: null, link_revoked_at: null, link_expires_at: null },
    ]);
    const insert = (hash: string | null) =>
      db.prepare(`INSERT INTO case_attachments (case_id, file_name, content_type, size, sha256, stored_name, created_at, link_token_hash) VALUES (1, 'x', 'a/b', 1, 'c', 's', 3, ?)`).run(hash);
    expect(() => insert(null)).toThrow(/CHECK/);
    expect(() => insert('short')).toThrow(/CHECK/);
    expect(() => insert('c'.repeat(64))).not.toThrow();
    db.close();
  });

  it('give the field changes a lost edit at version 19, leaving the old account History to the connector that wrote it', () => {
    const file = join(tempDir(), 'history.db');
    const old = openDatabase(file, { targetVersion: 18 });
    for (let v = 1; v <= 18; v++) old.exec(SEED[v]!);
    old.exec(`INSERT INTO account_history (account_id, field, web_value, erp_value, lost, at, change_id) VALUES (1, 'repCode', 'R2', 'R1', 1, 5, 1)`);
    old.close();
    const db = openDatabase(file);
    expect(db.prepare(`SELECT account_id, field, lost FROM account_history`).all()).toEqual([{ account_id: 1, field: 'repCode', lost: 1 }]);
    expect(db.prepare(`SELECT lost_edit_id FROM record_changes ORDER BY id`).all()).toEqual([{ lost_edit_id: null }]);
    db.close();
  });

  it('record no engine host for the downloads from before version 22, and keep their raw files', () => {
    const file = join(tempDir(), 'downloads.db');
    const old = openDatabase(file, { targetVersion: 21 });
    old.exec(`INSERT INTO downloads (connector_id, kind, status, started_at, raw_file) VALUES ('cerm', 'customers', 'complete', 1, '/data/downloads/cerm-customers-1.json')`);
    old.close();
    const db = openDatabase(file);
    expect(db.prepare(`SELECT raw_file, host FROM downloads`).all()).toEqual([{ raw_file: '/data/downloads/cerm-customers-1.json', host: null }]);
    db.close();
  });

  it('match the schema snapshot (a changed landed migration shows up here)', () => {
    const file = join(tempDir(), 'snap.db');
    openDatabase(file).close();
    expect(schemaOf(file)).toMatchSnapshot();
  });

  it('refuse a database from a newer SyncDesk with a clear message, leaving it untouched', () => {
    const file = join(tempDir(), 'future.db');
    const db = new Database(file);
    db.pragma(`user_version = ${LATEST_VERSION + 1}`);
    db.close();
    expect(() => openDatabase(file)).toThrow(DatabaseTooNewError);
    expect(() => openDatabase(file)).toThrow(/newer SyncDesk/);
    const again = new Database(file);
    expect(again.pragma('user_version', { simple: true })).toBe(LATEST_VERSION + 1);
    again.close();
  });

  it('turn on WAL, FULL sync, foreign keys and a busy timeout', () => {
    const db = openDatabase(join(tempDir(), 'p.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    db.close();
  });

  it('roll a failing migration back whole', () => {
    const db = openDatabase(join(tempDir(), 'r.db'), { targetVersion: 1 });
    const broken = [...MIGRATIONS.slice(0, 1), { version: 2, name: 'broken', sql: 'CREATE TABLE half (x INTEGER); SELECT * FROM missing_table;' }];
    expect(() => migrate(db, 2, broken)).toThrow(/missing_table/);
    expect(schemaVersion(db)).toBe(1);
    expect(db.prepare(`SELECT COUNT(*) FROM sqlite_schema WHERE name = 'half'`).pluck().get()).toBe(0);
    db.close();
  });
});
