// WAL checkpoints on a thread of their own. SQLite's automatic checkpoint runs inside the commit that fills the WAL
// past 1,000 pages: it copies those pages into the database file and fsyncs it, 50-350 ms on a busy disk, on the
// main thread, and every contract call waits behind it. The writer's connection never checkpoints; a second
// connection in a worker does, PASSIVE (it takes no lock a writer or reader waits for), a few times a second.
// Commits stay as durable as before: each still fsyncs the WAL (synchronous = FULL); a checkpoint only moves
// committed pages into the main file, and a crash midway is recovered from the WAL at the next open.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const EVERY_MS = 200;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
let stopped = false;
const tick = () => {
  if (stopped) return;
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // A checkpoint that could not run (the file busy, the disk full) is tried again at the next tick.
  }
  setTimeout(tick, workerData.everyMs);
};
setTimeout(tick, workerData.everyMs);
parentPort.on('message', () => {
  stopped = true;
  db.close();
  process.exit(0);
});
`;

export interface Checkpointer {
  /** Ends the worker (it closes its connection first); the writer's connection may close before or after. */
  stop(): void;
}

/**
 * Starts checkpointing `file` (a WAL database already open and migrated) off the main thread; `onGone` hears that
 * the worker ended before it was stopped (it could not load the driver or open the file), so the caller checkpoints
 * again itself. The thread keeps no process alive.
 */
export function startCheckpointer(file: string, onGone: () => void): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver, everyMs: EVERY_MS } });
  worker.unref();
  let stopped = false;
  worker.on('error', () => undefined);
  worker.on('exit', () => {
    if (!stopped) onGone();
  });
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      worker.postMessage('stop');
    },
  };
}
