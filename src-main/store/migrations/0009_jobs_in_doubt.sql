-- Two new job states, and attempts cut short by a crash counted apart from remote failures:
--   in_doubt: an attempt may have reached the remote (crash mid-call, timeout or reset after sending) and
--             reconciliation could not tell whether it took effect: staff decide (raise again, or enter its id);
--   record_failed: the remote call succeeded but recording its answer failed: never repeated; the answer is kept.
-- SQLite cannot change a CHECK constraint in place, so the table is rebuilt with its rows.
CREATE TABLE jobs_new (
  id INTEGER PRIMARY KEY,
  connector_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  -- Jobs with the same entity key run one after another, in id order.
  entity_key TEXT NOT NULL,
  idempotency_key TEXT NOT NULL UNIQUE,
  payload TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'running', 'done', 'failed', 'dead', 'dismissed', 'in_doubt', 'record_failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL DEFAULT 10,
  -- Attempts that ended because the app stopped during them (a crash, kill -9): they have a limit of their own.
  interrupted INTEGER NOT NULL DEFAULT 0,
  next_run_at INTEGER NOT NULL,
  lease_token TEXT,
  lease_expires_at INTEGER,
  -- When the attempt under way (or the last one) began: the start of the window a reconciliation looks at.
  attempt_started_at INTEGER,
  -- Set when an attempt may have reached the remote without an answer: the next attempt reconciles first.
  in_doubt_since INTEGER,
  last_error TEXT,
  result TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

INSERT INTO jobs_new (id, connector_id, kind, entity_key, idempotency_key, payload, status, attempts, max_attempts,
  next_run_at, lease_token, lease_expires_at, last_error, result, created_at, updated_at)
SELECT id, connector_id, kind, entity_key, idempotency_key, payload, status, attempts, max_attempts,
  next_run_at, lease_token, lease_expires_at, last_error, result, created_at, updated_at FROM jobs;

DROP TABLE jobs;
ALTER TABLE jobs_new RENAME TO jobs;
CREATE INDEX jobs_due ON jobs (status, next_run_at, id);
CREATE INDEX jobs_entity ON jobs (entity_key, id);
