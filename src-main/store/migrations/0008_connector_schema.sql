-- Each connector numbers its own migrations; the version it has applied is kept here, one row per connector.
CREATE TABLE connector_schema (
  connector_id TEXT PRIMARY KEY,
  version INTEGER NOT NULL CHECK (version >= 0),
  updated_at INTEGER NOT NULL
) STRICT;
