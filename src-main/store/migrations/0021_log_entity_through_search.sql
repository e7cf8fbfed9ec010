-- A record's log lines are found through the search index's entity_id column (and a scan of the few lines not yet
-- in it) instead of an index of their own. Entity ids arrive in no order, so that index took one random leaf page
-- per line written: about two thirds of the pages every log commit wrote, where the search index adds lines in
-- batches behind the writers.
DROP INDEX log_entity;
