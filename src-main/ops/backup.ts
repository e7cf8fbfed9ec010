import { chmodSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BackupFile, BackupSettings } from '../../src-preload/contract';
import type { Repositories } from '../store/repositories';
import { checkDatabaseCopy } from './database-copy';

const SETTINGS_KEY = 'backup';
export const BACKUP_DEFAULTS: BackupSettings = { enabled: true, intervalHours: 24, keep: 7, folder: null };
// syncdesk-2026-12-01_15-30-00-123.db (milliseconds, then -2, -3 for copies taken within the same one).
const BACKUP_NAME = /^syncdesk-\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2}-\d{3}(-\d+)?\.db$/;

export interface BackupDeps {
  repos: Repositories;
  root: string;
  now: () => number;
}

function stamp(at: number): string {
  return new Date(at).toISOString().replace(/[:.]/g, '-').replace('T', '_').slice(0, 23);
}

export function createBackups(deps: BackupDeps) {
  let running: Promise<BackupFile> | null = null;

  async function settings(): Promise<BackupSettings> {
    return { ...BACKUP_DEFAULTS, ...(await deps.repos.settings.get<Partial<BackupSettings>>(SETTINGS_KEY, {})) };
  }
  const folderOf = (s: BackupSettings) => s.folder ?? join(deps.root, 'backups');

  function list(folder: string): BackupFile[] {
    let names: string[];
    try {
      names = readdirSync(folder).filter((n) => BACKUP_NAME.test(n));
    } catch {
      return [];
    }
    const order = (n: string) => [n.slice(9, 32), Number(/-(\d+)\.db$/.exec(n.slice(32))?.[1] ?? 1)] as const;
    return names
      .sort((a, b) => {
        const [ta, na] = order(a);
        const [tb, nb] = order(b);
        return ta === tb ? nb - na : ta < tb ? 1 : -1;
      })
      .map((name) => {
        const st = statSync(join(folder, name));
        return { name, path: join(folder, name), bytes: st.size, createdAt: Math.floor(st.mtimeMs) };
      });
  }

  async function take(): Promise<BackupFile> {
    const s = await settings();
    const folder = folderOf(s);
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const at = deps.now();
    let name = `syncdesk-${stamp(at)}.db`;
    for (let n = 2; list(folder).some((b) => b.name === name); n++) name = `syncdesk-${stamp(at)}-${n}.db`;
    const path = join(folder, name);
    const partial = `${path}.partial`;
    try {
      await deps.repos.maintenance.backupTo(partial);
      if (process.platform !== 'win32') chmodSync(partial, 0o600);
      // A copy that would not restore is not a backup: checked before it takes a place among the kept ones.
      checkDatabaseCopy(partial);
      renameSync(partial, path);
    } finally {
      rmSync(partial, { force: true });
      rmSync(`${partial}-journal`, { force: true });
    }
    for (const old of list(folder).slice(s.keep)) rmSync(old.path, { force: true });
    await deps.repos.settings.set('backup.lastAt', at);
    const st = statSync(path);
    return { name, path, bytes: st.size, createdAt: Math.floor(st.mtimeMs) };
  }

  return {
    settings,
    async save(next: Partial<BackupSettings>): Promise<BackupSettings> {
      const merged = { ...(await settings()), ...next };
      await deps.repos.settings.set(SETTINGS_KEY, merged);
      return merged;
    },
    folder: async () => folderOf(await settings()),
    list: async () => list(folderOf(await settings())),
    lastAt: () => deps.repos.settings.get<number | null>('backup.lastAt', null),
    /** One backup at a time: a second caller gets the one being written. */
    run(): Promise<BackupFile> {
      running ??= take().finally(() => {
        running = null;
      });
      return running;
    },
    /** Whether the schedule says a backup is due now. */
    async due(): Promise<boolean> {
      const s = await settings();
      if (!s.enabled) return false;
      const last = await deps.repos.settings.get<number | null>('backup.lastAt', null);
      return last === null || deps.now() - last >= s.intervalHours * 3_600_000;
    },
  };
}

export type Backups = ReturnType<typeof createBackups>;
