import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeBrowserWindow, resetElectronDouble } from './electron-double';
import { appFilesBeside } from '../../src-main/electron/app-files';
import { createMainWindow } from '../../src-main/electron/main-window';

vi.mock('electron', () => import('./electron-double'));

const files = appFilesBeside('/opt/syncdesk/out/main');

describe('the console window', () => {
  beforeEach(resetElectronDouble);

  it('isolates the renderer: context isolation, Chromium sandbox, no Node, no webview, web security on', () => {
    createMainWindow(files);
    const prefs = FakeBrowserWindow.instances[0]!.options.webPreferences;
    expect(prefs).toEqual({
      preload: '/opt/syncdesk/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    });
  });

  it('is titled SyncDesk, has a usable minimum size, and stays hidden until its first paint is ready', () => {
    const win = createMainWindow(files) as unknown as FakeBrowserWindow;
    expect(win.options).toMatchObject({ title: 'SyncDesk', show: false });
    expect(win.options.minWidth).toBeGreaterThanOrEqual(800);
    expect(win.options.minHeight).toBeGreaterThanOrEqual(500);
    expect(win.shown).toBe(false);
    win.emit('ready-to-show');
    expect(win.shown).toBe(true);
  });

  it('shows the app icon from resources/icons/ on Linux, and leaves the bundle and the exe to give it elsewhere', () => {
    expect(files.windowIcon).toBe('/opt/syncdesk/resources/icons/256x256.png');
    const linux = createMainWindow(files, 'linux') as unknown as FakeBrowserWindow;
    expect(linux.options.icon).toBe('/opt/syncdesk/resources/icons/256x256.png');
    for (const platform of ['darwin', 'win32'] as const) {
      const win = createMainWindow(files, platform) as unknown as FakeBrowserWindow;
      expect(win.options).not.toHaveProperty('icon');
    }
  });

  it('takes the preload and the renderer from the build folders beside out/main', () => {
    expect(files.preload).toBe('/opt/syncdesk/out/preload/index.cjs');
    expect(files.rendererDir).toBe('/opt/syncdesk/out/renderer');
    expect(files.rendererIndex).toBe('/opt/syncdesk/out/renderer/index.html');
    // Issue 9, item 18: the console is app://syncdesk/index.html (served from rendererDir), no longer a file:// URL.
    expect(files.rendererUrl).toBe('app://syncdesk/index.html');
  });
});
