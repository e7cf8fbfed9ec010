import type { ExportResult } from '../../../src-preload/contract';
import { showSuccess, type ToastOptions } from '../components/toaster';
import { formatCount } from '../components/format';
import { api, authorizedDownloadUrl } from './client';
import { callOrToast } from './call';

/** Lets the browser save a file the server prepared (headless mode), as a click on an <a download> would. */
export function triggerDownload(url: string): void {
  const a = document.createElement('a');
  a.href = authorizedDownloadUrl(url);
  a.download = '';
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
}

/** The file name a download URL serves ("/downloads/<name>?token=…"). */
export function downloadName(url: string): string {
  const last = url.split('?')[0].split('/').pop() ?? '';
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/**
 * Hands an export over where the user is. In a browser (headless mode) the file is the browser's download, and a
 * path on the server's disk would mean nothing; in Electron the save dialog chose the path, and the toast offers
 * to show it in the file manager. A cancelled save dialog says nothing. `startedOn` is the screen the export was asked
 * for on: its toast is not carried to another.
 */
export function deliverExport(result: ExportResult, what: string | undefined, toast: ToastOptions): void {
  if (result.cancelled) return;
  const rows = `${formatCount(result.rows)} row${result.rows === 1 ? '' : 's'}`;
  // "Exported 246 rows" or "Exported the CERM customers as CSV (246 rows)": one clause, then where the file goes.
  const done = what ? `Exported ${what} (${rows})` : `Exported ${rows}`;
  if (result.downloadUrl) {
    showSuccess(`${done}. Your browser saves ${downloadName(result.downloadUrl)} to its downloads.`, undefined, toast);
    triggerDownload(result.downloadUrl);
    return;
  }
  const path = result.path;
  if (!path) return showSuccess(`${done}.`, undefined, toast);
  showSuccess(`${done} to ${path}.`, {
    text: 'Show in folder',
    onClick: () => void callOrToast('Show in folder', api().exportShowInFolder({ path })),
  }, toast);
}
