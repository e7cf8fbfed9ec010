import type { z } from 'zod';
import type { ChannelDef, ExportResult, FieldChange, FieldSpec, FieldValue, RunCounts } from '../../src-preload/contract';
import type { Repositories } from '../store/repositories';
import type { AsyncRepo } from '../store/serial-writer';
import type { MailService } from '../mail/mail-service';
import type { Db } from '../store/database';
import type { PgSession } from '../store/postgres/pg-session';
import type { Migration } from '../store/migrations';
import type { JobRow, NewJob } from '../store/jobs-repo';
import type { IntegrationLog } from '../engine/integration-log';
import type { EventBus } from '../engine/event-bus';
import type { JobQueue } from '../engine/job-queue';
import type { EngineFiles } from '../engine/engine-deps';
import type { DomainEvents } from '../events/domain-events';
import type { Simulator } from '../sandbox/simulator';
import type { ListenerRoute } from '../listener/listener-server';
import type { ConnectionService } from './connection-service';
import type { CredentialStore } from '../secrets/credential-store';
import type { RegistrationPolicy } from '../customers/registration-policy';
import type { AccountsPolicy } from '../accounts/accounts-policy';

/**
 * A connector is a folder with the same parts each time; this is what the core sees of it. Everything a connector
 * needs it contributes from its folder: settings, tasks, jobs, migrations, repositories, contract channels and their
 * handlers, listener routes, simulators and its answers to the domain's events. `R` is its own repositories.
 */
export interface Connector<R = unknown> {
  id: string;
  displayName: string;
  description: string;
  settings: ConnectorSettings;
  /** Proves the settings work (auth included). Throws a RemoteError with the reason. */
  testConnection(ctx: ConnectorContext<R>): Promise<string>;
  tasks: TaskSpec<R>[];
  /** Job kind -> what performing one job means. */
  jobs: Record<string, JobHandler<R>>;
  sandbox?: SandboxSpec;
  /** Jobs of this connector in flight at once (its bulkhead); the runner's default when unset. */
  concurrency?: number;
  /** Its own tables: numbered SQL files, applied in order after the platform's and tracked per connector. */
  migrations?: readonly Migration[];
  /** Its own repositories over the store, made once when the core opens it. */
  repositories?(db: Db): R;
  /**
   * The same tables on PostgreSQL (a team server): its own numbered migrations for that store, tracked per connector
   * like `migrations` (an empty list where its SQLite steps only move data PostgreSQL never had). A connector that
   * brings `migrations` or `repositories` must bring these too, or a team server refuses to start with it.
   */
  pgMigrations?: readonly Migration[];
  /** Its repositories on PostgreSQL, over the store's session, so they join the store's transactions. */
  pgRepositories?(db: PgSession): AsyncRepo<R>;
  /** Its external customer id is the one the customer list shows beside each customer (CERM's). */
  customerIdentity?: boolean;
  /** Called once as the core starts, after the store is open and before anything runs. */
  install?(host: ConnectorHost<R>): ConnectorParts;
}

/** What a connector adds to the core when it is installed. */
export interface ConnectorParts {
  /** Contract channels of its own, each with its handler (see `channelsOf`). */
  channels?: ContributedChannels;
  /** Inbound routes on the listener. */
  routes?: ListenerRoute[];
  /** Registration rules (one connector at most brings them). */
  registration?: RegistrationPolicy;
  /** The accounts' system of record: editing mode and its own fields (one connector at most brings it). */
  accounts?: AccountsPolicy;
}

export type Handler<C extends ChannelDef> = (input: z.output<C['input']>) => Promise<z.output<C['output']>> | z.output<C['output']>;
export type ContributedChannels = Record<string, { def: ChannelDef; handle: (input: unknown) => unknown }>;

/** Pairs contract channels with their handlers, type-checked against each channel's schemas. */
export function channelsOf<M extends Record<string, ChannelDef>>(defs: M, handlers: { [K in keyof M]: Handler<M[K]> }): ContributedChannels {
  const out: ContributedChannels = {};
  for (const name of Object.keys(defs)) out[name] = { def: defs[name]!, handle: handlers[name] as (input: unknown) => unknown };
  return out;
}

/** What an installed connector may reach of the core. */
export interface ConnectorHost<R = unknown> {
  connectorId: string;
  repos: Repositories;
  own: AsyncRepo<R>;
  connections: ConnectionService;
  /** This connection's validated settings, secrets included (the keychain is asked). */
  settings(): Promise<Record<string, unknown>>;
  /** This connection's effective non-secret values (stored, defaults, sandbox overlay). */
  values(): Promise<Record<string, FieldValue>>;
  credentials: CredentialStore;
  log: IntegrationLog;
  bus: EventBus;
  /** Subscribe here to answer the domain's events (inside the change's transaction). */
  events: DomainEvents;
  queue: JobQueue;
  /** Email: the pooled mailer for Settings > Email (the SMTP catcher in sandbox mode). */
  mail: MailService;
  now(): number;
  files: EngineFiles & { root: string };
  listenerUrl(): string | null;
  sandboxMode(): boolean;
  /** Writes a user-facing export where the shell says (a save dialog, or the exports folder and a download link). */
  runExport(fileName: string, write: (path: string) => Promise<number>): Promise<ExportResult>;
  /** The running simulator of a connector, in sandbox mode. */
  simulator(connectorId: string, name?: string): Simulator | undefined;
}

