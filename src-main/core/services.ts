import type { Repositories } from '../store/repositories';
import type { ConnectorRegistry } from '../connectors/registry';
import type { ConnectionService } from '../connectors/connection-service';
import type { CredentialStore } from '../secrets/credential-store';
import type { TaskRunner } from '../engine/task-runner';
import type { PreviewRunner } from '../engine/preview-runner';
import type { JobRunner } from '../engine/job-runner';
import type { Scheduler } from '../engine/scheduler';
import type { SandboxManager } from '../sandbox/sandbox-manager';
import type { IntegrationLog } from '../engine/integration-log';
import type { EventBus } from '../engine/event-bus';
import type { DataPaths } from '../config/data-dir';
import type { ShellHooks, ShellMode } from './core-handle';
import type { RegistrationService } from '../customers/registration-service';
import type { PlatformKey } from '../customers/platform-api';
import type { CaseService } from '../cases/case-service';
import type { DomainEvents } from '../events/domain-events';
import type { JobQueue } from '../engine/job-queue';
import type { MailService } from '../mail/mail-service';
import type { AccountService } from '../accounts/account-service';
import type { PriceService } from '../accounts/price-service';
import type { OpsService } from '../ops/ops-service';
import type { ErrorWorkspace } from '../errors-workspace/error-workspace';
import type { AlertsService } from '../alerts/alerts-service';
import type { StaffAccounts } from '../staff/staff-accounts';

/** Everything the handlers reach; built once by createCore. */
export interface CoreServices {
  mode: ShellMode;
  version: string;
  /** The data folder's SQLite file, or a team server's PostgreSQL database (no file backups there: pg_dump). */
  storeKind: 'sqlite' | 'postgres';
  paths: DataPaths;
  repos: Repositories;
  registry: ConnectorRegistry;
  connections: ConnectionService;
  credentials: CredentialStore;
  tasks: TaskRunner;
  /** Preview runs: a task against a throw-away copy of the store. */
  previews: PreviewRunner;
  jobs: JobRunner;
  scheduler: Scheduler;
  sandboxes: SandboxManager;
  log: IntegrationLog;
  bus: EventBus;
  hooks: ShellHooks;
  now: () => number;
  sandboxMode: { get(): boolean; set(on: boolean): Promise<void> };
  listenerUrl: () => string | null;
  registration: RegistrationService;
  platformKey: PlatformKey;
  cases: CaseService;
  events: DomainEvents;
  queue: JobQueue;
  mail: MailService;
  accounts: AccountService;
  prices: PriceService;
  /** Retention, backups, restore and configuration promotion. */
  ops: OpsService;
  /** The Errors workspace: failures grouped by record, retried, resolved, edited. */
  errors: ErrorWorkspace;
  alerts: AlertsService;
  /** A team server's staff users. */
  staff: StaffAccounts;
  /** Who acts, for history lines (this machine's user). */
  actor: () => string;
}
