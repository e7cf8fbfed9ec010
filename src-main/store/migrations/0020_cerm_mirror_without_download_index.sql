-- The CERM mirror's download_id index served only the prune after a complete download, which asks for every row not
-- of that download and so reads the whole table anyway; keeping it cost a write into it for every row a download
-- brought.
DROP INDEX cerm_customers_download;
