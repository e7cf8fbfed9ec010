import { mkdir, open } from 'node:fs/promises';
import { join, extname } from 'node:path';
import type { ExportResult } from '../../src-preload/contract';
import type { ShellHooks } from '../core/core-handle';
import { AppErrorException } from '../errors/app-error';
import { grouped } from '../engine/count-words';

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
  let name = fileName;
  if (s.hooks.chooseExportPath) {
    const chosen = await s.hooks.chooseExportPath(fileName);
    if (!chosen) return { path: null, rows: 0, downloadUrl: null, cancelled: true };
    path = chosen;
  } else ({ path, name } = await reserveExportFile(s.exportsDir, fileName));
  const rows = await write(path);
  exportedBy(s.hooks).add(path);
  return { path, rows, downloadUrl: s.hooks.downloadUrlFor ? s.hooks.downloadUrlFor(name) : null, cancelled: false };
}

/** Names tried before an export gives up on a free name (two exports in one second are many; a thousand is a fault). */
const MAX_NAME_TRIES = 1_000;

/**
 * Creates the export's file under a name no other export holds: the name itself, else `name-2.ext`, `name-3.ext`...
 * Two exports in the same second (two staff, or engines sharing the exports folder) never write one file, so no one
 * downloads another's rows. The file is created exclusively (O_EXCL), which holds across processes.
 */
export async function reserveExportFile(dir: string, fileName: string): Promise<{ path: string; name: string }> {
  const ext = extname(fileName);
  const stem = fileName.slice(0, fileName.length - ext.length);
  await mkdir(dir, { recursive: true });
  for (let n = 1; n <= MAX_NAME_TRIES; n++) {
    const name = n === 1 ? fileName : `${stem}-${n}${ext}`;
    const path = join(dir, name);
    try {
      await (await open(path, 'wx')).close();
      return { path, name };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  throw new AppErrorException('conflict', `The exports folder already holds ${grouped(MAX_NAME_TRIES)} files named like ${fileName}; remove old exports and try again.`);
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
