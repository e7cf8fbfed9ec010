// The crash test on a team server's store: the same case as test/engine/crash.test.ts (kill -9 of a child core working
// jobs, four times, then a run to the end), the child's core opened on a new PostgreSQL database with its jobs on
// pg-boss, as `serve --database` runs it: no job lost, no remote effect repeated, every attempt in the log.
//
// The connectors' crash tests stay SQLite's:
// - the accounting import's (test/connectors/accounting/crash.test.ts) does not apply: its kills land while the
//   import's run is under way, and each restart runs the import again to carry on from its cursor. On a shared
//   database a restarted engine cannot tell that the run its killed process held is dead (another engine might be
//   running it), so the task stays taken until the run has gone a minute without a heartbeat (engine/recovery.ts,
//   STALE_RUN_MS), and the restarts join the dead run instead.
// - Confirm's raises under kill -9 on PostgreSQL are the several-engine run's (several-engines.test.ts: three engines,
//   3,000 raises, one engine killed at random moments).
// - CERM's create-customer and the ERP's order push, for time (35 s and 50 s here on a loaded machine): their kill -9
//   promises are this case's (leases taken over, a remote effect not repeated), their adoption of a create the remote
//   applied unanswered runs on PostgreSQL without kills (connectors-matrix.test.ts: CERM's lost answer, the ERP's
//   B2C checkout with lost answers), and both ran green here on PostgreSQL when the matrix was written.
import { describeCrash } from '../../engine/crash.test';
import { postgresCoreStore } from './pg-core-store';

describeCrash(postgresCoreStore);
