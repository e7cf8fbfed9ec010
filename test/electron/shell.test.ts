import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  app,
  dialog,
  electronLog,
  fakeEvent,
  FakeBrowserWindow,
  ipcMain,
  protocol,
  resetElectronDouble,
  session,
} from './electron-double';
import { fakeCore, type FakeCore } from './fake-core';
import { CHANNEL_NAMES } from '../../src-preload/contract';
import type { CoreOptions } from '../../src-main/core/create-core';
import { syncdeskArgv } from '../../src-main/electron/launch';
import { startElectronShell, type ShellOptions } from '../../src-main/electron/shell';

vi.mock('electron', () => import('./electron-double'));

const ELECTRON_ARGV = ['/opt/electron/electron', '/opt/syncdesk'];

describe('syncdeskArgv', () => {
  it('takes only what follows --, so Chromium never reads our flags as its switches', () => {
    expect(syncdeskArgv([...ELECTRON_ARGV, '--', '--port', '8080', '--no-sandbox'])).toEqual([
      '--port',
      '8080',
      '--no-sandbox',
    ]);
    expect(syncdeskArgv([...ELECTRON_ARGV, '--no-sandbox', '--enable-logging'])).toEqual([]);
    expect(syncdeskArgv(ELECTRON_ARGV)).toEqual([]);
  });
});

