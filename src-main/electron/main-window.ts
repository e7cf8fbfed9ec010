import { BrowserWindow, type WebPreferences } from 'electron';
import type { AppFiles } from './app-files';

/** The renderer gets no Node, no Electron, and runs in Chromium's sandbox; it reaches main only through the preload. */
export function consoleWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
  };
}

/** Creates the console window hidden; it shows itself once the first paint is ready, so there is no white flash. */
export function createMainWindow(files: AppFiles, platform: NodeJS.Platform = process.platform): BrowserWindow {
  const win = new BrowserWindow({
    title: 'SyncDesk',
    width: 1360,
    height: 860,
    minWidth: 960,
    minHeight: 600,
    show: false,
    backgroundColor: '#f6f7f9',
    ...(platform === 'linux' ? { icon: files.windowIcon } : {}),
    webPreferences: consoleWebPreferences(files.preload),
  });
  win.once('ready-to-show', () => win.show());
  return win;
}
