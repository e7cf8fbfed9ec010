// One SyncDesk per data folder, whichever shell: a second one would mark the first one's runs interrupted and race it
// for the queue.
//
// The lock is one the operating system holds for us: an exclusive SQLite lock (fcntl on POSIX, LockFileEx on Windows)
// on syncdesk.lock.db, kept for the life of the process. Taking it is atomic, and the kernel drops it when the holder
// dies in any way (crash, kill -9, power off), so there is no staleness to judge and no file is ever deleted to take a
// lock over: exactly one of many simultaneous starts gets it, and a pid reused by another program holds nothing.
// (proper-lockfile's takeover of a stale lock is stat, rmdir, mkdir: two starters that both judge it stale can both
// win, and the second removes the first one's fresh lock, the very race this replaces. Its mtime heartbeat also hands
// the lock away when the holder's event loop is blocked for longer than the stale time.)
//
// syncdesk.lock still holds the holder's pid, for the message a refused start shows and for a SyncDesk from before
// this lock, which knows only that file. Only the holder of the OS lock writes or removes it.
import { chmodSync, closeSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { isLockHeld as isBusy } from '../store/store-errors';

export class DataDirInUseError extends Error {}

const PID_FILE = 'syncdesk.lock';
const LOCK_DB = 'syncdesk.lock.db';
/** How long a start waits for the OS lock: long enough for many simultaneous starts to settle on one winner. */
const WAIT_MS = 1500;

/** Lock files this process holds (a second core in the same process is refused too), and their open lock databases. */
const held = new Map<string, Database.Database>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readPid(file: string): { pid: number | null; writtenAt: number } | null {
  try {
    const text = readFileSync(file, 'utf8').trim();
    const n = Number(text);
    return { pid: /^\d+$/.test(text) && Number.isSafeInteger(n) && n > 0 ? n : null, writtenAt: statSync(file).mtimeMs };
  } catch {
    return null;
  }
}

/** When a process started (ms since the epoch), where the platform tells us cheaply; null when it cannot be known. */
export function processStartedAt(pid: number): number | null {
  try {
    if (process.platform === 'linux') {
      // Field 22 of /proc/<pid>/stat: start time in clock ticks after boot (USER_HZ, 100 on every Linux port).
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ticks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
      const boot = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1]);
      return Number.isFinite(ticks) && Number.isFinite(boot) ? boot * 1000 + ticks * 10 : null;
    }
    if (process.platform === 'darwin') {
      const out = spawnSync('ps', ['-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' }, timeout: 2000 });
      const at = Date.parse(out.stdout.trim());
      return Number.isFinite(at) ? at : null;
    }
  } catch {
    // Gone, or not ours to read: unknown.
  }
  return null;
}

/**
 * Whether a pid-only lock file names a SyncDesk that may still run without the OS lock: one from before it. Its process
 * must be alive and must have started before the file was written (else the pid was reused after that SyncDesk ended).
 */
function olderSyncDeskHolds(pid: number, writtenAt: number): boolean {
  if (pid === process.pid || !alive(pid)) return false;
  const started = processStartedAt(pid);
  // Boot time is read in whole seconds and drifts with clock changes: two seconds of slack keep a real holder a holder.
  return started === null || started <= writtenAt + 2000;
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * The pid of the process holding the OS lock, for the message: it writes its pid file just after taking the lock, so a
 * start refused in that instant (or on a loaded machine) waits briefly for the file to name a live process.
 */
function awaitHolderPid(file: string): number | null {
  const end = Date.now() + WAIT_MS;
  for (;;) {
    const pid = readPid(file)?.pid ?? null;
    if (pid !== null && pid !== process.pid && alive(pid)) return pid;
    if (Date.now() >= end) return null;
    sleepSync(25);
  }
}

function inUse(dir: string, pid: number | null): DataDirInUseError {
  const who = pid !== null ? `Another SyncDesk (process ${pid})` : 'Another SyncDesk';
  return new DataDirInUseError(`${who} is using the data folder ${dir}. Close it, or set SYNCDESK_DATA_DIR to another folder.`);
}

function openLockDb(file: string): Database.Database {
  // Created owner-only (umask aside), as every file of the data folder is.
  closeSync(openSync(file, 'a', 0o600));
  if (process.platform !== 'win32') chmodSync(file, 0o600);
  const db = new Database(file);
  db.pragma(`busy_timeout = ${WAIT_MS}`);
  // EXCLUSIVE: once written, the lock is kept until the connection closes, not released at commit.
  db.pragma('locking_mode = EXCLUSIVE');
  return db;
}

/** Locks the data folder for this process, or throws DataDirInUseError naming the holder. */
export function lockDataDir(dir: string): { release(): void } {
  const file = join(dir, PID_FILE);
  if (held.has(file)) throw new DataDirInUseError(`This SyncDesk already uses the data folder ${dir}.`);
  const db = openLockDb(join(dir, LOCK_DB));
  try {
    db.exec('BEGIN EXCLUSIVE');
  } catch (err) {
    db.close();
    if (!isBusy(err)) throw err;
    throw inUse(dir, awaitHolderPid(file));
  }
  try {
    db.exec('CREATE TABLE IF NOT EXISTS holder (id INTEGER PRIMARY KEY CHECK (id = 1), pid INTEGER NOT NULL, instance TEXT NOT NULL, started_at INTEGER NOT NULL)');
    const last = db.prepare('SELECT pid FROM holder WHERE id = 1').pluck().get() as number | undefined;
    const existing = readPid(file);
    // A pid file the last OS-lock holder wrote is stale now that we hold the lock, whoever has that pid today. One that
    // names someone else was written by a SyncDesk from before this lock, which never takes it: ask its process.
    if (existing?.pid != null && existing.pid !== last && olderSyncDeskHolds(existing.pid, existing.writtenAt)) throw inUse(dir, existing.pid);
    db.prepare('INSERT OR REPLACE INTO holder (id, pid, instance, started_at) VALUES (1, ?, ?, ?)').run(process.pid, randomUUID(), Date.now());
    db.exec('COMMIT');
    // Replaced in one step, so a reader (a refused start, an older SyncDesk) never sees a half-written pid.
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, String(process.pid), { mode: 0o600 });
    renameSync(tmp, file);
  } catch (err) {
    db.close();
    throw err;
  }
  held.set(file, db);
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      held.delete(file);
      // While the OS lock is still ours, so the file cannot be another holder's yet.
      if (readPid(file)?.pid === process.pid) rmSync(file, { force: true });
      db.close();
    },
  };
}
