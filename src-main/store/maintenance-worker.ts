// The thread retention's batches run on: a connection of its own to the same database file, so a batch's statements
// and its commit (the fsync) never hold the main thread. The host keeps the one writer's turn while a batch runs here
// (maintenance-off-thread.ts), so this connection never meets another writer; readers on the main connection go on.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { applyPragmas } from './connection-pragmas';
import { createMaintenanceRepo } from './maintenance-statements';
import { OFF_THREAD_STEPS, type OffThreadCall, type OffThreadAnswer } from './maintenance-off-thread-protocol';

const { file, checkpointEveryMs } = workerData as { file: string; checkpointEveryMs: number | null };
const db = new Database(file, { fileMustExist: true });
applyPragmas(db);
const repo = createMaintenanceRepo(db);
const steps = new Set<string>(OFF_THREAD_STEPS);

// With checkpointEveryMs, this thread also keeps the WAL copied into the database file while the host's connection
// does not checkpoint (a long run of deletes fills it again and again): PASSIVE (it takes no lock a writer or a reader
// waits for), after a step has answered (the host's turn is over by then), at most once in that many ms.
let lastCheckpointAt = 0;
if (checkpointEveryMs !== null) db.pragma('wal_autocheckpoint = 0');
function checkpointSoon(): void {
  if (checkpointEveryMs === null || performance.now() - lastCheckpointAt < checkpointEveryMs) return;
  setImmediate(() => {
    lastCheckpointAt = performance.now();
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // A checkpoint that could not run now runs after a later step; the closing one copies what is left.
    }
  });
}

parentPort!.on('message', (call: OffThreadCall) => {
  let answer: OffThreadAnswer;
  if (call.method === 'close') {
    // What is left of the WAL goes into the file before the host's connection checkpoints again on its own.
    if (checkpointEveryMs !== null) {
      try {
        for (let i = 0; i < 20; i++) {
          const [r] = db.pragma('wal_checkpoint(PASSIVE)') as { log: number; checkpointed: number }[];
          if (!r || r.log === r.checkpointed) break;
        }
      } catch {
        // The host's connection copies it then.
      }
    }
    db.close();
    parentPort!.postMessage({ id: call.id, ok: true, value: null } satisfies OffThreadAnswer);
    parentPort!.close();
    return;
  }
  try {
    if (!steps.has(call.method)) throw new Error(`not a retention step: ${call.method}`);
    const fn = repo[call.method as keyof typeof repo] as (...args: unknown[]) => unknown;
    answer = { id: call.id, ok: true, value: fn(...call.args) };
  } catch (err) {
    const e = err as { message?: string; code?: unknown };
    answer = { id: call.id, ok: false, error: { message: String(e?.message ?? err), code: typeof e?.code === 'string' ? e.code : null } };
  }
  parentPort!.postMessage(answer);
  checkpointSoon();
});
