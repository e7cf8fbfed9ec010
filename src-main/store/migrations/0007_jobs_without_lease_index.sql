-- Expired leases are looked for among running jobs only (a handful: the runner's concurrency), which jobs_due's
-- status prefix already finds; a second index on status cost every state change another index update.
DROP INDEX jobs_lease;
