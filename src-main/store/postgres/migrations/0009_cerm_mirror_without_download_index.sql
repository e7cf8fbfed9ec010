-- As SQLite's 0020: the CERM mirror's download_id index served only the prune after a complete download, which asks
-- for every row not of that download and so reads the whole table anyway. Keeping it made every unchanged customer of
-- a re-run (its download_id set) a new index entry as well as a new row version; without it, PostgreSQL can update
-- such a row in place on its page (a HOT update) where the page has room.
DROP INDEX cerm_customers_download;
