import type { z } from 'zod';
import type { FieldSpec, FieldValue, RunCounts } from '../../src-preload/contract';
import type { Repositories } from '../store/repositories';
import type { JobRow, NewJob } from '../store/jobs-repo';
import type { IntegrationLog } from '../engine/integration-log';
import type { SandboxServer } from '../sandbox/sandbox-server';

/** A connector is a folder with the same parts each time; this is what the core sees of it. */
export interface Connector {
  id: string;
  displayName: string;
  description: string;
  settings: ConnectorSettings;
  /** Proves the settings work (auth included). Throws a RemoteError with the reason. */
  testConnection(ctx: ConnectorContext): Promise<string>;
  tasks: TaskSpec[];
  /** Job kind -> what performing one job means. */
  jobs: Record<string, JobHandler>;
  sandbox?: SandboxSpec;
}

export interface ConnectorSettings {
  /** Validates the merged values + secrets. */
  schema: z.ZodType<Record<string, unknown>>;
  fields: FieldSpec[];
  /** Field keys kept in the keychain only. */
  secretFields: string[];
  defaults: Record<string, FieldValue>;
}

export interface SandboxSpec {
  name: string;
  create(options: { seed: number }): SandboxServer;
  /** Settings that point the connection at the running simulator (sandbox mode). */
  connectionValues(url: string): { values: Record<string, FieldValue>; secrets: Record<string, string> };
}

export interface ConnectorContext {
  connectorId: string;
  /** Validated settings, secrets included: never log or return them. */
  settings: Record<string, unknown>;
  repos: Repositories;
  log: IntegrationLog;
  now(): number;
  signal: AbortSignal;
  /** Folders in the data folder: raw downloads and user exports. */
  files: { downloads: string; exports: string };
}

export interface TaskContext extends ConnectorContext {
  runId: number;
  counts: RunCounts;
  /** done of total (null when unknown); phase is a short label such as "page 3". */
  progress(done: number, total: number | null, phase?: string): void;
  /** Records what the run did with one record: counted, listed on the run's page. */
  item(entityType: string, entityId: string, action: 'created' | 'updated' | 'unchanged' | 'skipped' | 'failed' | 'queued', message?: string): void;
  enqueue(job: Omit<NewJob, 'connectorId'>): number;
  /** Lets the main thread breathe between chunks of a long run. */
  yieldNow(): Promise<void>;
}

export interface TaskSpec {
  id: string;
  name: string;
  description: string;
  defaultIntervalMinutes: number | null;
  run(ctx: TaskContext): Promise<{ message?: string } | void>;
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
  record?: () => string | void;
}

/** One job's part of a batch: what it achieved, or why it failed (a RemoteError, or anything thrown). */
export type BatchResult = JobOutcome | { error: unknown };

export interface JobHandler {
  entityType: string;
  /** The id of the record a job is about, as log lines name it (default: the job's entity key). */
  entityIdOf?(job: JobRow): string;
  perform(job: JobRow, ctx: ConnectorContext): Promise<JobOutcome>;
  /**
   * Jobs of this kind that may share one remote call (Confirm's GetEnquiry reads ten Enquiries at once). The runner
   * leases up to `max` runnable ones together, and each still gets its own attempt, outcome and log line. Returns one
   * result per job, in the order given; a thrown error fails every job of the batch.
   */
  batch?: { max: number; perform(jobs: JobRow[], ctx: ConnectorContext): Promise<BatchResult[]> };
}
