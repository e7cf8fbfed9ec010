import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { startTestCore, tempDir } from '../support/harness';
import { DataDirInUseError } from '../../src-main/config/data-dir-lock';

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
