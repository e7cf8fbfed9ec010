import { z } from 'zod';
import { RowId } from './common';

/** A change as the run's page and the record's page list it. */
export const RecordChangeView = z.object({
  id: z.number(),
  connectorId: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  /** The run that made it (null for a push, such as a CRM Agent update). */
  runId: z.number().nullable(),
  /** The task id, job kind or route that made it. */
  source: z.string(),
  field: z.string(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  at: z.number(),
  /** A staff edit, still waiting to be pushed to the system of record, that this change overwrote (the ERP's "lost"). */
  lostEditId: z.number().nullable(),
});
export type RecordChangeView = z.infer<typeof RecordChangeView>;

export const RecordChangePage = z.object({ changes: z.array(RecordChangeView), nextCursor: z.number().nullable() });
export type RecordChangePage = z.infer<typeof RecordChangePage>;

const EntityKey = z.object({ entityType: z.string().min(1).max(40), entityId: z.string().min(1).max(200) }).strict();
const Limit = z.number().int().min(1).max(500).default(100);

export const changesChannels = {
  /** The run's field changes, in the order it made them. */
  'changes:of-run': { input: z.object({ runId: RowId, cursor: z.number().int().min(0).optional(), limit: Limit }).strict(), output: RecordChangePage },
  /** A record's field changes, newest first (a customer with its addresses: several records at once). */
  'changes:of-records': { input: z.object({ records: z.array(EntityKey).min(1).max(50), cursor: z.number().int().min(0).optional(), limit: Limit }).strict(), output: RecordChangePage },
} as const;