describe('the Electron shell', () => {
  let dataDir: string;
  let core: FakeCore;
  let coreOptions: CoreOptions[];
  let errors: string[];
  let logs: string[];

  beforeEach(() => {
    resetElectronDouble();
    dataDir = mkdtempSync(join(tmpdir(), 'syncdesk-shell-'));
    // A renderer build beside out/main, as electron-vite leaves it.
    mkdirSync(join(dataDir, 'out', 'main'), { recursive: true });
    mkdirSync(join(dataDir, 'out', 'renderer'));
    writeFileSync(join(dataDir, 'out', 'renderer', 'index.html'), '<!doctype html><title>SyncDesk</title>');
    core = fakeCore('http://127.0.0.1:40123');
    coreOptions = [];
    errors = [];
    logs = [];
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void errors.push(args.join(' ')));
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void logs.push(args.join(' ')));
  });

  afterEach(() => {
    vi.restoreAllMocks();
    rmSync(dataDir, { recursive: true, force: true });
  });

  function options(overrides: Partial<ShellOptions> = {}): ShellOptions {
    return {
      argv: [...ELECTRON_ARGV, '--', '--listener-port', '0', '--no-sandbox'],
      env: { SYNCDESK_DATA_DIR: join(dataDir, 'data') },
      platform: 'linux',
      mainOutDir: join(dataDir, 'out', 'main'),
      createCore: async (o) => {
        coreOptions.push(o);
        return core;
      },
      ...overrides,
    };
  }

  async function started(overrides: Partial<ShellOptions> = {}): Promise<FakeBrowserWindow> {
    const done = startElectronShell(options(overrides));
    app.becomeReady();
    await done;
    return FakeBrowserWindow.instances[0]!;
  }

  it('starts the core in electron mode with our flags and the data folder, which becomes userData', async () => {
    await started();
    expect(coreOptions).toHaveLength(1);
    expect(coreOptions[0]).toMatchObject({
      mode: 'electron',
      dataDir: join(dataDir, 'data'),
      launch: { listenerPort: 0, sandbox: false, port: 0 },
    });
    expect(app.getPath('userData')).toBe(join(dataDir, 'data'));
    expect(logs).toContain('listener: http://127.0.0.1:40123');
  });

  it("forces Chromium's sandbox on every renderer and guards every webContents", async () => {
    await started();
    expect(app.sandboxEnabled).toBe(true);
    expect(app.listenerCount('web-contents-created')).toBe(1);
  });

  it('secures the session, then registers every channel, then loads the console', async () => {
    const win = await started();
    expect(session.defaultSession.headersListeners).toHaveLength(1);
    // Issue 9, item 18: the console loads from app://syncdesk/, no longer with loadFile from a file:// path.
    expect(win.loadedFiles).toEqual([]);
    expect(win.loadedUrls).toEqual(['app://syncdesk/index.html']);
    const order = electronLog.filter((e) => e === 'onHeadersReceived' || e.startsWith('handle') || e === 'loadURL');
    expect(order[0]).toBe('onHeadersReceived');
    expect(order.at(-1)).toBe('loadURL');
    expect(order.filter((e) => e.startsWith('handle'))).toHaveLength(CHANNEL_NAMES.length);
    expect(win.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
  });

  it('registers app:// as a standard, secure scheme before ready, and serves it from the renderer build once ready', async () => {
    const done = startElectronShell(options());
    expect(protocol.privilegedSchemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true } }]);
    expect(protocol.handlers.size).toBe(0);
    app.becomeReady();
    await done;
    expect([...protocol.handlers.keys()]).toEqual(['app']);
    const order = electronLog.filter((e) => /^(registerSchemesAsPrivileged|onHeadersReceived|protocol\.handle|loadURL)/.test(e));
    expect(order).toEqual(['registerSchemesAsPrivileged', 'onHeadersReceived', 'protocol.handle app', 'loadURL']);
    const page = await protocol.fetch('app://syncdesk/index.html');
    expect(page.status).toBe(200);
    expect(await page.text()).toBe('<!doctype html><title>SyncDesk</title>');
    expect((await protocol.fetch('app://syncdesk/../main/index.js')).status).toBe(404);
  });

  it('shows an error and exits 1, opening no window, when the renderer has not been built', async () => {
    rmSync(join(dataDir, 'out', 'renderer'), { recursive: true });
    await started();
    expect(FakeBrowserWindow.instances).toEqual([]);
    expect(app.exitCodes).toEqual([1]);
    const [title, detail] = dialog.showErrorBox.mock.calls[0]!;
    expect(title).toBe('SyncDesk could not open its console');
    expect(detail).toBe(`${join(dataDir, 'out', 'renderer', 'index.html')} does not exist. Run "npm run build" and start again.`);
  });

  it("lends the core a save dialog attached to the console window", async () => {
    const win = await started();
    dialog.showSaveDialog.mockResolvedValue({ canceled: false, filePath: '/tmp/out.csv' });
    await expect(coreOptions[0]!.hooks!.chooseExportPath!('log.csv')).resolves.toBe('/tmp/out.csv');
    expect(dialog.showSaveDialog.mock.calls[0]![0]).toBe(win);
  });

  it('refuses an unknown flag with a clear message and exit code 2, before starting anything', async () => {
    await startElectronShell(options({ argv: [...ELECTRON_ARGV, '--', '--prot', '80'] }));
    expect(app.exitCodes).toEqual([2]);
    expect(errors.join('\n')).toMatch(/SyncDesk: .*prot/);
    expect(coreOptions).toEqual([]);
  });

  it('leaves to the running instance when another holds the data folder', async () => {
    app.singleInstanceLock = false;
    await startElectronShell(options());
    expect(app.quitCalls).toBe(1);
    expect(coreOptions).toEqual([]);
    expect(errors.join('\n')).toMatch(/already running/);
  });

  it('brings its window forward when a second instance starts', async () => {
    const win = await started();
    win.minimized = true;
    app.emit('second-instance', fakeEvent(), [], '/');
    expect(win.minimized).toBe(false);
    expect(win.focused).toBe(true);
  });

  it('shows a clear error and exits 1 when the core cannot start', async () => {
    await started({
      createCore: async () => {
        throw new Error('the OS keychain is not reachable: install gnome-keyring');
      },
    });
    expect(dialog.showErrorBox).toHaveBeenCalledTimes(1);
    const [title, detail] = dialog.showErrorBox.mock.calls[0]!;
    expect(title).toBe('SyncDesk could not start');
    expect(detail).toContain('the OS keychain is not reachable: install gnome-keyring');
    expect(detail).toContain(join(dataDir, 'data'));
    expect(app.exitCodes).toEqual([1]);
    expect(FakeBrowserWindow.instances).toEqual([]);
  });

  it('shows an error and exits 1 when the console files cannot be loaded', async () => {
    FakeBrowserWindow.nextLoadError = new Error("ERR_FILE_NOT_FOUND (-6) loading 'app://syncdesk/index.html'");
    await started();
    await vi.waitFor(() => expect(app.exitCodes).toEqual([1]));
    const [title, detail] = dialog.showErrorBox.mock.calls[0]!;
    expect(title).toBe('SyncDesk could not open its console');
    expect(detail).toMatch(/ERR_FILE_NOT_FOUND.*npm run build/);
  });

  it('closes the core exactly once before quitting', async () => {
    await started();
    const quit = fakeEvent();
    app.emit('before-quit', quit);
    expect(quit.defaultPrevented).toBe(true);
    const again = fakeEvent();
    app.emit('before-quit', again);
    expect(again.defaultPrevented).toBe(true);
    await vi.waitFor(() => expect(app.quitCalls).toBe(1));
    expect(core.closeCalls).toBe(1);
  });

  it('quits when the last window closes, except on macOS, where activate opens a new one', async () => {
    const win = await started();
    win.close();
    expect(ipcMain.handlers.size).toBe(0);
    app.emit('window-all-closed');
    expect(app.quitCalls).toBe(1);

    resetElectronDouble();
    const mac = await started({ platform: 'darwin' });
    mac.close();
    app.emit('window-all-closed');
    expect(app.quitCalls).toBe(0);
    app.emit('activate');
    expect(FakeBrowserWindow.instances).toHaveLength(2);
    expect(ipcMain.handlers.size).toBe(CHANNEL_NAMES.length);
  });
});
