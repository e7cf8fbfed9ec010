import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { startTestCore, tempDir } from '../support/harness';
import { bundleChild } from '../support/crash-child-runner';
import { DataDirInUseError, lockDataDir } from '../../src-main/config/data-dir-lock';

describe('one SyncDesk per data folder', () => {
  it('refuses a second core on the same folder, and allows one after the first closes', async () => {
    const dir = tempDir();
    const first = await startTestCore({ dataDir: dir });
    await expect(startTestCore({ dataDir: dir })).rejects.toThrow(DataDirInUseError);
    await first.close(false);
    const second = await startTestCore({ dataDir: dir });
    await second.close();
  });

  it('takes over the lock of a process that died', async () => {
    const dir = tempDir();
    // A pid that existed and is gone: a child that has exited.
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    const lock = join(dir, 'syncdesk.lock');
    writeFileSync(lock, gone);
    const h = await startTestCore({ dataDir: dir });
    // The lock is ours now, and closing gives it back.
    expect(readFileSync(lock, 'utf8')).toBe(String(process.pid));
    await h.close(false);
    expect(existsSync(lock)).toBe(false);
  });

  it('refuses a folder whose lock a live process holds, naming that process', async () => {
    const dir = tempDir();
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      writeFileSync(join(dir, 'syncdesk.lock'), String(holder.pid));
      await expect(startTestCore({ dataDir: dir })).rejects.toThrow(`Another SyncDesk (process ${holder.pid}) is using the data folder`);
      expect(readFileSync(join(dir, 'syncdesk.lock'), 'utf8')).toBe(String(holder.pid));
    } finally {
      holder.kill('SIGKILL');
    }
  });
});

// Issue 9 item 5: the lock must be atomic across processes, and a pid that names a live process is no proof of a holder.
describe('the data-folder lock across processes', () => {
  let script: string;
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    script = await bundleChild('test/support/lock-child.ts', 'test-child-lock');
  }, 120_000);
  afterEach(() => {
    for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  });

  /** Spawns `n` starters, waits until each has loaded, then tells them all to lock at once. */
  async function startTogether(dir: string, n: number, mode?: string): Promise<{ child: ChildProcess; outcome: string }[]> {
    const starters = await Promise.all(
      Array.from({ length: n }, () => {
        const child = spawn(process.execPath, [script, dir, ...(mode ? [mode] : [])], { stdio: ['pipe', 'pipe', 'inherit'] });
        children.push(child);
        const lines = createInterface({ input: child.stdout! });
        const outcome = new Promise<string>((resolve, reject) => {
          lines.on('line', (l) => {
            if (l !== 'READY') resolve(l);
          });
          // 'close', not 'exit': the last line may still be in the pipe when the process has exited.
          child.on('close', (code) => reject(new Error(`starter exited (${code}) before answering`)));
        });
        return new Promise<{ child: ChildProcess; outcome: Promise<string> }>((resolve) => lines.once('line', () => resolve({ child, outcome })));
      }),
    );
    for (const s of starters) s.child.stdin!.write('go\n');
    return Promise.all(starters.map(async (s) => ({ child: s.child, outcome: await s.outcome })));
  }

  function killHard(child: ChildProcess): Promise<void> {
    return new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  function oneWinner(results: { child: ChildProcess; outcome: string }[]) {
    expect(results.filter((r) => r.outcome.startsWith('ERROR'))).toEqual([]);
    const winners = results.filter((r) => r.outcome.startsWith('WON'));
    expect(winners.map((w) => w.outcome)).toHaveLength(1);
    const winner = winners[0]!;
    for (const r of results) if (r !== winner) expect(r.outcome).toContain(`Another SyncDesk (process ${winner.child.pid}) is using the data folder`);
    return winner;
  }

  it('lets exactly one of 25 simultaneous starts on a stale lock win; the losers leave its lock alone; kill -9 frees it', async () => {
    const dir = tempDir();
    const lock = join(dir, 'syncdesk.lock');
    // Round 1: a lock file left by a SyncDesk that died (its pid is gone).
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    writeFileSync(lock, gone);
    const first = oneWinner(await startTogether(dir, 25));
    expect(readFileSync(lock, 'utf8')).toBe(String(first.child.pid));
    expect(() => lockDataDir(dir)).toThrow(DataDirInUseError);
    expect(() => lockDataDir(dir)).toThrow(`Another SyncDesk (process ${first.child.pid}) is using the data folder`);

    // Round 2: the winner is killed with SIGKILL, so its lock is left behind exactly as a crash leaves it.
    await killHard(first.child);
    const second = oneWinner(await startTogether(dir, 25));
    expect(second.child.pid).not.toBe(first.child.pid);
    expect(readFileSync(lock, 'utf8')).toBe(String(second.child.pid));

    // And after a kill -9 of that one, the next start takes over and closing gives the folder back.
    await killHard(second.child);
    const mine = lockDataDir(dir);
    expect(readFileSync(lock, 'utf8')).toBe(String(process.pid));
    mine.release();
    expect(existsSync(lock)).toBe(false);
  }, 120_000);

  it('takes over a lock that names a live process holding nothing (a pid reused by another program)', async () => {
    const dir = tempDir();
    const [abandoned] = await startTogether(dir, 1, 'abandon');
    expect(abandoned!.outcome).toBe(`WON ${abandoned!.child.pid}`);
    expect(readFileSync(join(dir, 'syncdesk.lock'), 'utf8')).toBe(String(abandoned!.child.pid));
    const mine = lockDataDir(dir);
    expect(readFileSync(join(dir, 'syncdesk.lock'), 'utf8')).toBe(String(process.pid));
    mine.release();
  }, 60_000);

  it.runIf(process.platform === 'linux')('takes over a pid-only lock file whose process started after the file was written', async () => {
    const dir = tempDir();
    const lock = join(dir, 'syncdesk.lock');
    const stranger = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    children.push(stranger);
    writeFileSync(lock, String(stranger.pid));
    // Written an hour before the process it names was started: that process cannot be the SyncDesk that wrote it.
    const anHourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(lock, anHourAgo, anHourAgo);
    const mine = lockDataDir(dir);
    expect(readFileSync(lock, 'utf8')).toBe(String(process.pid));
    mine.release();
  });
});