export interface ConnectorSettings {
  /** Validates the merged values + secrets. */
  schema: z.ZodType<Record<string, unknown>>;
  fields: FieldSpec[];
  /** Field keys kept in the keychain only. */
  secretFields: string[];
  defaults: Record<string, FieldValue>;
}

export interface SimulatorOptions {
  seed: number;
  /**
   * How many times this data folder has started its simulators before: a simulator numbers what it creates from it,
   * so ids never repeat across restarts (the store still holds the earlier ones).
   */
  generation: number;
}

export interface SandboxSpec {
  /**
   * The simulators this connector brings, started and stopped together (an SMTP catcher beside an API, say). The
   * first is the one the connection talks to.
   */
  simulators: { name: string; create(options: SimulatorOptions): Simulator }[];
  /** Settings that point the connection at the running simulators (sandbox mode): their URLs, in the order above. */
  connectionValues(urls: string[]): { values: Record<string, FieldValue>; secrets: Record<string, string> };
}

export interface ConnectorContext<R = unknown> {
  connectorId: string;
  /** Validated settings, secrets included: never log or return them. */
  settings: Record<string, unknown>;
  repos: Repositories;
  /** The connector's own repositories. */
  own: AsyncRepo<R>;
  /** Follow-up jobs are queued through the port, with the transaction's handle (a record step's `tx`). */
  queue: JobQueue;
  log: IntegrationLog;
  now(): number;
  signal: AbortSignal;
  /** Raw downloads and user exports (the data folder's, or a shared --files-dir), and this engine's host name. */
  files: EngineFiles;
}

export interface TaskContext<R = unknown> extends ConnectorContext<R> {
  runId: number;
  counts: RunCounts;
  /** done of total (null when unknown); phase is a short label such as "page 3". */
  progress(done: number, total: number | null, phase?: string): Promise<void>;
  /**
   * Records what the run did with one record: counted, listed on the run's page. For an update, `changes` are the
   * fields it changed (`diffFields` makes them); they show on the run's page and on the record's page.
   */
  item(entityType: string, entityId: string, action: 'created' | 'updated' | 'unchanged' | 'skipped' | 'failed' | 'queued', message?: string, changes?: FieldChange[]): Promise<void>;
  enqueue(job: Omit<NewJob, 'connectorId'>): Promise<number>;
  /** Lets the main thread breathe between chunks of a long run. */
  yieldNow(): Promise<void>;
}

export interface TaskSpec<R = unknown> {
  id: string;
  name: string;
  description: string;
  defaultIntervalMinutes: number | null;
  run(ctx: TaskContext<R>): Promise<{ message?: string } | void>;
  /** Where the task stands (a feed's cursor), in words for Sync Status; null when it keeps no position yet. */
  position?(repos: Repositories): Promise<string | null>;
  /** An incremental task's cursor: Sync Status shows it, with a Reset behind a confirmation. */
  cursor?: TaskCursor;
}

export interface TaskCursor {
  /** Where the task stands, in words, and when that was saved; null before a first run (or after a Reset). */
  read(repos: Repositories): Promise<{ position: string; savedAt: number } | null>;
  /** What the next run reads again once the cursor is reset, in words: "every CERM address of the change feed". */
  rereads: string;
  /** Forgets the position, in the caller's transaction. */
  reset(tx: Repositories): Promise<void>;
}

export interface JobOutcome {
  message: string;
  result?: unknown;
  details?: string;
  /**
   * The local writes that record what the remote did (an Enquiry number, an applied update). The runner calls it
   * inside the transaction that completes the job, so one commit holds both; it runs even when the lease was lost
   * meanwhile, because the remote effect happened and must not be forgotten. A returned text replaces `message`.
   * When it throws, its writes roll back and the job is retried like any failed attempt.
   */
  record?: (tx: Repositories) => string | void | Promise<string | void>;
}

/** One job's part of a batch: what it achieved, or why it failed (a RemoteError, or anything thrown). */
export type BatchResult = JobOutcome | { error: unknown };

/** A job kind's payload shape: Edit and retry checks a corrected payload against it before the job goes again. */
export interface JobPayloadSpec {
  schema: z.ZodType;
  /** Top-level fields staff never see: the editor shows a mask, and a mask saved back keeps the stored value. */
  secretFields?: string[];
}

export interface JobHandler<R = unknown> {
  entityType: string;
  /** What one job of this kind does, in staff's words ("Raise the Enquiry in Confirm"): the Errors list names it so. */
  title: string;
  /** Its payload's schema (every shipped kind has one); a kind without it can be retried only as it is. */
  payload?: JobPayloadSpec;
  /** The id of the record a job is about, as log lines name it (default: the job's entity key). */
  entityIdOf?(job: JobRow): string;
  perform(job: JobRow, ctx: ConnectorContext<R>): Promise<JobOutcome>;
  /**
   * Jobs of this kind that may share one remote call (Confirm's GetEnquiry reads ten Enquiries at once). The runner
   * leases up to `max` runnable ones together, and each still gets its own attempt, outcome and log line. Returns one
   * result per job, in the order given; a thrown error fails every job of the batch.
   */
  batch?: { max: number; perform(jobs: JobRow[], ctx: ConnectorContext<R>): Promise<BatchResult[]> };
  /**
   * For a job in doubt: records the remote record staff say an earlier attempt made (an Enquiry number), inside the
   * transaction that completes the job. Returns the words for the log. Kinds without it can only be raised again.
   */
  adopt?(tx: Repositories, job: JobRow, remoteId: string, ctx: { now: number; queue: JobQueue }): Promise<string>;
}
