import { basename, extname, join } from 'node:path';
import { dialog, type BrowserWindow, type FileFilter, type SaveDialogOptions } from 'electron';

const FILTERS: Record<string, FileFilter> = {
  '.csv': { name: 'CSV', extensions: ['csv'] },
  '.json': { name: 'JSON', extensions: ['json'] },
  '.xlsx': { name: 'Excel workbook', extensions: ['xlsx'] },
};

function filtersFor(fileName: string): FileFilter[] {
  const own = FILTERS[extname(fileName).toLowerCase()];
  return own ? [own, { name: 'All files', extensions: ['*'] }] : [];
}

/**
 * The core's `chooseExportPath` hook: a save dialog attached to the console window (when it is open), starting in
 * `defaultDir` with the core's suggested file name. Resolves to null when the user cancels.
 */
export function createExportPathChooser(
  currentWindow: () => BrowserWindow | null,
  defaultDir: string,
): (suggestedName: string) => Promise<string | null> {
  return async (suggestedName) => {
    const name = basename(suggestedName);
    const options: SaveDialogOptions = {
      title: 'Export',
      defaultPath: join(defaultDir, name),
      filters: filtersFor(name),
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    };
    const win = currentWindow();
    const result =
      win && !win.isDestroyed() ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
    return result.canceled || !result.filePath ? null : result.filePath;
  };
}
