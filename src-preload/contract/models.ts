import { z } from 'zod';

// Shapes of what main sends to the renderer. Inputs live in channels.ts.

export const OUTCOMES = ['success', 'failure', 'validation_failure', 'retrying', 'dead'] as const;
export const Outcome = z.enum(OUTCOMES);
export type Outcome = z.infer<typeof Outcome>;

export const KeychainStatus = z.object({
  reachable: z.boolean(),
  backend: z.string(),
  message: z.string(),
  installHint: z.string().nullable(),
});
export type KeychainStatus = z.infer<typeof KeychainStatus>;

export const AppSettingsView = z.object({
  version: z.string(),
  mode: z.enum(['electron', 'headless']),
  dataDir: z.string(),
  databasePath: z.string(),
  sandboxMode: z.boolean(),
  listenerUrl: z.string().nullable(),
  keychain: KeychainStatus,
});
export type AppSettingsView = z.infer<typeof AppSettingsView>;

// How the console looks for this data folder's staff: the theme (the OS's, or one chosen) and whether the
// first-run checklist was put away (Help shows it again).
export const UiPreferences = z.object({
  theme: z.enum(['system', 'light', 'dark']),
  firstRunDismissed: z.boolean(),
});
export type UiPreferences = z.infer<typeof UiPreferences>;

// Which tab of a connection's page a field sits on: how to reach the system, what the integration does, wire details.
export const FIELD_GROUPS = ['connection', 'behaviour', 'advanced'] as const;
export const FieldGroup = z.enum(FIELD_GROUPS);
export type FieldGroup = z.infer<typeof FieldGroup>;

export const FieldSpec = z.object({
  key: z.string(),
  group: FieldGroup,
  label: z.string(),
  help: z.string(),
  kind: z.enum(['text', 'url', 'number', 'boolean', 'secret', 'select']),
  required: z.boolean(),
  options: z.array(z.object({ value: z.string(), label: z.string() })).optional(),
  /** The settings schema's limits, shown up front on the input. */
  maxLength: z.number().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
});
export type FieldSpec = z.infer<typeof FieldSpec>;

export const CONNECTION_STATES = [
  'ready',
  'not_configured',
  'auth_required',
  'credentials_unavailable',
  'disabled',
] as const;
export const ConnectionState = z.enum(CONNECTION_STATES);
export type ConnectionState = z.infer<typeof ConnectionState>;

export const FieldValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type FieldValue = z.infer<typeof FieldValue>;

export const SANDBOX_TARGETS = ['simulator', 'typed'] as const;
export const SandboxTarget = z.enum(SANDBOX_TARGETS);
export type SandboxTarget = z.infer<typeof SandboxTarget>;

export const ConnectionView = z.object({
  connectorId: z.string(),
  displayName: z.string(),
  description: z.string(),
  state: ConnectionState,
  stateMessage: z.string().nullable(),
  fields: z.array(FieldSpec),
  values: z.record(z.string(), FieldValue),
  // Secrets are write-only: the renderer only ever learns whether one is stored.
  secrets: z.record(z.string(), z.enum(['set', 'not set'])),
  // False when a stored secret cannot be read now: 'set' then means "in the keychain, which is not reachable now".
  keychainReachable: z.boolean(),
  // Sandbox mode: the simulator this connection talks to (its address and demo credentials stand in for yours);
  // null outside sandbox mode and when the connection is pointed at a typed address.
  sandboxUrl: z.string().nullable(),
  // In sandbox mode (null outside it): whether this connection uses its simulator or the address typed here, and,
  // when it is the simulator, the fields it sets (shown read-only) with the values typed for them (kept for later).
  sandbox: z
    .object({
      simulatorUrl: z.string().nullable(),
      target: SandboxTarget,
      overridden: z.array(z.string()),
      ownValues: z.record(z.string(), FieldValue),
      // The secret fields among those the simulator sets that have a value of this connection's own in the keychain:
      // what pointing it at a typed address keeps (the simulator's demo credentials are not kept for that).
      ownSecrets: z.array(z.string()),
    })
    .nullable(),
  updatedAt: z.number().nullable(),
});
export type ConnectionView = z.infer<typeof ConnectionView>;

export const TestResult = z.object({ ok: z.boolean(), message: z.string(), durationMs: z.number() });
export type TestResult = z.infer<typeof TestResult>;

export const RunCounts = z.object({
  fetched: z.number(),
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  skipped: z.number(),
  failed: z.number(),
});
export type RunCounts = z.infer<typeof RunCounts>;

export const RUN_STATUSES = ['running', 'success', 'partial', 'failed', 'interrupted'] as const;
export const RunStatus = z.enum(RUN_STATUSES);
export type RunStatus = z.infer<typeof RunStatus>;

export const RunSummary = z.object({
  id: z.number(),
  connectorId: z.string(),
  taskId: z.string(),
  trigger: z.enum(['manual', 'schedule']),
  status: RunStatus,
  startedAt: z.number(),
  finishedAt: z.number().nullable(),
  durationMs: z.number().nullable(),
  counts: RunCounts,
  message: z.string().nullable(),
});
export type RunSummary = z.infer<typeof RunSummary>;

