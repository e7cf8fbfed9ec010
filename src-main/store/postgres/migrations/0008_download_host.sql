-- The host name of the engine that wrote a download's raw file: engines that keep files in folders of their own
-- (no shared --files-dir) can then say whose folder holds a file they lack (NULL for downloads from before this step).
ALTER TABLE downloads ADD COLUMN host text;
