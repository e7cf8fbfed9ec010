import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { app, dialog, Menu, session, shell, type BrowserWindow, type WebContents } from 'electron';
import { ArgsError, parseLaunchArgs, type LaunchOptions } from '../config/args';
import { resolveDataDir } from '../config/data-dir';
import type { CoreHandle } from '../core/core-handle';
import type { CoreOptions } from '../core/create-core';
import { appFilesBeside, isAppUrl } from './app-files';
import { registerAppScheme, serveRendererOverAppScheme } from './app-protocol';
import { createExportPathChooser } from './export-dialog';
import { connectWindowToCore } from './ipc-bridge';
import { notifyAlerts } from './desktop-notifications';
import { syncdeskArgv } from './launch';
import { createMainWindow } from './main-window';
import { installNavigationGuards, secureSession } from './security';
import { AppErrorException } from '../errors/app-error';
import { applicationMenu } from './team-server-menu';
import { readTeamServer, writeTeamServer } from './team-server-file';
import { mayNavigate, parseTeamServerUrl } from './team-server-policy';

export interface ShellOptions {
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  /** The folder of the built main entry (out/main); the preload and the renderer are built beside it. */
  mainOutDir: string;
  createCore: (options: CoreOptions) => Promise<CoreHandle>;
}

/** A core that cannot finish closing must not keep the app from quitting. */
const CORE_CLOSE_TIMEOUT_MS = 10_000;

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function fatal(title: string, detail: string, exitCode: number): void {
  console.error(`SyncDesk: ${title}: ${detail}`);
  dialog.showErrorBox(title, detail);
  app.exit(exitCode);
}

function closeWithin(core: CoreHandle, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      console.error(`SyncDesk: the core did not close within ${ms / 1000} s; quitting anyway.`);
      resolve();
    }, ms);
  });
  const closing = core.close().catch((err: unknown) => console.error(`SyncDesk: closing the core failed: ${messageOf(err)}`));
  return Promise.race([closing, timeout]).finally(() => clearTimeout(timer));
}

function exportsStartIn(): string {
  try {
    return app.getPath('documents');
  } catch {
    return homedir();
  }
}

/**
 * The Electron shell around the core: one hardened window per app, the contract served over IPC, the core closed
 * before the app quits. Resolves once start-up has finished (or failed and asked the app to exit).
 */
