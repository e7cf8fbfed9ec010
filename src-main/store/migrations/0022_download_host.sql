-- The host name of the engine that wrote a download's raw file: engines of a team server that keep files in folders
-- of their own can then say whose folder holds a file they lack (NULL for downloads from before this step).
ALTER TABLE downloads ADD COLUMN host TEXT;
