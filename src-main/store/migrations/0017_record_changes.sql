-- Field-level diffs: every update a sync makes to a record (a run's, or a push's such as a CRM Agent update) keeps
-- which fields changed, with the value before and after, as text. One row per field; the record's key is the one its
-- page is opened by, so the record's page and the run's page read the same rows.
CREATE TABLE record_changes (
  id INTEGER PRIMARY KEY,
  connector_id TEXT NOT NULL,
  entity_type TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  -- NULL for a change no run made (a push).
  run_id INTEGER,
  -- The task id, job kind or route that made it.
  source TEXT NOT NULL,
  field TEXT NOT NULL,
  old_value TEXT,
  new_value TEXT,
  at INTEGER NOT NULL
) STRICT;
CREATE INDEX record_changes_record ON record_changes (entity_type, entity_id, id);
CREATE INDEX record_changes_run ON record_changes (run_id, id) WHERE run_id IS NOT NULL;
