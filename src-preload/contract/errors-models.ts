import { z } from 'zod';

// The Errors workspace: failures grouped by record (connector + entity), what staff did, what resolved them.

export const ErrorStatus = z.enum(['open', 'resolved']);
export type ErrorStatus = z.infer<typeof ErrorStatus>;
/** rejected: the remote refused it (never retried by itself); gave_up: out of attempts; failed: a run or record failed. */
export const ReasonKind = z.enum(['rejected', 'gave_up', 'failed']);
export type ReasonKind = z.infer<typeof ReasonKind>;

export const ErrorGroup = z.object({
  id: z.number(),
  connectorId: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  /** The task or job kind of the latest failure. */
  source: z.string(),
  status: ErrorStatus,
  reason: z.string(),
  reasonKind: ReasonKind,
  failures: z.number(),
  firstFailedAt: z.number(),
  lastFailedAt: z.number(),
  lastJobId: z.number().nullable(),
  lastRunId: z.number().nullable(),
  resolvedAt: z.number().nullable(),
  /** "run 12", "job 40", or who resolved it. */
  resolvedBy: z.string().nullable(),
  resolutionNote: z.string().nullable(),
});
export type ErrorGroup = z.infer<typeof ErrorGroup>;

export const ErrorAttempt = z.object({
  id: z.number(),
  ts: z.number(),
  jobId: z.number().nullable(),
  runId: z.number().nullable(),
  attempt: z.number().nullable(),
  reason: z.string(),
});
export type ErrorAttempt = z.infer<typeof ErrorAttempt>;

export const ErrorAction = z.object({
  id: z.number(),
  ts: z.number(),
  action: z.enum(['retry', 'resolve', 'edit_retry', 'auto_resolve']),
  actor: z.string(),
  note: z.string().nullable(),
  jobId: z.number().nullable(),
  originalPayload: z.string().nullable(),
  newPayload: z.string().nullable(),
});
export type ErrorAction = z.infer<typeof ErrorAction>;

export const ErrorGroupDetail = z.object({
  group: ErrorGroup,
  attempts: z.array(ErrorAttempt),
  actions: z.array(ErrorAction),
  /** Whether the latest failed job can be opened in Edit and retry (its kind has a payload schema). */
  editable: z.boolean(),
});
export type ErrorGroupDetail = z.infer<typeof ErrorGroupDetail>;

export const ErrorCursor = z.object({ ts: z.number().int(), id: z.number().int() }).strict();
export type ErrorCursor = z.infer<typeof ErrorCursor>;

export const ErrorPage = z.object({
  groups: z.array(ErrorGroup),
  nextCursor: ErrorCursor.nullable(),
  /** Groups matching the filter (capped at the bulk limit + 1, so "more than 5,000" can be said). */
  total: z.number(),
});
export type ErrorPage = z.infer<typeof ErrorPage>;

export const ErrorCounts = z.object({
  open: z.number(),
  inDoubt: z.number(),
  byConnector: z.record(z.string(), z.number()),
  /** Open errors per connector and source (a task id or a job kind). */
  bySource: z.array(z.object({ connectorId: z.string(), source: z.string(), open: z.number() })),
});
export type ErrorCounts = z.infer<typeof ErrorCounts>;

export const ErrorFacets = z.array(
  z.object({
    connectorId: z.string(),
    name: z.string(),
    sources: z.array(z.object({ id: z.string(), name: z.string(), kind: z.enum(['task', 'job']) })),
  }),
);
export type ErrorFacets = z.infer<typeof ErrorFacets>;

export const BulkResult = z.object({
  matched: z.number(),
  done: z.number(),
  skipped: z.number(),
  message: z.string(),
});
export type BulkResult = z.infer<typeof BulkResult>;

export const JobPayloadView = z.object({
  groupId: z.number(),
  jobId: z.number(),
  kind: z.string(),
  /** The kind's title in staff's words ("Raise the Enquiry in Confirm"); the kind itself is an internal id. */
  title: z.string(),
  status: z.string(),
  /** The payload with secret fields replaced by SECRET_MASK; saving the mask keeps the stored value. */
  payload: z.unknown(),
  /** The kind's payload schema as JSON Schema, for the editor's help. */
  schema: z.unknown(),
  secretFields: z.array(z.string()),
});
export type JobPayloadView = z.infer<typeof JobPayloadView>;

export const SECRET_MASK = '•••• (kept secret)';
