// Preview on a team server: the same cases as test/engine/preview.test.ts (every shipped task previewed against its
// simulator, then set against the real run), on a core whose store is a PostgreSQL database with its jobs on pg-boss.
// "Writes nothing" is read as every table's rows, the store's and pg-boss's, the same before and after each preview.
import { describePreview } from '../../engine/preview.test';
import { postgresCoreStore } from './pg-core-store';

describePreview(postgresCoreStore);
