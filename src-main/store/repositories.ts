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
import { createConfigCache } from './config-cache';

export function createRepositories(db: Db) {
  const config = createConfigCache();
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
    caseFields: createCaseFieldsRepo(db, config),
    cases: createCasesRepo(db),
    references: createReferencesRepo(db, config),
    templates: createTemplatesRepo(db, config),
    caseRules: createCaseRulesRepo(db),
    attachments: createAttachmentsRepo(db),
    confirmUpdates: createConfirmUpdatesRepo(db),
    /** Runs fn in one transaction: the change and the jobs it causes commit together. */
    transaction<T>(fn: () => T): T {
      try {
        return db.transaction(fn)();
      } catch (err) {
        // A read inside the undone work may have cached what it undid.
        config.clear();
        throw err;
      }
    },
  };
}

export type Repositories = ReturnType<typeof createRepositories>;
