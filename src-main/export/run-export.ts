import { join } from 'node:path';
import type { ExportResult } from '../../src-preload/contract';
import type { ShellHooks } from '../core/core-handle';
import { AppErrorException } from '../errors/app-error';

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
  exportedBy(s.hooks).add(path);
  return { path, rows, downloadUrl: s.hooks.downloadUrlFor ? s.hooks.downloadUrlFor(fileName) : null, cancelled: false };
}

// The files each shell's exports wrote: "Show in folder" opens only these, never a path the renderer made up.
const exported = new WeakMap<ShellHooks, Set<string>>();
function exportedBy(hooks: ShellHooks): Set<string> {
  let paths = exported.get(hooks);
  if (!paths) exported.set(hooks, (paths = new Set()));
  return paths;
}

/** Opens the file manager at a file an export wrote; false where the shell has no file manager (headless). */
export function showExportInFolder(hooks: ShellHooks, path: string): boolean {
  if (!hooks.showInFolder) return false;
  if (!exportedBy(hooks).has(path)) throw new AppErrorException('not_found', 'That file was not written by an export of this session.');
  hooks.showInFolder(path);
  return true;
}

/** `prefix-2026-11-25_01-02-03.ext`: sortable, and safe on every file system. */
export function exportFileName(prefix: string, ext: string, at: Date = new Date()): string {
  return `${prefix}-${at.toISOString().replace(/[:.]/g, '-').replace('T', '_').slice(0, 19)}.${ext}`;
}
