-- The account History becomes field changes like every other sync's (record_changes), so the run's page, the record's
-- page and retention treat it as they treat the rest. What only the History had comes along: the staff edit (waiting
-- to be pushed to the system of record) that the change overwrote, for its "lost" mark and Re-apply.
-- account_history's rows are moved, and the table dropped, by the connector that wrote it (its own migration names
-- it): a platform migration names no connector. Nothing writes that table any more.
ALTER TABLE record_changes ADD COLUMN lost_edit_id INTEGER;

-- Retention takes a push's changes (no run) by age; a run's go with the run, through record_changes_run.
CREATE INDEX record_changes_push_at ON record_changes (at) WHERE run_id IS NULL;
