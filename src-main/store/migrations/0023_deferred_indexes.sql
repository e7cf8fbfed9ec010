-- Secondary indexes set aside while an empty table takes its first bulk load (a first CERM download), then built in one
-- pass. Each index's definition waits here, committed with its drop, so a crash in between loses none: the next start
-- builds it again.
CREATE TABLE deferred_indexes (
  name TEXT PRIMARY KEY,
  table_name TEXT NOT NULL,
  sql TEXT NOT NULL
) STRICT;
