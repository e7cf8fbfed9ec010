// CPU time of the bench's other processes (engines, simulators, the PostgreSQL server), read from Linux's /proc: on a
// machine of two shared cores, where the time goes says whether the engines or the machine set the pace. Elsewhere
// the figures are null.
import { existsSync, readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's times (USER_HZ: 100 on every Linux the project runs on). */
const TICKS = 100;

interface Stat {
  ppid: number;
  /** utime + stime of the process itself. */
  own: number;
  /** cutime + cstime: its children that ended and were waited for. */
  reaped: number;
}

function statOf(pid: number): Stat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: the fields after the last ')' are plain numbers.
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // Fields 4 (ppid) and 14-17 (utime, stime, cutime, cstime), counted from 3 here.
    return { ppid: Number(f[1]), own: Number(f[11]) + Number(f[12]), reaped: Number(f[13]) + Number(f[14]) };
  } catch {
    return null;
  }
}

/** CPU seconds a process has used so far (its ended, waited-for children included); null once it is gone. */
export function cpuSecondsOf(pid: number): number | null {
  const s = statOf(pid);
  return s ? (s.own + s.reaped) / TICKS : null;
}

/**
 * CPU seconds of a PostgreSQL server so far: the postmaster (with its ended backends) and every live child (backends,
 * the checkpointer, the WAL writer...). `dataDir` is the cluster's data folder; null where it is not readable.
 */
export function postgresCpuSeconds(dataDir: string): number | null {
  const pidFile = `${dataDir}/postmaster.pid`;
  if (!existsSync(pidFile) || !existsSync('/proc/self/stat')) return null;
  const postmaster = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  const root = statOf(postmaster);
  if (!root) return null;
  let ticks = root.own + root.reaped;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = statOf(Number(name));
    if (s && s.ppid === postmaster) ticks += s.own;
  }
  return ticks / TICKS;
}
