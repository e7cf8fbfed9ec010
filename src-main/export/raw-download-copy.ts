import { copyFile, rename, unlink } from 'node:fs/promises';
import type { Repositories } from '../store/repositories';

/**
 * A download's raw file, byte for byte, as the remote sent it: the chosen download of this connector and kind, or the
 * latest complete one. `what` names the download in errors ("CERM customer download").
 */
export async function copyRawDownload(args: { repos: Repositories; connectorId: string; kind: string; what: string; taskName: string; path: string; downloadId?: number }): Promise<number> {
  const { repos, connectorId, path, downloadId } = args;
  const d = downloadId !== undefined ? await repos.downloads.get(downloadId) : await repos.downloads.latestComplete(connectorId, args.kind);
  if (!d || d.connectorId !== connectorId) throw new Error(downloadId !== undefined ? `there is no ${args.what} ${downloadId}` : `there is no complete ${args.what} yet: run ${args.taskName} first`);
  if (!d.rawFile) throw new Error(`download ${d.id} saved no file (${d.message ?? d.status})`);
  const tmp = `${path}.partial`;
  try {
    await copyFile(d.rawFile, tmp);
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  return d.records;
}
