-- The account History this connector's accounts sync wrote (account_history, a table only it wrote) moves into the
-- platform's field changes, and the table goes. A row whose run retention has removed keeps this connector and its
-- accounts task; a row whose run remains keeps that run's connector and task. A database that an earlier build had
-- already moved has no such table: the empty one made here is dropped again.
CREATE TABLE IF NOT EXISTS account_history (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL,
  field TEXT NOT NULL,
  web_value TEXT,
  erp_value TEXT,
  lost INTEGER NOT NULL DEFAULT 0,
  run_id INTEGER,
  at INTEGER NOT NULL,
  change_id INTEGER
) STRICT;

INSERT INTO record_changes (connector_id, entity_type, entity_id, run_id, source, field, old_value, new_value, at, lost_edit_id)
SELECT COALESCE(r.connector_id, 'erp'), 'account', CAST(h.account_id AS TEXT), h.run_id, COALESCE(r.task_id, 'accounts'),
  h.field, h.web_value, h.erp_value, h.at, CASE WHEN h.lost = 1 THEN h.change_id END
FROM account_history h LEFT JOIN sync_runs r ON r.id = h.run_id
ORDER BY h.id;

DROP TABLE account_history;
