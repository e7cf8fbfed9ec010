-- The log's connector and outcome filters go through the search index (two more columns, each line's connector id and
-- outcome) instead of an index each. Those two indexes took a leaf page per connector and per outcome in every commit
-- of the writers, about a third of what a log commit wrote; the search index adds lines in batches behind them.
-- The index is rebuilt behind the writers too: indexed_upto goes back to 0 and the indexer, started with the engine,
-- adds every line again in batches (search indexes what is pending before it reads, the filters scan the lines not yet
-- indexed: neither misses one).
DROP INDEX log_connector_ts;
DROP INDEX log_outcome_ts;

DROP TRIGGER integration_log_ad;
DROP TRIGGER integration_log_au;
DROP TABLE integration_log_fts_terms;
DROP TABLE integration_log_fts;

CREATE VIRTUAL TABLE integration_log_fts USING fts5 (
  message, action, entity_id, connector_id, outcome,
  content = 'integration_log', content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE integration_log_fts_terms USING fts5vocab (integration_log_fts, 'instance');
UPDATE log_search_progress SET indexed_upto = 0 WHERE id = 1;

CREATE TRIGGER integration_log_ad AFTER DELETE ON integration_log
WHEN old.id <= (SELECT indexed_upto FROM log_search_progress) BEGIN
  INSERT INTO integration_log_fts (integration_log_fts, rowid, message, action, entity_id, connector_id, outcome)
  VALUES ('delete', old.id, old.message, old.action, old.entity_id, old.connector_id, old.outcome);
END;
CREATE TRIGGER integration_log_au AFTER UPDATE OF message, action, entity_id, connector_id, outcome ON integration_log
WHEN old.id <= (SELECT indexed_upto FROM log_search_progress) BEGIN
  INSERT INTO integration_log_fts (integration_log_fts, rowid, message, action, entity_id, connector_id, outcome)
  VALUES ('delete', old.id, old.message, old.action, old.entity_id, old.connector_id, old.outcome);
  INSERT INTO integration_log_fts (rowid, message, action, entity_id, connector_id, outcome)
  VALUES (new.id, new.message, new.action, new.entity_id, new.connector_id, new.outcome);
END;
