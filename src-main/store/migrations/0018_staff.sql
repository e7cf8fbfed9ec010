-- Staff accounts of a team server: who may sign in to the console, their sessions, and the audit trail of what
-- they changed. The desktop has one user and writes none of these rows.
CREATE TABLE staff_users (
  id INTEGER PRIMARY KEY,
  -- Kept lower-case; unique whatever the case it was typed in.
  email TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
  -- Argon2id, as a PHC string with its own salt and parameters.
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  created_at INTEGER NOT NULL,
  last_sign_in_at INTEGER
) STRICT;

-- The cookie carries a random token; only its SHA-256 is kept, so a copy of the database signs no one in.
CREATE TABLE staff_sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
  -- Sent back in X-CSRF-Token on every state-changing call; a page on another site cannot read it.
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL
) STRICT;
CREATE INDEX staff_sessions_user ON staff_sessions (user_id);
CREATE INDEX staff_sessions_expiry ON staff_sessions (expires_at);

-- One line per change made through the console: the actor's email is copied, so a line reads the same later.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor_id INTEGER,
  actor_email TEXT NOT NULL,
  channel TEXT NOT NULL,
  entity TEXT,
  -- JSON with secrets masked; NULL where the channel has no such state.
  before_json TEXT,
  after_json TEXT
) STRICT;
CREATE INDEX audit_log_actor ON audit_log (actor_id, id);
CREATE INDEX audit_log_channel ON audit_log (channel, id);
