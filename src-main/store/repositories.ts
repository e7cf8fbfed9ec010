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
import { createMailRepo, type MailRepo } from './mail-repo';
import { createAccountsRepo, type AccountsRepo } from './accounts-repo';
import { createPricesRepo, type PricesRepo } from './prices-repo';
import { createOrdersRepo, type OrdersRepo } from './orders-repo';
import { createErrorsRepo, type ErrorsRepo } from './errors-repo';
import { createAlertsRepo, type AlertsRepo } from './alerts-repo';
import { createRecordChangesRepo, type RecordChangesRepo } from './record-changes-repo';
import { createStaffRepo, type StaffRepo } from './staff-repo';
import { createAuditRepo, type AuditRepo } from './audit-repo';
import { createConfigCache } from './config-cache';
import { createStoreProbes, type StoreProbes } from './store-probes';
import { createMaintenance, type MaintenanceRepo } from './maintenance-repo';
import { writerOf } from './serial-writer';

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
  mail: MailRepo;
  /** B2B accounts with their contacts, ship-tos, pending web edits and ERP sync history. */
  accounts: AccountsRepo;
  /** Imported ERP prices and manual overrides, kept apart. */
  prices: PricesRepo;
  orders: OrdersRepo;
  /** The Errors workspace: failures grouped by record, their history and resolutions. */
  errors: ErrorsRepo;
  /** Alerts, and the tasks that paused themselves. */
  alerts: AlertsRepo;
  /** Field-level diffs of the updates syncs make, by run and by record. */
  recordChanges: RecordChangesRepo;
  /** A team server's staff users and their sign-in sessions. */
  staff: StaffRepo;
  /** Who changed what through a team server's console. */
  audit: AuditRepo;
  /** Read-only counts the benchmarks report (no SQL above the store). */
  probes: StoreProbes;
  /** Retention's batched deletes, incremental vacuum and the online backup. */
  maintenance: MaintenanceRepo;
  /**
   * Whether statements run on the main thread: SQLite's do (in process, synchronous: a long transaction holds every
   * contract call behind it), PostgreSQL's do not (the main thread is free while the server answers). Work that cuts
   * itself into short transactions to keep the main thread free (cerm/timed-slices.ts) cuts only where they do.
   */
  readonly statementsOnMainThread: boolean;
  /**
   * Runs the work in one transaction: the change and the jobs it causes commit together. The work gets the
   * transaction's handle and may await; on SQLite there is one writer, so transactions run one at a time and never
   * interleave, and every other call waits for the open one. Nested calls become savepoints. Errors leave as the
   * store's own (UniqueViolation, NotFound).
   */
  transaction<T>(work: (tx: Repositories) => T | Promise<T>): Promise<T>;
}

export interface RepositoryOptions {
  /** The connector whose external customer id the customer list shows (the registry knows which). */
  customerIdentity?: string | null;
}

export function createRepositories(db: Db, options: RepositoryOptions = {}): Repositories {
  const config = createConfigCache();
  const writer = writerOf(db);
  writer.afterRollback(() => config.clear());
  const repos: Repositories = {
    statementsOnMainThread: true,
    settings: writer.wrap(createSettingsRepo(db)) as SettingsRepo,
    connections: writer.wrap(createConnectionsRepo(db)),
    jobs: writer.wrap(createJobsRepo(db)),
    log: Object.assign(writer.wrap(createLogRepo(db)), { callerInTransaction: () => writer.callerInTransaction() }),
    runs: writer.wrap(createRunsRepo(db)),
    schedules: writer.wrap(createSchedulesRepo(db)),
    syncState: writer.wrap(createSyncStateRepo(db)),
    customers: writer.wrap(createCustomersRepo(db, options.customerIdentity ?? null)),
    departments: writer.wrap(createDepartmentsRepo(db)),
    addresses: writer.wrap(createAddressesRepo(db)),
    externalIds: writer.wrap(createExternalIdsRepo(db)),
    cermCustomers: writer.wrap(createCermCustomersRepo(db)),
    downloads: writer.wrap(createDownloadsRepo(db)),
    caseFields: writer.wrap(createCaseFieldsRepo(db, config)),
    cases: writer.wrap(createCasesRepo(db)),
    references: writer.wrap(createReferencesRepo(db, config)),
    templates: writer.wrap(createTemplatesRepo(db, config)),
    caseRules: writer.wrap(createCaseRulesRepo(db)),
    attachments: writer.wrap(createAttachmentsRepo(db)),
    confirmUpdates: writer.wrap(createConfirmUpdatesRepo(db)),
    mail: writer.wrap(createMailRepo(db)),
    accounts: writer.wrap(createAccountsRepo(db)),
    prices: writer.wrap(createPricesRepo(db)),
    orders: writer.wrap(createOrdersRepo(db)),
    errors: writer.wrap(createErrorsRepo(db)),
    alerts: writer.wrap(createAlertsRepo(db)),
    recordChanges: writer.wrap(createRecordChangesRepo(db)),
    staff: writer.wrap(createStaffRepo(db)),
    audit: writer.wrap(createAuditRepo(db)),
    probes: writer.wrap(createStoreProbes(db)),
    maintenance: createMaintenance(db, writer),
    // Inside the work, every call (through `tx` or not) belongs to the open transaction.
    transaction: (work) => writer.transaction(() => work(repos)),
  };
  return repos;
}
