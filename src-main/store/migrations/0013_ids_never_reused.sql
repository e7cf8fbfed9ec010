-- A deleted customer's id is never given to the next one (SQLite's rowid takes max + 1, so deleting the newest
-- customer freed its id): the log, runs, jobs and other systems name customers by id. Accounts likewise.
CREATE TABLE id_sequences (
  name TEXT PRIMARY KEY,
  last_id INTEGER NOT NULL
) STRICT;

INSERT INTO id_sequences (name, last_id) VALUES ('customers', (SELECT COALESCE(MAX(id), 0) FROM customers));
INSERT INTO id_sequences (name, last_id) VALUES ('accounts', (SELECT COALESCE(MAX(id), 0) FROM accounts));
