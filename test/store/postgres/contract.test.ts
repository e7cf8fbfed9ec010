// The repository contract against the PostgreSQL store: the same contract files SQLite passes, aggregate by
// aggregate as they are ported. (A contract file runs its SQLite half only as its own test file: onSqliteWhenRun.)
import { describeAddressesContract } from '../contract/addresses.test';
import { describeAlertsContract } from '../contract/alerts.test';
import { describeRecordChangesContract } from '../contract/record-changes.test';
import { describeCaseFieldsContract } from '../contract/case-fields.test';
import { describeCermCustomersContract } from '../contract/cerm-customers.test';
import { describeConnectionsContract } from '../contract/connections.test';
import { describeCustomersContract } from '../contract/customers.test';
import { describeDepartmentsContract } from '../contract/departments.test';
import { describeDownloadsContract } from '../contract/downloads.test';
import { describeExternalIdsContract } from '../contract/external-ids.test';
import { describeJobsContract } from '../contract/jobs.test';
import { describeLogContract } from '../contract/log.test';
import { describeRunsContract } from '../contract/runs.test';
import { describeSchedulesContract } from '../contract/schedules.test';
import { describeSettingsContract } from '../contract/settings.test';
import { describeSyncStateContract } from '../contract/sync-state.test';
import { describeTransactionContract } from '../contract/transaction.test';
import { postgresStore } from './pg-store';

describeSettingsContract('PostgreSQL', postgresStore);
describeConnectionsContract('PostgreSQL', postgresStore);
describeSyncStateContract('PostgreSQL', postgresStore);
describeSchedulesContract('PostgreSQL', postgresStore);
describeRunsContract('PostgreSQL', postgresStore);
describeJobsContract('PostgreSQL', postgresStore);
describeLogContract('PostgreSQL', postgresStore);
describeExternalIdsContract('PostgreSQL', postgresStore);
describeCustomersContract('PostgreSQL', postgresStore);
describeTransactionContract('PostgreSQL', postgresStore);
describeAddressesContract('PostgreSQL', postgresStore);
describeDownloadsContract('PostgreSQL', postgresStore);
describeCermCustomersContract('PostgreSQL', postgresStore);
describeDepartmentsContract('PostgreSQL', postgresStore);
describeCaseFieldsContract('PostgreSQL', postgresStore);
describeAlertsContract('PostgreSQL', postgresStore);
describeRecordChangesContract('PostgreSQL', postgresStore);
