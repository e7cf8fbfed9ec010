// The crash tests on a team server's store: the same cases as the SQLite ones (kill -9 of a child core), the child's
// core opened on a new PostgreSQL database with its jobs on pg-boss, as `serve --database` runs it.
//
// Not here:
// - the accounting import's (test/connectors/accounting/crash.test.ts): its kills land while the import's run is under
//   way, and each restart runs the import again to carry on from its cursor. On a shared database a restarted engine
//   cannot tell that the run its killed process held is dead (another engine might be running it), so the task stays
//   taken until the run has gone 10 minutes without a heartbeat (engine/recovery.ts, STALE_RUN_MS); the restarts
//   join the dead run instead. Its jobs' promises (welcome emails once, none lost) are the other cases' here.
// - Confirm's (test/connectors/confirm/crash.test.ts, the bench's crash child): its raises under kill -9 on
//   PostgreSQL are the several-engine run's (several-engines.test.ts: three engines, one killed at random moments).
// - the ERP's order push (test/connectors/erp/crash.test.ts): for time (50 s here, for 500 orders and three kills).
//   Its store side runs here without kills (connectors-matrix.test.ts: orders), its kill -9 promises are the ones
//   the engine's and CERM's cases below keep (leases taken over, a remote effect not repeated or adopted).
import { describeCrash } from '../../engine/crash.test';
import { describeCermCrash } from '../../connectors/cerm/crash.test';
import { postgresCoreStore } from './pg-core-store';

describeCrash(postgresCoreStore);
describeCermCrash(postgresCoreStore);
