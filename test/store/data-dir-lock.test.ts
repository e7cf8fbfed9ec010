import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
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
    writeFileSync(join(dir, 'syncdesk.lock'), gone);
    const h = await startTestCore({ dataDir: dir });
    await h.close();
  });
});
