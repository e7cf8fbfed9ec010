// Exports written into the exports folder (headless mode, a team server's shared folder) never share a file: two in
// the same second get two names, and each download link names its own.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportFileName, reserveExportFile, runExport } from '../../src-main/export/run-export';
import type { ShellHooks } from '../../src-main/core/core-handle';
import { tempDir } from '../support/harness';

describe('exports into a folder', () => {
  it('gives two exports made in the same second two files, each link naming its own, and neither overwrites the other', async () => {
    const dir = join(tempDir(), 'exports');
    const hooks = { downloadUrlFor: (name: string) => `/downloads/${name}` } as ShellHooks;
    const at = new Date('2026-12-02T10:00:00.400Z');
    const name = exportFileName('integration-log', 'csv', at);
    const write = (rows: string) => async (path: string) => {
      writeFileSync(path, rows);
      return rows.split('\n').length;
    };
    const [a, b, c] = await Promise.all([runExport({ hooks, exportsDir: dir }, name, write('a\n1')), runExport({ hooks, exportsDir: dir }, name, write('b\n2')), runExport({ hooks, exportsDir: dir }, name, write('c\n3'))]);
    expect(new Set([a!.path, b!.path, c!.path]).size).toBe(3);
    expect(readdirSync(dir).sort()).toEqual(['integration-log-2026-12-02_10-00-00-2.csv', 'integration-log-2026-12-02_10-00-00-3.csv', 'integration-log-2026-12-02_10-00-00.csv']);
    for (const r of [a!, b!, c!]) expect(r.downloadUrl).toBe(`/downloads/${r.path!.split('/').at(-1)}`);
    expect([a!, b!, c!].map((r) => readFileSync(r.path!, 'utf8')).sort()).toEqual(['a\n1', 'b\n2', 'c\n3']);
  });

  it('creates the folder when it is missing, and refuses in words when every name is taken', async () => {
    const dir = join(tempDir(), 'not-yet', 'exports');
    expect((await reserveExportFile(dir, 'x.csv')).name).toBe('x.csv');
    for (let n = 2; n <= 1_000; n++) writeFileSync(join(dir, `x-${n}.csv`), '');
    await expect(reserveExportFile(dir, 'x.csv')).rejects.toThrow(/already holds 1,000 files named like x\.csv; remove old exports/);
  });
});
