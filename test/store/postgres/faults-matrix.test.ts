// The engine's fault test on a team server's store: the same cases as test/engine/faults.test.ts, each core on a new
// PostgreSQL database with its jobs on pg-boss.
import { describeFaults } from '../../engine/faults.test';
import { postgresCoreStore } from './pg-core-store';

describeFaults(postgresCoreStore);
