import { homedir } from 'node:os';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';

/** SYNCDESK_DATA_DIR, else the platform's usual per-user app data folder (what Electron's app.getPath('userData') gives). */
export function resolveDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.SYNCDESK_DATA_DIR && env.SYNCDESK_DATA_DIR.trim() !== '') return env.SYNCDESK_DATA_DIR;
  const home = homedir();
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'SyncDesk');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'SyncDesk');
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'SyncDesk');
}

export interface DataPaths {
  root: string;
  database: string;
  downloads: string;
  exports: string;
  logs: string;
}

export function ensureDataPaths(root: string): DataPaths {
  const paths: DataPaths = {
    root,
    database: join(root, 'syncdesk.db'),
    downloads: join(root, 'downloads'),
    exports: join(root, 'exports'),
    logs: join(root, 'logs'),
  };
  for (const dir of [paths.root, paths.downloads, paths.exports, paths.logs]) mkdirSync(dir, { recursive: true });
  return paths;
}
