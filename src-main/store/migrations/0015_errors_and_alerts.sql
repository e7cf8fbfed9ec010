-- The Errors workspace: failures grouped by record (connector + entity: the trace key), one row however often it
-- failed, with each failure inside; what staff did about it (retry, resolve with a note, an edited payload with the
-- original kept) and what resolved it by itself (a later run or job that succeeded for the same record).
CREATE TABLE error_groups (
  id INTEGER PRIMARY KEY,
  connector_id TEXT NOT NULL,
  -- '' when the failure names no entity type.
  entity_type TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  -- The task or job kind of the latest failure.
  source TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
  reason TEXT NOT NULL,
  -- rejected: the remote refused it (not retried); gave_up: out of attempts; failed: a run or record failed.
  reason_kind TEXT NOT NULL CHECK (reason_kind IN ('rejected', 'gave_up', 'failed')),
  failures INTEGER NOT NULL DEFAULT 0,
  first_failed_at INTEGER NOT NULL,
  last_failed_at INTEGER NOT NULL,
  last_job_id INTEGER,
  last_run_id INTEGER,
  resolved_at INTEGER,
  -- 'run 12', 'job 40', or the name of the staff member.
  resolved_by TEXT,
  resolution_note TEXT,
  UNIQUE (connector_id, entity_type, entity_id)
) STRICT;
CREATE INDEX error_groups_status ON error_groups (status, last_failed_at, id);

CREATE TABLE error_attempts (
  id INTEGER PRIMARY KEY,
  group_id INTEGER NOT NULL REFERENCES error_groups (id) ON DELETE CASCADE,
  ts INTEGER NOT NULL,
  job_id INTEGER,
  run_id INTEGER,
  attempt INTEGER,
  reason TEXT NOT NULL
) STRICT;
CREATE INDEX error_attempts_group ON error_attempts (group_id, id);

CREATE TABLE error_actions (
  id INTEGER PRIMARY KEY,
  group_id INTEGER NOT NULL REFERENCES error_groups (id) ON DELETE CASCADE,
  ts INTEGER NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('retry', 'resolve', 'edit_retry', 'auto_resolve')),
  actor TEXT NOT NULL,
  note TEXT,
  job_id INTEGER,
  -- Edit and retry: the payload as it was, and as staff corrected it (secret fields masked in both).
  original_payload TEXT,
  new_payload TEXT
) STRICT;
CREATE INDEX error_actions_group ON error_actions (group_id, id);

-- Alerts: a task failing runs in a row, a task that paused itself, a connection waiting for credentials. One active
-- (uncleared) alert per kind and subject; acknowledging keeps it listed as seen until its cause clears.
CREATE TABLE alerts (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('task_failing', 'task_paused', 'credentials')),
  connector_id TEXT NOT NULL,
  -- '' for a connection's alert.
  task_id TEXT NOT NULL,
  message TEXT NOT NULL,
  raised_at INTEGER NOT NULL,
  acknowledged_at INTEGER,
  acknowledged_by TEXT,
  cleared_at INTEGER,
  -- When the digest email that carried it went out.
  mailed_at INTEGER
) STRICT;
CREATE UNIQUE INDEX alerts_active ON alerts (kind, connector_id, task_id) WHERE cleared_at IS NULL;

-- Tasks that paused themselves after too many failed runs in a row: the scheduler skips them until Resume.
CREATE TABLE task_pauses (
  connector_id TEXT NOT NULL,
  task_id TEXT NOT NULL,
  reason TEXT NOT NULL,
  paused_at INTEGER NOT NULL,
  PRIMARY KEY (connector_id, task_id)
) STRICT;
