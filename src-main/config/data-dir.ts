import { homedir } from 'node:os';
import { join } from 'node:path';
import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';

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
  /** Where downloads/, exports/ and attachments/ are: the data folder, or a team server's --files-dir. */
  files: string;
  database: string;
  downloads: string;
  exports: string;
  logs: string;
  attachments: string;
}

// The data folder is its user's alone, as ~/.ssh and a browser profile are: customer data, raw payloads, logs.
export const DATA_DIR_MODE = 0o700;
export const DATA_FILE_MODE = 0o600;

/** Our files at the folder's top (database, WAL, SHM, journal, lock files); the rest of the top belongs to Electron. */
const OWN_TOP_FILE = /^syncdesk\./;

// POSIX modes; on Windows the folder inherits the user profile's ACL and chmod only toggles read-only.
const posix = () => process.platform !== 'win32';

/** chmod to `mode` unless it already is: a mode set explicitly, so the umask has no say. */
function tighten(path: string, mode: number): void {
  try {
    if ((lstatSync(path).mode & 0o777) !== mode) chmodSync(path, mode);
  } catch (err) {
    // Gone meanwhile, or another user's (a start under sudo): not a reason to refuse to start.
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'EPERM') throw err;
  }
}

/** Folders 0700 and files 0600 below `dir`; symbolic links are left alone (and not followed out of the folder). */
function tightenTree(dir: string): void {
  tighten(dir, DATA_DIR_MODE);
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) tightenTree(path);
    else if (e.isFile()) tighten(path, DATA_FILE_MODE);
  }
}

/**
 * Creates the data folder and its sub-folders, owner-only, and tightens what an earlier version left 0755 / 0644.
 * Files that are written later are made 0600 by their writers where SyncDesk creates them (the database and its WAL
 * and SHM, the lock files); anything else is tightened here at the next start, and is unreadable to others meanwhile
 * because the folder is 0700.
 */
export function ensureDataPaths(root: string, filesDir: string = root): DataPaths {
  // Files others may need to read (raw downloads, exports, attachments) may sit in a folder every engine of a team
  // server shares; the database, the lock and the diagnostic log stay in the data folder.
  const paths: DataPaths = {
    root,
    files: filesDir,
    database: join(root, 'syncdesk.db'),
    downloads: join(filesDir, 'downloads'),
    exports: join(filesDir, 'exports'),
    logs: join(root, 'logs'),
    attachments: join(filesDir, 'attachments'),
  };
  const folders = [paths.downloads, paths.exports, paths.logs, paths.attachments];
  // A shared files folder is the administrator's (its mode too, e.g. a group's): only our sub-folders are made ours.
  for (const dir of [paths.root, ...folders]) mkdirSync(dir, { recursive: true, mode: DATA_DIR_MODE });
  if (posix()) {
    tighten(paths.root, DATA_DIR_MODE);
    for (const e of readdirSync(paths.root, { withFileTypes: true })) if (e.isFile() && OWN_TOP_FILE.test(e.name)) tighten(join(paths.root, e.name), DATA_FILE_MODE);
    for (const dir of folders) tightenTree(dir);
  }
  return paths;
}
