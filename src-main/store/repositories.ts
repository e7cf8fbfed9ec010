import type { Db } from './database';
import { createConnectionsRepo, type ConnectionsRepo } from './connections-repo';
import { createJobsRepo, type JobsRepo } from './jobs-repo';
import { createLogRepo, type LogRepo } from './log-repo';
import { createRunsRepo, type RunsRepo } from './runs-repo';
import { createSchedulesRepo, type SchedulesRepo } from './schedules-repo';
import { createSettingsRepo, type SettingsRepo } from './settings-repo';
import { createSyncStateRepo, type SyncStateRepo } from './sync-state-repo';
import { createCustomersRepo, type CustomersRepo } from './customers-repo';
import { createDepartmentsRepo, type DepartmentsRepo } from './departments-repo';
import { createAddressesRepo, type AddressesRepo } from './addresses-repo';
import { createExternalIdsRepo, type ExternalIdsRepo } from './external-ids-repo';
import { createCermCustomersRepo, type CermCustomersRepo } from './cerm-customers-repo';
import { createDownloadsRepo, type DownloadsRepo } from './downloads-repo';
import { createCaseFieldsRepo, type CaseFieldsRepo } from './case-fields-repo';
import { createCasesRepo, type CasesRepo } from './cases-repo';
import { createReferencesRepo, type ReferencesRepo } from './references-repo';
import { createTemplatesRepo, type TemplatesRepo } from './templates-repo';
import { createCaseRulesRepo, type CaseRulesRepo } from './case-rules-repo';
import { createAttachmentsRepo, type AttachmentsRepo } from './attachments-repo';
import { createConfirmUpdatesRepo, type ConfirmUpdatesRepo } from './confirm-updates-repo';
import { createConfigCache } from './config-cache';
import { createStoreProbes, type StoreProbes } from './store-probes';
import { toStoreError, withStoreErrors } from './store-errors';

/** The store as the rest of the app sees it: one repository per aggregate, and transactions. */
export interface Repositories {
  settings: SettingsRepo;
  connections: ConnectionsRepo;
  jobs: JobsRepo;
  log: LogRepo;
  runs: RunsRepo;
  schedules: SchedulesRepo;
  syncState: SyncStateRepo;
  customers: CustomersRepo;
  departments: DepartmentsRepo;
  addresses: AddressesRepo;
  externalIds: ExternalIdsRepo;
  cermCustomers: CermCustomersRepo;
  downloads: DownloadsRepo;
  caseFields: CaseFieldsRepo;
  cases: CasesRepo;
  references: ReferencesRepo;
  templates: TemplatesRepo;
  caseRules: CaseRulesRepo;
  attachments: AttachmentsRepo;
  confirmUpdates: ConfirmUpdatesRepo;
  /** Read-only counts the benchmarks report (no SQL above the store). */
  probes: StoreProbes;
  /**
   * Runs the work in one transaction: the change and the jobs it causes commit together. The work gets the
   * transaction's handle; on SQLite there is one writer, so transactions run one at a time and never interleave.
   * Nested calls become savepoints. Errors leave as the store's own (UniqueViolation, NotFound).
   */
  transaction<T>(work: (tx: Repositories) => T): T;
}

export interface RepositoryOptions {
  /** The connector whose external customer id the customer list shows (the registry knows which). */
  customerIdentity?: string | null;
}

export function createRepositories(db: Db, options: RepositoryOptions = {}): Repositories {
  const config = createConfigCache();
  const repos: Repositories = {
    settings: withStoreErrors(createSettingsRepo(db)),
    connections: withStoreErrors(createConnectionsRepo(db)),
    jobs: withStoreErrors(createJobsRepo(db)),
    log: withStoreErrors(createLogRepo(db)),
    runs: withStoreErrors(createRunsRepo(db)),
    schedules: withStoreErrors(createSchedulesRepo(db)),
    syncState: withStoreErrors(createSyncStateRepo(db)),
    customers: withStoreErrors(createCustomersRepo(db, options.customerIdentity ?? null)),
    departments: withStoreErrors(createDepartmentsRepo(db)),
    addresses: withStoreErrors(createAddressesRepo(db)),
    externalIds: withStoreErrors(createExternalIdsRepo(db)),
    cermCustomers: withStoreErrors(createCermCustomersRepo(db)),
    downloads: withStoreErrors(createDownloadsRepo(db)),
    caseFields: withStoreErrors(createCaseFieldsRepo(db, config)),
    cases: withStoreErrors(createCasesRepo(db)),
    references: withStoreErrors(createReferencesRepo(db, config)),
    templates: withStoreErrors(createTemplatesRepo(db, config)),
    caseRules: withStoreErrors(createCaseRulesRepo(db)),
    attachments: withStoreErrors(createAttachmentsRepo(db)),
    confirmUpdates: withStoreErrors(createConfirmUpdatesRepo(db)),
    probes: createStoreProbes(db),
    transaction<T>(work: (tx: Repositories) => T): T {
      try {
        return db.transaction(() => work(repos))();
      } catch (err) {
        // A read inside the undone work may have cached what it undid.
        config.clear();
        throw toStoreError(err);
      }
    },
  };
  return repos;
}
