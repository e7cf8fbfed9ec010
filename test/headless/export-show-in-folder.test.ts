import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ShellHooks } from '../../src-main/core/core-handle';
import { runExport, showExportInFolder } from '../../src-main/export/run-export';
import { tempDir } from '../support/harness';

describe('"Show in folder" after an export', () => {
  it('opens the file manager at a file an export wrote, and at nothing else', async () => {
    const dir = tempDir('syncdesk-show-');
    const shown: string[] = [];
    const hooks: ShellHooks = { chooseExportPath: async (name) => join(dir, name), showInFolder: (path) => void shown.push(path) };
    const result = await runExport({ hooks, exportsDir: dir }, 'log.csv', async (path) => {
      const { writeFileSync } = await import('node:fs');
      writeFileSync(path, 'a\n1\n');
      return 1;
    });
    expect(readFileSync(result.path!, 'utf8')).toBe('a\n1\n');
    expect(showExportInFolder(hooks, result.path!)).toBe(true);
    expect(shown).toEqual([result.path]);
    expect(() => showExportInFolder(hooks, '/etc/passwd')).toThrow(/not written by an export/);
    expect(shown).toEqual([result.path]);
  });

  it('answers false in headless mode, where the browser has the file', async () => {
    const dir = tempDir('syncdesk-show-');
    const hooks: ShellHooks = { downloadUrlFor: (name) => `/downloads/${name}` };
    const result = await runExport({ hooks, exportsDir: dir }, 'log.csv', async () => 0);
    expect(result.downloadUrl).toBe('/downloads/log.csv');
    expect(showExportInFolder(hooks, result.path!)).toBe(false);
  });
});
