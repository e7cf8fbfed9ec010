-- The accounting connector's table on a team server's PostgreSQL database: as SQLite's 0001_accounting_links.
CREATE TABLE accounting_links (
  customer_id bigint PRIMARY KEY REFERENCES customers (id) ON DELETE CASCADE,
  accounting_uuid text NOT NULL UNIQUE,
  account_number text NOT NULL,
  state text NOT NULL DEFAULT 'flagged' CHECK (state IN ('flagged', 'unflagged', 'deleted')),
  version_number bigint,
  imported_at bigint NOT NULL,
  run_id bigint,
  state_changed_at bigint
);
