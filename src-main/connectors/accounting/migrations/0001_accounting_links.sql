-- Platform customers imported from the accounting system: which accounting customer each came from. The UUID and the
-- account number are kept for pricing and orders later; the state says whether accounting still flags it for the web.
CREATE TABLE accounting_links (
  customer_id INTEGER PRIMARY KEY REFERENCES customers (id) ON DELETE CASCADE,
  accounting_uuid TEXT NOT NULL UNIQUE,
  account_number TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'flagged' CHECK (state IN ('flagged', 'unflagged', 'deleted')),
  version_number INTEGER,
  imported_at INTEGER NOT NULL,
  run_id INTEGER,
  state_changed_at INTEGER
) STRICT;
