import { BrowserWindow } from 'electron';
import type { AppFiles } from './app-files';

/**
 * Creates the console window hidden; it shows itself once the first paint is ready, so there is no white flash.
 *
 * The renderer gets no Node, no Electron, and runs in Chromium's sandbox; it reaches main only through the preload.
 * The webPreferences are written here, where the window is made, and not in a helper: a reviewer and Electronegativity
 * (`npm run lint`) both read them at the `new BrowserWindow`, and test/electron/main-window.test.ts asserts each one.
 */
export function createMainWindow(files: AppFiles, platform: NodeJS.Platform = process.platform, opts: { bridge?: boolean } = {}): BrowserWindow {
  // A team server's console is a page from elsewhere: it talks to its server over HTTPS and never gets the bridge.
  const bridge = opts.bridge ?? true;
  const win = new BrowserWindow({
    title: bridge ? 'SyncDesk' : 'SyncDesk (team server)',
    width: 1360,
    height: 860,
    minWidth: 960,
    minHeight: 600,
    show: false,
    backgroundColor: '#f6f7f9',
    ...(platform === 'linux' ? { icon: files.windowIcon } : {}),
    webPreferences: {
      ...(bridge ? { preload: files.preload } : {}),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  return win;
}
