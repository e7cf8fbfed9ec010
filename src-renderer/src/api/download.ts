import type { ExportResult } from '../../../src-preload/contract';
import { showSuccess } from '../components/toaster';
import { authorizedDownloadUrl } from './client';

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

/** Tells where an export went and, in a browser, hands the file over; a cancelled save dialog says nothing. */
export function deliverExport(result: ExportResult, what = 'Exported'): void {
  if (result.cancelled) return;
  const where = result.path ? ` to ${result.path}` : '';
  showSuccess(`${what} ${result.rows.toLocaleString()} row${result.rows === 1 ? '' : 's'}${where}.`);
  if (result.downloadUrl) triggerDownload(result.downloadUrl);
}