export const RunProgress = z.object({
  runId: z.number(),
  connectorId: z.string(),
  taskId: z.string(),
  phase: z.string(),
  done: z.number(),
  total: z.number().nullable(),
  counts: RunCounts,
});
export type RunProgress = z.infer<typeof RunProgress>;

export const RUN_ITEM_ACTIONS = ['created', 'updated', 'unchanged', 'skipped', 'failed', 'queued'] as const;
/** One field a sync changed on one record: its value before and after, as text (null when it had none). */
export const FieldChange = z.object({ field: z.string(), from: z.string().nullable(), to: z.string().nullable() });
export type FieldChange = z.infer<typeof FieldChange>;

export const RunItem = z.object({
  seq: z.number(),
  ts: z.number(),
  entityType: z.string(),
  entityId: z.string(),
  action: z.enum(RUN_ITEM_ACTIONS),
  message: z.string().nullable(),
  /** For an update: the fields it changed, before and after (a preview's and a run page's items). */
  changes: z.array(FieldChange).optional(),
});
export type RunItem = z.infer<typeof RunItem>;

export const RunDetail = z.object({
  run: RunSummary,
  items: z.array(RunItem),
  nextCursor: z.number().nullable(),
});
export type RunDetail = z.infer<typeof RunDetail>;

export const TaskStatus = z.object({
  connectorId: z.string(),
  connectorName: z.string(),
  taskId: z.string(),
  name: z.string(),
  description: z.string(),
  intervalMinutes: z.number().nullable(),
  nextRunAt: z.number().nullable(),
  connectionState: ConnectionState,
  running: RunProgress.nullable(),
  lastRun: RunSummary.nullable(),
  recent: z.array(RunSummary),
  // Where the task stands, in words (a change feed's cursor), for tasks that keep one.
  position: z.string().nullable(),
  /** An incremental task's cursor (null for a task that reads everything each time). */
  cursor: z.object({ position: z.string().nullable(), savedAt: z.number().nullable(), rereads: z.string() }).nullable().optional(),
});
export type TaskStatus = z.infer<typeof TaskStatus>;

export const StartRunResult = z.object({ runId: z.number(), alreadyRunning: z.boolean() });
export type StartRunResult = z.infer<typeof StartRunResult>;

export const LogEntry = z.object({
  id: z.number(),
  ts: z.number(),
  connectorId: z.string(),
  action: z.string(),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  outcome: Outcome,
  message: z.string(),
  attempt: z.number().nullable(),
  jobId: z.number().nullable(),
  runId: z.number().nullable(),
  dismissed: z.boolean(),
  retryable: z.boolean(),
  // A failed job line whose job was retried: the job's latest line since (its next attempt), shown in this line's place.
  nextAttempt: z.object({ id: z.number(), ts: z.number(), outcome: Outcome, attempt: z.number().nullable(), message: z.string() }).optional(),
  // Retried, and the next attempt has not written its line yet.
  retryQueued: z.boolean().optional(),
});
export type LogEntry = z.infer<typeof LogEntry>;

export const LogEntryDetail = LogEntry.extend({ details: z.string().nullable() });
export type LogEntryDetail = z.infer<typeof LogEntryDetail>;

export const LogCursor = z.object({ ts: z.number().int(), id: z.number().int() });
export type LogCursor = z.infer<typeof LogCursor>;

export const LogPage = z.object({ entries: z.array(LogEntry), nextCursor: LogCursor.nullable() });
export type LogPage = z.infer<typeof LogPage>;

export const ExportResult = z.object({
  path: z.string().nullable(),
  rows: z.number(),
  // Headless mode: where the browser can fetch the file (token-guarded).
  downloadUrl: z.string().nullable(),
  cancelled: z.boolean(),
});
export type ExportResult = z.infer<typeof ExportResult>;

export const Faults = z.object({
  latencyMs: z.number().int().min(0).max(120_000),
  errorRate: z.number().min(0).max(1),
  reset: z.boolean(),
  hang: z.boolean(),
  down: z.boolean(),
});
export type Faults = z.infer<typeof Faults>;

export const SandboxView = z.object({
  connectorId: z.string(),
  name: z.string(),
  url: z.string().nullable(),
  running: z.boolean(),
  faults: Faults,
  requests: z.number(),
  faultsInjected: z.number(),
});
export type SandboxView = z.infer<typeof SandboxView>;

export const JobCounts = z.object({
  pending: z.number(),
  running: z.number(),
  paused: z.number(),
  dead: z.number(),
  done: z.number(),
  /** Jobs whose remote effect is unknown, waiting for staff. */
  inDoubt: z.number(),
  /** Jobs the remote carried out but whose answer SyncDesk could not record (kept for staff, never repeated). */
  recordFailed: z.number(),
});
export type JobCounts = z.infer<typeof JobCounts>;

/** A job whose remote effect is unknown: an earlier attempt may have taken effect, and reconciliation could not tell. */
export const InDoubtJob = z.object({
  id: z.number(),
  connectorId: z.string(),
  kind: z.string(),
  entityKey: z.string(),
  /** When the attempt that may have reached the remote began. */
  since: z.number().nullable(),
  reason: z.string().nullable(),
  /** Whether staff can enter the existing remote record's id (the job kind knows how to record it). */
  canUseExisting: z.boolean(),
});
export type InDoubtJob = z.infer<typeof InDoubtJob>;
