import { z } from 'zod';
import { Empty, RowId, Text } from './common';
import { BulkResult, ErrorCounts, ErrorCursor, ErrorFacets, ErrorGroupDetail, ErrorPage, ErrorStatus, JobPayloadView, ReasonKind } from './errors-models';

const ConnectorId = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'connector id: lower-case letters, digits, dashes');
const SourceId = z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/, 'a task id or job kind: lower-case letters, digits, dashes');
const Millis = z.number().int().min(0).max(8_640_000_000_000_000);

/** At most this many errors are retried or resolved by one bulk action. */
export const BULK_LIMIT = 5_000;

/** The Errors workspace's filter: what Retry all and Resolve all act on. */
export const ErrorFilter = z
  .object({
    status: ErrorStatus.default('open'),
    connectorId: ConnectorId.optional(),
    source: SourceId.optional(),
    reasonKind: ReasonKind.optional(),
    from: Millis.optional(),
    to: Millis.optional(),
  })
  .strict();
export type ErrorFilter = z.infer<typeof ErrorFilter>;

const Note = Text(500).optional();
const Ids = z.array(RowId).min(1, 'choose at least one error').max(BULK_LIMIT, `at most ${BULK_LIMIT} errors at once`);

export const errorsChannels = {
  'errors:counts': { input: Empty, output: ErrorCounts },
  'errors:facets': { input: Empty, output: ErrorFacets },
  'errors:page': {
    input: ErrorFilter.extend({ cursor: ErrorCursor.nullable().default(null), limit: z.number().int().min(1).max(500).default(100) }).strict(),
    output: ErrorPage,
  },
  'errors:group': { input: z.object({ id: RowId }).strict(), output: ErrorGroupDetail },
  'errors:retry': { input: z.object({ ids: Ids }).strict(), output: BulkResult },
  'errors:resolve': { input: z.object({ ids: Ids, note: Note }).strict(), output: BulkResult },
  // Every open error the filter matches, up to BULK_LIMIT.
  'errors:retry-all': { input: z.object({ filter: ErrorFilter }).strict(), output: BulkResult },
  'errors:resolve-all': { input: z.object({ filter: ErrorFilter, note: Note }).strict(), output: BulkResult },
  // Edit and retry: the latest failed job's payload (secrets masked), then the corrected payload, checked against the
  // job kind's schema; the original stays in the error's history.
  'errors:job-payload': { input: z.object({ groupId: RowId }).strict(), output: JobPayloadView },
  'errors:edit-retry': {
    input: z.object({ groupId: RowId, jobId: RowId, payload: z.unknown().refine((v) => v !== undefined, 'the corrected payload') }).strict(),
    output: z.object({ retried: z.boolean(), message: z.string() }),
  },
} as const;
