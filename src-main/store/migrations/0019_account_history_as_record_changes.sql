-- The ERP account History becomes field changes like every other sync's (record_changes), so the run's page, the
-- record's page and retention treat it as they treat the rest. What only the History had comes along: the staff edit
-- (waiting to be pushed to the system of record) that the change overwrote, for its "lost" mark and Re-apply.
ALTER TABLE record_changes ADD COLUMN lost_edit_id INTEGER;

-- account_history was written only by the ERP connector's accounts sync: a row whose run retention has removed keeps
-- that connector and task.
INSERT INTO record_changes (connector_id, entity_type, entity_id, run_id, source, field, old_value, new_value, at, lost_edit_id)
SELECT COALESCE(r.connector_id, 'erp'), 'account', CAST(h.account_id AS TEXT), h.run_id, COALESCE(r.task_id, 'accounts'),
  h.field, h.web_value, h.erp_value, h.at, CASE WHEN h.lost = 1 THEN h.change_id END
FROM account_history h LEFT JOIN sync_runs r ON r.id = h.run_id
ORDER BY h.id;

DROP TABLE account_history;

-- Retention takes a push's changes (no run) by age; a run's go with the run, through record_changes_run.
CREATE INDEX record_changes_push_at ON record_changes (at) WHERE run_id IS NULL;
