import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export class DataDirInUseError extends Error {}

/** Lock files this process holds (a second core in the same process is refused too). */
const held = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One SyncDesk per data folder, whichever shell: a second one would mark the first one's runs interrupted and race it
 * for the queue. A lock left by a process that died (crash, kill -9) is taken over.
 */
export function lockDataDir(dir: string): { release(): void } {
  const file = join(dir, 'syncdesk.lock');
  if (held.has(file)) throw new DataDirInUseError(`This SyncDesk already uses the data folder ${dir}.`);
  for (let tries = 0; tries < 2; tries++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      held.add(file);
      return {
        release() {
          held.delete(file);
          try {
            if (readFileSync(file, 'utf8').trim() === String(process.pid)) rmSync(file, { force: true });
          } catch {
            // Already gone.
          }
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && alive(holder))
        throw new DataDirInUseError(`Another SyncDesk (process ${holder}) is using the data folder ${dir}. Close it, or set SYNCDESK_DATA_DIR to another folder.`);
      rmSync(file, { force: true });
    }
  }
  throw new DataDirInUseError(`Could not lock the data folder ${dir}.`);
}
