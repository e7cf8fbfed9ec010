import { existsSync } from 'node:fs';
import { copyFile, rename, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, join } from 'node:path';
import { AppErrorException } from '../errors/app-error';
import type { DownloadRow } from '../store/downloads-repo';
import type { Repositories } from '../store/repositories';

const SHARED_FOLDER = 'start every engine with one shared folder for their files (--files-dir, e.g. an NFS mount at the same path on each)';

export interface Here {
  /** This engine's downloads folder: the file is looked for there by its name (a shared folder may be mounted at
   * another path on each engine). Without it, at the path recorded. */
  downloadsDir?: string;
  /** This engine's host name (os.hostname()). */
  host?: string;
}

/**
 * The raw file of a download, where this engine can read it. Engines of a team server that keep their files in folders
 * of their own (no shared --files-dir) each hold only the downloads they ran: one that lacks the file says which
 * engine's folder has it, by the host name recorded with the download, instead of a bare "not found".
 */
export function rawFileHere(d: Pick<DownloadRow, 'id' | 'rawFile' | 'host' | 'message' | 'status'>, what: string, opts: Here = {}): string {
  const here = opts.host ?? hostname();
  if (!d.rawFile) throw new AppErrorException('not_found', `${what} ${d.id} saved no file (${d.message ?? d.status}).`);
  const file = opts.downloadsDir ? join(opts.downloadsDir, basename(d.rawFile)) : d.rawFile;
  if (existsSync(file)) return file;
  const where = `Its raw file was written to ${d.rawFile}`;
  if (d.host && d.host !== here)
    throw new AppErrorException(
      'not_found',
      `The raw file of ${what} ${d.id} is in the files folder of the engine on ${d.host}, which this engine (on ${here}) cannot read. Export it from the console of the engine on ${d.host}, or ${SHARED_FOLDER}.`,
      undefined,
      `${where} on ${d.host}.`,
    );
  if (d.host === here)
    throw new AppErrorException(
      'not_found',
      `The raw file of ${what} ${d.id} is not in this engine's files folder: another engine on this host (${here}) with a folder of its own wrote it, or it was removed. Export it from that engine's console, or ${SHARED_FOLDER}.`,
      undefined,
      `${where}.`,
    );
  throw new AppErrorException('not_found', `The raw file of ${what} ${d.id} is not where it was written any more: it was moved or removed outside SyncDesk.`, undefined, `${where}.`);
}

/**
 * A download's raw file, byte for byte, as the remote sent it: the chosen download of this connector and kind, or the
 * latest complete one. `what` names the download in errors ("CERM customer download").
 */
export async function copyRawDownload(args: { repos: Repositories; connectorId: string; kind: string; what: string; taskName: string; path: string; downloadId?: number; downloadsDir?: string }): Promise<number> {
  const { repos, connectorId, path, downloadId } = args;
  const d = downloadId !== undefined ? await repos.downloads.get(downloadId) : await repos.downloads.latestComplete(connectorId, args.kind);
  if (!d || d.connectorId !== connectorId) throw new Error(downloadId !== undefined ? `there is no ${args.what} ${downloadId}` : `there is no complete ${args.what} yet: run ${args.taskName} first`);
  const source = rawFileHere(d, args.what, args.downloadsDir ? { downloadsDir: args.downloadsDir } : {});
  const tmp = `${path}.partial`;
  try {
    await copyFile(source, tmp);
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  return d.records;
}
