import type { Db } from './database';
import { createConnectionsRepo } from './connections-repo';
import { createJobsRepo } from './jobs-repo';
import { createLogRepo } from './log-repo';
import { createRunsRepo } from './runs-repo';
import { createSchedulesRepo } from './schedules-repo';
import { createSettingsRepo } from './settings-repo';
import { createSyncStateRepo } from './sync-state-repo';
import { createCustomersRepo } from './customers-repo';
import { createDepartmentsRepo } from './departments-repo';
import { createAddressesRepo } from './addresses-repo';
import { createExternalIdsRepo } from './external-ids-repo';
import { createCermCustomersRepo } from './cerm-customers-repo';
import { createDownloadsRepo } from './downloads-repo';
import { createCaseFieldsRepo } from './case-fields-repo';
import { createCasesRepo } from './cases-repo';
import { createReferencesRepo } from './references-repo';
import { createTemplatesRepo } from './templates-repo';
import { createCaseRulesRepo } from './case-rules-repo';
import { createAttachmentsRepo } from './attachments-repo';
import { createConfirmUpdatesRepo } from './confirm-updates-repo';

export function createRepositories(db: Db) {
  return {
    db,
    settings: createSettingsRepo(db),
    connections: createConnectionsRepo(db),
    jobs: createJobsRepo(db),
    log: createLogRepo(db),
    runs: createRunsRepo(db),
    schedules: createSchedulesRepo(db),
    syncState: createSyncStateRepo(db),
    customers: createCustomersRepo(db),
    departments: createDepartmentsRepo(db),
    addresses: createAddressesRepo(db),
    externalIds: createExternalIdsRepo(db),
    cermCustomers: createCermCustomersRepo(db),
    downloads: createDownloadsRepo(db),
    caseFields: createCaseFieldsRepo(db),
    cases: createCasesRepo(db),
    references: createReferencesRepo(db),
    templates: createTemplatesRepo(db),
    caseRules: createCaseRulesRepo(db),
    attachments: createAttachmentsRepo(db),
    confirmUpdates: createConfirmUpdatesRepo(db),
    /** Runs fn in one transaction: the change and the jobs it causes commit together. */
    transaction<T>(fn: () => T): T {
      return db.transaction(fn)();
    },
  };
}

export type Repositories = ReturnType<typeof createRepositories>;
