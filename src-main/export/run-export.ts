import { join } from 'node:path';
import type { ExportResult } from '../../src-preload/contract';
import type { ShellHooks } from '../core/core-handle';

/** Where exports go: the shell's save dialog and download links, else the data folder's exports/. */
export interface ExportHost {
  hooks: ShellHooks;
  exportsDir: string;
}

/**
 * Where a user-facing export goes: Electron asks with a save dialog (cancel writes nothing); headless mode writes into
 * the data folder's exports/ and hands the browser a token-guarded download URL.
 */
export async function runExport(s: ExportHost, fileName: string, write: (path: string) => Promise<number>): Promise<ExportResult> {
  let path: string;
  if (s.hooks.chooseExportPath) {
    const chosen = await s.hooks.chooseExportPath(fileName);
    if (!chosen) return { path: null, rows: 0, downloadUrl: null, cancelled: true };
    path = chosen;
  } else path = join(s.exportsDir, fileName);
  const rows = await write(path);
  return { path, rows, downloadUrl: s.hooks.downloadUrlFor ? s.hooks.downloadUrlFor(fileName) : null, cancelled: false };
}

/** `prefix-2026-11-25_01-02-03.ext`: sortable, and safe on every file system. */
export function exportFileName(prefix: string, ext: string, at: Date = new Date()): string {
  return `${prefix}-${at.toISOString().replace(/[:.]/g, '-').replace('T', '_').slice(0, 19)}.${ext}`;
}
