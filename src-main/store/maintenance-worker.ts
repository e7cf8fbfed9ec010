// The thread retention's batches run on: a connection of its own to the same database file, so a batch's statements
// and its commit (the fsync) never hold the main thread. The host keeps the one writer's turn while a batch runs here
// (maintenance-off-thread.ts), so this connection never meets another writer; readers on the main connection go on.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { applyPragmas } from './connection-pragmas';
import { createMaintenanceRepo } from './maintenance-statements';
import { OFF_THREAD_STEPS, type OffThreadCall, type OffThreadAnswer } from './maintenance-off-thread-protocol';

const db = new Database((workerData as { file: string }).file, { fileMustExist: true });
applyPragmas(db);
const repo = createMaintenanceRepo(db);
const steps = new Set<string>(OFF_THREAD_STEPS);

parentPort!.on('message', (call: OffThreadCall) => {
  let answer: OffThreadAnswer;
  if (call.method === 'close') {
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
});
