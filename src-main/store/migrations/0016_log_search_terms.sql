-- The search index's own word list (one row per occurrence, read by seeking to a word and taking one row): a prefix
-- typed in the search box is turned into the few whole words it stands for, and FTS5 walks those newest first and stops
-- at the page size, where a prefix query would first gather every match of every such word.
CREATE VIRTUAL TABLE integration_log_fts_terms USING fts5vocab (integration_log_fts, 'instance');
