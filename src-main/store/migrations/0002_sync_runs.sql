-- Sync runs with their counts and per-record items, schedules, and pull cursors.
CREATE TABLE sync_runs (
  id INTEGER PRIMARY KEY,
  connector_id TEXT NOT NULL,
  task_id TEXT NOT NULL,
  trigger TEXT NOT NULL CHECK (trigger IN ('manual', 'schedule')),
  status TEXT NOT NULL CHECK (status IN ('running', 'success', 'partial', 'failed', 'interrupted')),
  started_at INTEGER NOT NULL,
  finished_at INTEGER,
  heartbeat_at INTEGER NOT NULL,
  fetched INTEGER NOT NULL DEFAULT 0,
  created INTEGER NOT NULL DEFAULT 0,
  updated INTEGER NOT NULL DEFAULT 0,
  unchanged INTEGER NOT NULL DEFAULT 0,
  skipped INTEGER NOT NULL DEFAULT 0,
  failed INTEGER NOT NULL DEFAULT 0,
  message TEXT
) STRICT;

CREATE INDEX sync_runs_task ON sync_runs (connector_id, task_id, id);
-- A task never runs twice at once, whatever process or button asks.
CREATE UNIQUE INDEX sync_runs_single_flight ON sync_runs (connector_id, task_id) WHERE status = 'running';

CREATE TABLE sync_run_items (
  run_id INTEGER NOT NULL REFERENCES sync_runs (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  ts INTEGER NOT NULL,
  entity_type TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('created', 'updated', 'unchanged', 'skipped', 'failed', 'queued')),
  message TEXT,
  PRIMARY KEY (run_id, seq)
) STRICT, WITHOUT ROWID;

CREATE TABLE task_schedules (
  connector_id TEXT NOT NULL,
  task_id TEXT NOT NULL,
  interval_minutes INTEGER,
  next_run_at INTEGER,
  PRIMARY KEY (connector_id, task_id)
) STRICT;

CREATE TABLE sync_cursors (
  connector_id TEXT NOT NULL,
  task_id TEXT NOT NULL,
  cursor TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (connector_id, task_id)
) STRICT;

-- What each connector last saw of a remote record, for created / updated / unchanged counts.
CREATE TABLE remote_records (
  connector_id TEXT NOT NULL,
  entity_type TEXT NOT NULL,
  external_id TEXT NOT NULL,
  hash TEXT NOT NULL,
  seen_run_id INTEGER,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (connector_id, entity_type, external_id)
) STRICT, WITHOUT ROWID;
