// The store on PostgreSQL (a team server): the same Repositories port as SQLite's, every aggregate (maintenance has
// retention's deletes; SQLite's vacuum and file backup do not apply, see maintenance-repo.ts), plus sealed secrets.
import { NO_CONFIG_CACHE, type PgConfigCache } from './pg-config-cache';
import type pg from 'pg';
import type { Repositories, RepositoryOptions } from '../repositories';
import { createPgAccountsRepo } from './accounts-repo';
import { createPgAddressesRepo } from './addresses-repo';
import { createPgAttachmentsRepo } from './attachments-repo';
import { createPgAlertsRepo } from './alerts-repo';
import { createPgRecordChangesRepo } from './record-changes-repo';
import { createPgCaseFieldsRepo } from './case-fields-repo';
import { createPgCaseRulesRepo } from './case-rules-repo';
import { createPgCasesRepo } from './cases-repo';
import { createPgCermCustomersRepo } from './cerm-customers-repo';
import { createPgConfirmUpdatesRepo } from './confirm-updates-repo';
import { createPgConnectionsRepo } from './connections-repo';
import { createPgCustomersRepo } from './customers-repo';
import { createPgDepartmentsRepo } from './departments-repo';
import { createPgDownloadsRepo } from './downloads-repo';
import { createPgErrorsRepo } from './errors-repo';
import { createPgExternalIdsRepo } from './external-ids-repo';
import { createPgJobsRepo } from './jobs-repo';
import { createPgLogRepo } from './log-repo';
import { createPgMailRepo } from './mail-repo';
import { createPgOrdersRepo } from './orders-repo';
import { createPgPricesRepo } from './prices-repo';
import { PgSession } from './pg-session';
import { createPgReferencesRepo } from './references-repo';
import { createPgRunsRepo } from './runs-repo';
import { createPgSchedulesRepo } from './schedules-repo';
import { createPgSecretsRepo, type SealedSecretsRepo } from './secrets-repo';
import { createPgSettingsRepo } from './settings-repo';
import { createPgStoreProbes } from './store-probes';
import { createPgSyncStateRepo } from './sync-state-repo';
import { createPgTemplatesRepo } from './templates-repo';
import { createPgStaffRepo } from './staff-repo';
import { createPgAuditRepo } from './audit-repo';
import { createPgMaintenance } from './maintenance-repo';

/** The aggregates the PostgreSQL store implements so far. */
export type PgAggregate = 'settings' | 'connections' | 'jobs' | 'log' | 'runs' | 'schedules' | 'syncState' | 'customers' | 'departments' | 'externalIds'
  | 'addresses' | 'downloads' | 'cermCustomers' | 'caseFields'
  | 'cases' | 'references' | 'templates' | 'caseRules' | 'attachments' | 'confirmUpdates'
  | 'staff' | 'audit'

  | 'alerts' | 'recordChanges' | 'errors' | 'accounts' | 'mail' | 'orders' | 'prices' | 'probes' | 'maintenance';

export type PgRepositories = Pick<Repositories, PgAggregate | 'statementsOnMainThread'> & {
  /** A team server's connection secrets, sealed (it has no OS keychain): see src-main/secrets/database-credential-store.ts. */
  secrets: SealedSecretsRepo;
  /** As Repositories.transaction: one client, BEGIN .. COMMIT; nested calls are savepoints; store errors. */
  transaction<T>(work: (tx: PgRepositories) => T | Promise<T>): Promise<T>;
};

const sessions = new WeakMap<PgRepositories, PgSession>();

/** The store's connection handling, for a part that joins its transactions with SQL of its own (the pg-boss queue). */
export function sessionOf(repos: PgRepositories): PgSession {
  const session = sessions.get(repos);
  if (!session) throw new Error('not a PostgreSQL store made by createPgRepositories');
  return session;
}

/** `session` is shared with connectors' own PostgreSQL repositories, so their calls join this store's transactions. */
export interface PgRepositoryOptions extends RepositoryOptions {
  /** Configuration kept in memory, dropped when any engine changes it (an engine's store); none: read each time. */
  configCache?: PgConfigCache;
}

export function createPgRepositories(pool: pg.Pool, options: PgRepositoryOptions = {}, db: PgSession = new PgSession(pool)): PgRepositories {
  const config = options.configCache ?? NO_CONFIG_CACHE;
  const repos: PgRepositories = {
    statementsOnMainThread: false,
    settings: createPgSettingsRepo(db),
    connections: createPgConnectionsRepo(db, config),
    jobs: createPgJobsRepo(db),
    log: createPgLogRepo(db),
    runs: createPgRunsRepo(db),
    schedules: createPgSchedulesRepo(db),
    syncState: createPgSyncStateRepo(db),
    customers: createPgCustomersRepo(db, options.customerIdentity ?? null),
    departments: createPgDepartmentsRepo(db),
    externalIds: createPgExternalIdsRepo(db),
    addresses: createPgAddressesRepo(db),
    downloads: createPgDownloadsRepo(db),
    cermCustomers: createPgCermCustomersRepo(db),
    caseFields: createPgCaseFieldsRepo(db, config),
    cases: createPgCasesRepo(db),
    references: createPgReferencesRepo(db, config),
    templates: createPgTemplatesRepo(db, config),
    caseRules: createPgCaseRulesRepo(db),
    attachments: createPgAttachmentsRepo(db),
    confirmUpdates: createPgConfirmUpdatesRepo(db),
    secrets: createPgSecretsRepo(db, config),
    staff: createPgStaffRepo(db),
    audit: createPgAuditRepo(db),
    alerts: createPgAlertsRepo(db),
    recordChanges: createPgRecordChangesRepo(db),
    errors: createPgErrorsRepo(db),
    accounts: createPgAccountsRepo(db),
    mail: createPgMailRepo(db),
    orders: createPgOrdersRepo(db),
    prices: createPgPricesRepo(db),
    probes: createPgStoreProbes(db),
    maintenance: createPgMaintenance(db),
    // Inside the work, every call (through `tx` or not) belongs to the open transaction.
    transaction: (work) => db.transaction(() => work(repos)),
  };
  sessions.set(repos, db);
  return repos;
}
