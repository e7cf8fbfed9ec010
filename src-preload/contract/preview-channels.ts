import { z } from 'zod';
import { RowId } from './common';
import { RunCounts, RunItem, RunStatus } from './models';

const ConnectorId = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'a connector id');
const TaskId = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'a task id');

/** What a task would do now: read from the remote as a run would, applied to a copy of the store that is then thrown away. */
export const PreviewResult = z.object({
  previewId: z.number(),
  connectorId: z.string(),
  taskId: z.string(),
  taskName: z.string(),
  status: RunStatus,
  message: z.string().nullable(),
  counts: RunCounts,
  /** The first records it would touch, in order (itemsTotal says how many in all). */
  items: z.array(RunItem),
  itemsTotal: z.number(),
  /** Jobs the run would queue (welcome emails, pushes to another system), by kind. */
  jobs: z.array(z.object({ kind: z.string(), count: z.number() })),
  previewedAt: z.number(),
  durationMs: z.number(),
});
export type PreviewResult = z.infer<typeof PreviewResult>;

/** A real run set against the preview it was started from: whether the remote changed in between. */
export const PreviewComparison = z.object({
  runId: z.number(),
  finished: z.boolean(),
  same: z.boolean(),
  /** Records the run treated otherwise than the preview said (created instead of unchanged, new, missing). */
  differences: z.number(),
  examples: z.array(z.string()),
  summary: z.string(),
});
export type PreviewComparison = z.infer<typeof PreviewComparison>;

export const previewChannels = {
  'sync:preview': { input: z.object({ connectorId: ConnectorId, taskId: TaskId }).strict(), output: PreviewResult },
  'sync:compare-preview': { input: z.object({ previewId: RowId, runId: RowId }).strict(), output: PreviewComparison },
} as const;
