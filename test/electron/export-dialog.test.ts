import type { BrowserWindow } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { dialog, FakeBrowserWindow, resetElectronDouble } from './electron-double';
import { createExportPathChooser } from '../../src-main/electron/export-dialog';

vi.mock('electron', () => import('./electron-double'));

describe('the export save dialog', () => {
  let win: FakeBrowserWindow;
  let current: FakeBrowserWindow | null;
  const choose = () =>
    createExportPathChooser(() => current as unknown as BrowserWindow | null, '/home/staff/Documents');

  beforeEach(() => {
    resetElectronDouble();
    win = new FakeBrowserWindow({});
    current = win;
  });

  it('asks the user where to save, attached to the console window, starting from the suggested name', async () => {
    dialog.showSaveDialog.mockResolvedValue({ canceled: false, filePath: '/home/staff/Desktop/failures.csv' });
    const path = await choose()('integration-log-2025-01-31.csv');
    expect(path).toBe('/home/staff/Desktop/failures.csv');
    expect(dialog.showSaveDialog).toHaveBeenCalledTimes(1);
    const [parent, options] = dialog.showSaveDialog.mock.calls[0]!;
    expect(parent).toBe(win);
    expect(options).toMatchObject({
      defaultPath: '/home/staff/Documents/integration-log-2025-01-31.csv',
      filters: [
        { name: 'CSV', extensions: ['csv'] },
        { name: 'All files', extensions: ['*'] },
      ],
    });
  });

  it('returns null when the user cancels', async () => {
    dialog.showSaveDialog.mockResolvedValue({ canceled: true, filePath: '' });
    expect(await choose()('log.csv')).toBeNull();
  });

  it('keeps only the file name of a suggestion that carries a path', async () => {
    await choose()('../../etc/log.csv');
    expect(dialog.showSaveDialog.mock.calls[0]![1]).toMatchObject({ defaultPath: '/home/staff/Documents/log.csv' });
  });

  it('still asks, without a parent, when no window is open', async () => {
    current = null;
    dialog.showSaveDialog.mockResolvedValue({ canceled: false, filePath: '/tmp/log.json' });
    expect(await choose()('log.json')).toBe('/tmp/log.json');
    expect(dialog.showSaveDialog.mock.calls[0]).toHaveLength(1);
  });
});
