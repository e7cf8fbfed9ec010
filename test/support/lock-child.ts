// Child process of the data-folder lock test: one SyncDesk start, reduced to the lock. It prints READY once loaded and
// waits for "go" on stdin, so that many children call lockDataDir at the same instant; then WON <pid> or LOST <message>.
// With "abandon" a winner lets go of the lock but leaves a lock file naming itself and stays alive: a live process whose
// pid the lock names but that holds nothing, as when a crashed SyncDesk's pid is reused by another program.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { DataDirInUseError, lockDataDir } from '../../src-main/config/data-dir-lock';

const [dir, mode] = process.argv.slice(2) as [string, string | undefined];
const lines = createInterface({ input: process.stdin });
console.log('READY');
lines.once('line', () => {
  try {
    const lock = lockDataDir(dir);
    if (mode === 'abandon') {
      lock.release();
      writeFileSync(join(dir, 'syncdesk.lock'), String(process.pid));
    }
    console.log(`WON ${process.pid}`);
  } catch (err) {
    const line = err instanceof DataDirInUseError ? `LOST ${(err as Error).message}` : `ERROR ${(err as Error).stack}`;
    // Exit once the line is out: a pipe's write may still be pending when process.exit runs.
    process.stdout.write(`${line}\n`, () => process.exit(0));
    return;
  }
  // A winner holds the lock until the parent kills it.
  setInterval(() => undefined, 60_000);
});
