import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTeamServerUrl } from './team-server-policy';

// The team server this computer opens, remembered in the data folder (so per machine and user, beside the database).
// A file edited into something the policy refuses is ignored, as if none were set.

export const TEAM_SERVER_FILE = 'team-server.json';

export function readTeamServer(dataDir: string): string | null {
  let text: string;
  try {
    text = readFileSync(join(dataDir, TEAM_SERVER_FILE), 'utf8');
  } catch {
    return null;
  }
  try {
    const { url } = JSON.parse(text) as { url?: unknown };
    if (typeof url !== 'string') return null;
    const parsed = parseTeamServerUrl(url);
    return parsed.ok ? parsed.url : null;
  } catch {
    return null;
  }
}

/** Writes (or, with null, forgets) the URL; written whole to a temporary file first, so a crash leaves the old one. */
export function writeTeamServer(dataDir: string, url: string | null): void {
  const file = join(dataDir, TEAM_SERVER_FILE);
  if (url === null) return rmSync(file, { force: true });
  const partial = `${file}.partial`;
  writeFileSync(partial, `${JSON.stringify({ url }, null, 2)}\n`, { mode: 0o600 });
  renameSync(partial, file);
}
