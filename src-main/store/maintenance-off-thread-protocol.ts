// What the host and the maintenance thread (maintenance-worker.ts) say to each other.

/** The maintenance steps that run on the thread: retention's short batches and its closing checkpoint, and building deferred indexes; each its own commit. */
export const OFF_THREAD_STEPS = ['deleteLogBefore', 'mergeIndexStep', 'deleteRunItemsBefore', 'deleteRunChangesBelow', 'deletePushChangesBefore', 'deleteRunsBefore', 'vacuumStep', 'checkpoint', 'buildDeferredIndexes'] as const;

export type OffThreadStep = (typeof OFF_THREAD_STEPS)[number];

export interface OffThreadCall {
  id: number;
  method: OffThreadStep | 'close';
  args: unknown[];
}

export type OffThreadAnswer = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: { message: string; code: string | null } };
