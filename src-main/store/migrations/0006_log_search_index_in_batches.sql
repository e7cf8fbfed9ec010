-- Log lines are added to the search index in batches, behind the writers, instead of one by one inside every
-- writer's transaction (tokenising and FTS5's segment merges cost more than the row itself). indexed_upto is the
-- highest log id in the index; search first indexes the rows after it, so it never misses a line.
CREATE TABLE log_search_progress (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  indexed_upto INTEGER NOT NULL
) STRICT;
INSERT INTO log_search_progress (id, indexed_upto) VALUES (1, COALESCE((SELECT MAX(id) FROM integration_log), 0));

DROP TRIGGER integration_log_ai;
DROP TRIGGER integration_log_ad;
DROP TRIGGER integration_log_au;

-- Only rows already in the index are taken out of it: an external-content FTS5 table must never be told to delete
-- what it was not given.
CREATE TRIGGER integration_log_ad AFTER DELETE ON integration_log
WHEN old.id <= (SELECT indexed_upto FROM log_search_progress) BEGIN
  INSERT INTO integration_log_fts (integration_log_fts, rowid, message, action, entity_id)
  VALUES ('delete', old.id, old.message, old.action, old.entity_id);
END;
CREATE TRIGGER integration_log_au AFTER UPDATE OF message, action, entity_id ON integration_log
WHEN old.id <= (SELECT indexed_upto FROM log_search_progress) BEGIN
  INSERT INTO integration_log_fts (integration_log_fts, rowid, message, action, entity_id)
  VALUES ('delete', old.id, old.message, old.action, old.entity_id);
  INSERT INTO integration_log_fts (rowid, message, action, entity_id) VALUES (new.id, new.message, new.action, new.entity_id);
END;
