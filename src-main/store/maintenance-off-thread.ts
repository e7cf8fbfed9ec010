// Retention's batches on a thread of their own (maintenance-worker.ts). Each call takes the one writer's turn on the
// main connection, as an in-thread batch would, but the statements and the commit run on the thread: the main thread
// only waits for the answer, so contract calls that read (a log page, a search) are answered meanwhile, and writes
// wait their turn without the event loop being held.
import type { Worker } from 'node:worker_threads';
import startMaintenanceWorker from './maintenance-worker?nodeWorker';
import type { createMaintenanceRepo } from './maintenance-statements';
import { OFF_THREAD_STEPS, type OffThreadAnswer, type OffThreadCall, type OffThreadStep } from './maintenance-off-thread-protocol';
import type { SerialWriter } from './serial-writer';
import { toStoreError } from './store-errors';

type InThread = ReturnType<typeof createMaintenanceRepo>;

/** The retention steps, answered as promises wherever they run. */
export type CleanupSteps = { [K in OffThreadStep]: (...args: Parameters<InThread[K]>) => Promise<ReturnType<InThread[K]>> };

export interface OffThreadCleanup {
  steps: CleanupSteps;
  /** Ends the thread once its last batch has answered. */
  end(): Promise<void>;
}

/** A SQLite error as the thread saw it, with its code, so the store's own errors come out of it as from a local call. */
function errorOf(e: { message: string; code: string | null }): Error {
  const err = new Error(e.message) as Error & { code?: string };
  if (e.code) err.code = e.code;
  return err;
}

/** Starts the thread on `file`; null where no thread can run (the caller keeps its batches in-thread). */
export function startOffThreadCleanup(file: string, writer: SerialWriter): OffThreadCleanup | null {
  let worker: Worker;
  try {
    worker = startMaintenanceWorker({ workerData: { file } });
  } catch {
    return null;
  }
  worker.unref();
  let nextId = 1;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  let stopped: Error | null = null;
  const failAll = (why: Error) => {
    stopped = why;
    for (const w of waiting.values()) w.reject(why);
    waiting.clear();
  };
  worker.on('message', (a: OffThreadAnswer) => {
    const w = waiting.get(a.id);
    if (!w) return;
    waiting.delete(a.id);
    if (a.ok) w.resolve(a.value);
    else w.reject(toStoreError(errorOf(a.error)));
  });
  worker.on('error', (err) => failAll(new Error(`the maintenance thread failed: ${err.message}`)));
  worker.on('exit', (code) => failAll(new Error(`the maintenance thread stopped (exit code ${code})`)));

  const call = (method: OffThreadCall['method'], args: unknown[]): Promise<unknown> =>
    new Promise((resolve, reject) => {
      if (stopped) return reject(stopped);
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      worker.postMessage({ id, method, args } satisfies OffThreadCall);
    });

  const steps = Object.fromEntries(OFF_THREAD_STEPS.map((name) => [name, (...args: unknown[]) => writer.exclusive(() => call(name, args))])) as CleanupSteps;
  let ended: Promise<void> | null = null;
  return {
    steps,
    end: () =>
      (ended ??= (async () => {
        if (stopped) return;
        const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
        await call('close', []).catch(() => undefined);
        await exited;
      })()),
  };
}
