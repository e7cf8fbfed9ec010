-- The integration log: every action the engine takes, paged by (ts, id) keyset, searched through FTS5.
CREATE TABLE integration_log (
  id INTEGER PRIMARY KEY,
  ts INTEGER NOT NULL,
  connector_id TEXT NOT NULL,
  action TEXT NOT NULL,
  entity_type TEXT,
  entity_id TEXT,
  outcome TEXT NOT NULL CHECK (outcome IN ('success', 'failure', 'validation_failure', 'retrying', 'dead')),
  message TEXT NOT NULL,
  attempt INTEGER,
  job_id INTEGER,
  run_id INTEGER,
  details TEXT,
  dismissed INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX log_ts ON integration_log (ts, id);
CREATE INDEX log_connector_ts ON integration_log (connector_id, ts, id);
CREATE INDEX log_outcome_ts ON integration_log (outcome, ts, id);
CREATE INDEX log_job ON integration_log (job_id) WHERE job_id IS NOT NULL;
CREATE INDEX log_run ON integration_log (run_id) WHERE run_id IS NOT NULL;

CREATE VIRTUAL TABLE integration_log_fts USING fts5 (
  message, action, entity_id,
  content = 'integration_log', content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER integration_log_ai AFTER INSERT ON integration_log BEGIN
  INSERT INTO integration_log_fts (rowid, message, action, entity_id) VALUES (new.id, new.message, new.action, new.entity_id);
END;
CREATE TRIGGER integration_log_ad AFTER DELETE ON integration_log BEGIN
  INSERT INTO integration_log_fts (integration_log_fts, rowid, message, action, entity_id)
  VALUES ('delete', old.id, old.message, old.action, old.entity_id);
END;
CREATE TRIGGER integration_log_au AFTER UPDATE OF message, action, entity_id ON integration_log BEGIN
  INSERT INTO integration_log_fts (integration_log_fts, rowid, message, action, entity_id)
  VALUES ('delete', old.id, old.message, old.action, old.entity_id);
  INSERT INTO integration_log_fts (rowid, message, action, entity_id) VALUES (new.id, new.message, new.action, new.entity_id);
END;
