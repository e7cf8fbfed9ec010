// The crash tests on a team server's store: the same cases as the SQLite ones (kill -9 of a child core), the child's
// core opened on a new PostgreSQL database with its jobs on pg-boss, as `serve --database` runs it.
import { describeCrash } from '../../engine/crash.test';
import { postgresCoreStore } from './pg-core-store';

describeCrash(postgresCoreStore);