export async function startElectronShell(options: ShellOptions): Promise<void> {
  let launch: LaunchOptions;
  try {
    launch = parseLaunchArgs(syncdeskArgv(options.argv));
  } catch (err) {
    if (!(err instanceof ArgsError)) throw err;
    console.error(`SyncDesk: ${err.message}`);
    app.exit(2);
    return;
  }

  // The data folder headless mode uses (SYNCDESK_DATA_DIR or the per-user default) is also Electron's userData, so
  // whichever shell starts finds the same database, and the single-instance lock (kept in userData) means one app
  // per data folder.
  const dataDir = resolveDataDir(options.env, options.platform);
  try {
    mkdirSync(dataDir, { recursive: true });
    app.setPath('userData', dataDir);
  } catch (err) {
    fatal('SyncDesk could not use its data folder', `${dataDir}: ${messageOf(err)}`, 1);
    return;
  }
  app.enableSandbox();
  // Electron takes privileged schemes only before ready: this runs in the same turn as the app's first line.
  registerAppScheme();
  if (!app.requestSingleInstanceLock()) {
    console.error('SyncDesk is already running with this data folder; switching to its window.');
    app.quit();
    return;
  }

  const files = appFilesBeside(options.mainOutDir);
  const isOwnUrl = (url: string): boolean => isAppUrl(url, files.rendererUrl);
  // The team server this computer opens (Team server menu, or the console's Team server page), remembered per machine.
  let teamUrl = readTeamServer(dataDir);
  let teamContents: WebContents | null = null;
  const teamOrigin = () => (teamUrl ? new URL(teamUrl).origin : null);
  installNavigationGuards((url, contents) => mayNavigate(url, contents === teamContents ? 'team' : 'local', isOwnUrl, teamOrigin()));

  let core: CoreHandle | null = null;
  let window: BrowserWindow | null = null;
  let closing: Promise<void> | null = null;
  let coreClosed = false;

  const cannotOpen = (detail: string): void =>
    fatal('SyncDesk could not open its console', `${detail}. Run "npm run build" and start again.`, 1);

  const showing = (): 'local' | 'team' => (window && teamContents && window.webContents === teamContents ? 'team' : 'local');
  const refreshMenu = (): void => {
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        applicationMenu(options.platform, {
          url: teamUrl,
          showing: showing(),
          openTeamServer: () => switchTo('team'),
          openLocal: () => switchTo('local'),
          openSettings: () => switchTo('local', '#/team-server'),
        }),
      ),
    );
  };

  /** The team server's console in a window of its own: the same hardening, no bridge, its origin and nothing else. */
  const openTeamWindow = (url: string, running: CoreHandle): void => {
    const win = createMainWindow(files, options.platform, { bridge: false });
    window = win;
    teamContents = win.webContents;
    win.on('closed', () => {
      if (window === win) window = null;
    });
    win.loadURL(url).catch((err: unknown) => {
      if (win.isDestroyed() || window !== win) return;
      dialog.showErrorBox('SyncDesk could not open the team server', `${url}: ${messageOf(err)}\n\nThis computer's console opens instead; Team server > Open tries again.`);
      switchTo('local', undefined, running);
    });
  };

  const switchTo = (where: 'local' | 'team', hash = '', running: CoreHandle | null = core): void => {
    if (!running) return;
    const old = window;
    // The console's window stays (its IPC handlers are this app's only ones): it just opens the page asked for.
    if (where === 'local' && old && showing() === 'local' && !old.isDestroyed()) {
      void old.loadURL(files.rendererUrl + hash).catch(() => undefined);
      return refreshMenu();
    }
    if (where === 'team' && teamUrl) openTeamWindow(teamUrl, running);
    else openWindow(running, hash, true);
    if (old && old !== window && !old.isDestroyed()) old.close();
    refreshMenu();
  };

  const openWindow = (running: CoreHandle, hash = '', local = false): void => {
    if (!local && teamUrl) return openTeamWindow(teamUrl, running);
    // A missing file under app:// is a 404 page, not a failed load, so a missing build is caught here.
    if (!existsSync(files.rendererIndex)) {
      cannotOpen(`${files.rendererIndex} does not exist`);
      return;
    }
    const win = createMainWindow(files);
    window = win;
    // Handlers first: the renderer calls main as soon as it loads.
    connectWindowToCore(win, running, isOwnUrl);
    win.on('closed', () => {
      if (window === win) window = null;
    });
    win.loadURL(files.rendererUrl + hash).catch((err: unknown) => {
      if (win.isDestroyed()) return;
      cannotOpen(`${files.rendererUrl} (${files.rendererIndex}): ${messageOf(err)}`);
    });
  };

  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('window-all-closed', () => {
    if (options.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (core && !window) openWindow(core);
  });
  app.on('before-quit', (event) => {
    if (!core || coreClosed) return;
    event.preventDefault();
    closing ??= closeWithin(core, CORE_CLOSE_TIMEOUT_MS).then(() => {
      coreClosed = true;
      app.quit();
    });
  });

  await app.whenReady();
  secureSession(session.defaultSession);
  serveRendererOverAppScheme(files.rendererDir);
  try {
    core = await options.createCore({
      mode: 'electron',
      dataDir: app.getPath('userData'),
      launch,
      hooks: {
        chooseExportPath: createExportPathChooser(() => window, exportsStartIn()),
        showInFolder: (path) => shell.showItemInFolder(path),
        teamServer: {
          current: () => teamUrl,
          set(url) {
            if (url === null) {
              writeTeamServer(dataDir, null);
              teamUrl = null;
              refreshMenu();
              return null;
            }
            const parsed = parseTeamServerUrl(url);
            if (!parsed.ok) throw new AppErrorException('invalid_input', parsed.message, [{ path: 'url', message: parsed.message }]);
            writeTeamServer(dataDir, parsed.url);
            teamUrl = parsed.url;
            // After the answer has reached the page that asked: the window it lives in is about to close.
            setImmediate(() => switchTo('team'));
            return parsed.url;
          },
        },
      },
    });
  } catch (err) {
    fatal('SyncDesk could not start', `${messageOf(err)}\n\nData folder: ${dataDir}`, 1);
    return;
  }
  if (core.listenerUrl) console.log(`listener: ${core.listenerUrl}`);
  const opened = core;
  notifyAlerts(opened, () => (window ? window.show() : openWindow(opened)));
  openWindow(core);
  refreshMenu();
}
