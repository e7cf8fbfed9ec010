import type { Repositories } from './repositories';

/**
 * Group commit for writes that arrive concurrently (pushes at the listener): each caller's change runs in its own
 * savepoint, and every change queued in one turn of the event loop commits in a single transaction, so a burst pays
 * one fsync instead of one per request. A caller's promise settles only after that commit: whoever answers a remote
 * "received" does so once the change is durable. A change that throws rolls back alone; a commit that fails rejects
 * every caller of the group, and none of their changes is kept.
 */
export function createGroupCommit(repos: Pick<Repositories, 'transaction'>, options: { maxBatch?: number } = {}) {
  const maxBatch = options.maxBatch ?? 256;
  interface Pending {
    change: () => unknown;
    resolve: (v: unknown) => void;
    reject: (err: unknown) => void;
  }
  const queue: Pending[] = [];
  let scheduled = false;

  async function flush(): Promise<void> {
    scheduled = false;
    const batch = queue.splice(0, maxBatch);
    if (queue.length > 0) schedule();
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      await repos.transaction(async (tx) => {
        for (const p of batch) {
          try {
            outcomes.push({ ok: true, value: await tx.transaction(p.change) });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      for (const p of batch) p.reject(error);
      return;
    }
    batch.forEach((p, i) => {
      const o = outcomes[i]!;
      if (o.ok) p.resolve(o.value);
      else p.reject(o.error);
    });
  }

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => void flush());
  }

  return {
    /** Runs `change` in the next group's transaction (a savepoint of it); resolves once it is committed. */
    run<T>(change: () => T | Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ change, resolve: resolve as (v: unknown) => void, reject });
        schedule();
      });
    },
    /** Changes waiting for their commit. */
    get pending(): number {
      return queue.length;
    },
  };
}

export type GroupCommit = ReturnType<typeof createGroupCommit>;
