-- Settings, connections and the durable job queue (outbox).
CREATE TABLE app_settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE connections (
  connector_id TEXT PRIMARY KEY,
  -- Non-secret values only; secrets live in the OS keychain.
  settings_json TEXT NOT NULL DEFAULT '{}',
  -- Names of the secret fields stored in the keychain, never their values.
  secrets_set_json TEXT NOT NULL DEFAULT '[]',
  state TEXT NOT NULL DEFAULT 'ready'
    CHECK (state IN ('ready', 'not_configured', 'auth_required', 'credentials_unavailable', 'disabled')),
  state_message TEXT,
  updated_at INTEGER
) STRICT;

CREATE TABLE jobs (
  id INTEGER PRIMARY KEY,
  connector_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  -- Jobs with the same entity key run one after another, in id order.
  entity_key TEXT NOT NULL,
  idempotency_key TEXT NOT NULL UNIQUE,
  payload TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'running', 'done', 'failed', 'dead', 'dismissed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL DEFAULT 10,
  next_run_at INTEGER NOT NULL,
  lease_token TEXT,
  lease_expires_at INTEGER,
  last_error TEXT,
  result TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE INDEX jobs_due ON jobs (status, next_run_at, id);
CREATE INDEX jobs_entity ON jobs (entity_key, id);
CREATE INDEX jobs_lease ON jobs (status, lease_expires_at);
