// WAL checkpoints on a thread of their own while a long write job (retention cleanup) runs. SQLite's automatic
// checkpoint runs inside the commit that fills the WAL past 1,000 pages: it copies them into the database file and
// fsyncs it, tens to hundreds of milliseconds on a busy disk, on the main thread, with every contract call waiting
// behind it. Meanwhile the main connection does not checkpoint; a second connection in a worker does, PASSIVE (it
// takes no lock that a writer or a reader waits for). Commits stay as durable as before (each still fsyncs the WAL);
// a checkpoint only moves committed pages into the main file.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const EVERY_MS = 100;

// Plain JavaScript run with eval: no second bundle entry for a dozen lines.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 0');
let timer = null;
const passive = () => {
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)');
    return r.log === r.checkpointed;
  } catch {
    return false;
  }
};
const tick = () => {
  passive();
  timer = setTimeout(tick, workerData.everyMs);
};
timer = setTimeout(tick, workerData.everyMs);
parentPort.on('message', (m) => {
  clearTimeout(timer);
  // The last pass copies what is left, so the main connection's closing checkpoint has nothing to copy.
  let done = false;
  for (let i = 0; i < 20 && !done; i++) done = passive();
  db.close();
  parentPort.postMessage({ done });
});
`;

export interface WalCheckpointer {
  /** Checkpoints what is left, ends the worker; answers whether the WAL was copied whole (false: the caller should). */
  stop(): Promise<boolean>;
}

/** Starts checkpointing `file` (a WAL database) off the main thread; null where no worker can run. */
export function startWalCheckpointer(file: string): WalCheckpointer | null {
  let worker: Worker;
  try {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver, everyMs: EVERY_MS } });
  } catch {
    return null;
  }
  worker.unref();
  const ended = new Promise<boolean>((resolve) => {
    worker.once('message', (m: { done: boolean }) => resolve(m.done));
    worker.once('error', () => resolve(false));
    worker.once('exit', () => resolve(false));
  });
  return {
    async stop() {
      worker.postMessage('stop');
      const done = await ended;
      await worker.terminate();
      return done;
    },
  };
}
