// A recording stand-in for the `electron` module: the runtime cannot run here, so the shell's tests swap it in with
// vi.mock('electron', () => import('./electron-double')) and read back what the code asked Electron to do.
import { EventEmitter } from 'node:events';
import { pathToFileURL } from 'node:url';
import { vi } from 'vitest';

let nextId = 1;

export class FakeFrame {
  readonly frameTreeNodeId = nextId++;
  constructor(
    public url: string,
    public readonly parent: FakeFrame | null = null,
  ) {}
}

export class FakeWebContents extends EventEmitter {
  readonly id = nextId++;
  readonly mainFrame = new FakeFrame('');
  readonly sent: Array<{ channel: string; args: unknown[] }> = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;

  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  getURL(): string {
    return this.mainFrame.url;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  /** The error the next window's loadFile fails with (a missing renderer build, say). */
  static nextLoadError: Error | null = null;
  readonly webContents = new FakeWebContents();
  readonly loadedFiles: string[] = [];
  readonly loadedUrls: string[] = [];
  destroyed = false;
  shown = false;
  focused = false;
  minimized = false;
  loadError: Error | null = FakeBrowserWindow.nextLoadError;

  constructor(public readonly options: Record<string, unknown> & { webPreferences?: Record<string, unknown> }) {
    super();
    FakeBrowserWindow.instances.push(this);
    electronLog.push('new BrowserWindow');
  }
  static fromWebContents(contents: unknown): FakeBrowserWindow | null {
    return FakeBrowserWindow.instances.find((win) => win.webContents === contents) ?? null;
  }
  async loadFile(path: string): Promise<void> {
    electronLog.push('loadFile');
    this.loadedFiles.push(path);
    if (this.loadError) throw this.loadError;
    this.webContents.mainFrame.url = pathToFileURL(path).href;
  }
  async loadURL(url: string): Promise<void> {
    electronLog.push('loadURL');
    this.loadedUrls.push(url);
    if (this.loadError) throw this.loadError;
    this.webContents.mainFrame.url = url;
  }
  show(): void {
    this.shown = true;
  }
  focus(): void {
    this.focused = true;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  close(): void {
    this.destroyed = true;
    this.emit('closed');
  }
}

/** A navigation or IPC event: records whether the code under test prevented it. */
export function fakeEvent<T extends object>(params: T = {} as T): T & { preventDefault: () => void; defaultPrevented: boolean } {
  const event = {
    ...params,
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true;
    },
  };
  return event;
}

/** Order of notable calls across the whole double (e.g. that handlers exist before the page loads). */
export const electronLog: string[] = [];

type Handler = (event: unknown, ...args: unknown[]) => unknown;

class FakeIpcMain {
  readonly handlers = new Map<string, Handler>();
  handle(channel: string, handler: Handler): void {
    // Electron refuses a second handler for a channel; so does the double.
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    electronLog.push(`handle ${channel}`);
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** What a renderer's ipcRenderer.invoke(channel, input) would get back, sent with the given event. */
  async invoke(channel: string, event: unknown, input: unknown): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler(event, input);
  }
}

class FakeApp extends EventEmitter {
  readonly paths = new Map<string, string>([['documents', '/home/staff/Documents']]);
  singleInstanceLock = true;
  sandboxEnabled = false;
  quitCalls = 0;
  exitCodes: number[] = [];
  ready = false;
  private readyResolve!: () => void;
  private readyPromise = new Promise<void>((resolve) => (this.readyResolve = resolve));

  whenReady(): Promise<void> {
    return this.readyPromise;
  }
  isReady(): boolean {
    return this.ready;
  }
  becomeReady(): void {
    this.ready = true;
    this.readyResolve();
  }
  getPath(name: string): string {
    const path = this.paths.get(name);
    if (!path) throw new Error(`Failed to get '${name}' path`);
    return path;
  }
  setPath(name: string, path: string): void {
    this.paths.set(name, path);
  }
  enableSandbox(): void {
    this.sandboxEnabled = true;
  }
  requestSingleInstanceLock(): boolean {
    return this.singleInstanceLock;
  }
  quit(): void {
    this.quitCalls += 1;
    const event = fakeEvent();
    this.emit('before-quit', event);
  }
  exit(code = 0): void {
    this.exitCodes.push(code);
  }
  reset(): void {
    this.removeAllListeners();
    this.paths.clear();
    this.paths.set('documents', '/home/staff/Documents');
    this.singleInstanceLock = true;
    this.sandboxEnabled = false;
    this.quitCalls = 0;
    this.exitCodes = [];
    this.ready = false;
    this.readyPromise = new Promise<void>((resolve) => (this.readyResolve = resolve));
  }
}

type HeadersListener = (
  details: { url: string; responseHeaders?: Record<string, string[]> },
  callback: (response: { responseHeaders?: Record<string, string[]>; cancel?: boolean }) => void,
) => void;

class FakeSession {
  headersListeners: HeadersListener[] = [];
  permissionRequestHandler: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null = null;
  permissionCheckHandler: ((contents: unknown, permission: string) => boolean) | null = null;
  devicePermissionHandler: ((details: unknown) => boolean) | null = null;
  readonly webRequest = {
    onHeadersReceived: (listener: HeadersListener) => {
      electronLog.push('onHeadersReceived');
      this.headersListeners.push(listener);
    },
  };
  setPermissionRequestHandler(handler: FakeSession['permissionRequestHandler']): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: FakeSession['permissionCheckHandler']): void {
    this.permissionCheckHandler = handler;
  }
  setDevicePermissionHandler(handler: FakeSession['devicePermissionHandler']): void {
    this.devicePermissionHandler = handler;
  }
  reset(): void {
    this.headersListeners = [];
    this.permissionRequestHandler = null;
    this.permissionCheckHandler = null;
    this.devicePermissionHandler = null;
  }
}

type ProtocolHandler = (request: Request) => Response | Promise<Response>;

/** Electron's rules, kept: privileged schemes once and before ready; handlers after ready, one per scheme. */
class FakeProtocol {
  privilegedSchemes: Array<{ scheme: string; privileges?: Record<string, boolean> }> = [];
  readonly handlers = new Map<string, ProtocolHandler>();
  registerSchemesAsPrivileged(schemes: Array<{ scheme: string; privileges?: Record<string, boolean> }>): void {
    if (app.isReady()) throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
    if (this.privilegedSchemes.length > 0) throw new Error('registerSchemesAsPrivileged can be called only once');
    electronLog.push('registerSchemesAsPrivileged');
    this.privilegedSchemes = schemes;
  }
  handle(scheme: string, handler: ProtocolHandler): void {
    if (!app.isReady()) throw new Error('protocol.handle can only be used after the app is ready');
    if (this.handlers.has(scheme)) throw new Error(`Failed to register protocol: ${scheme}`);
    electronLog.push(`protocol.handle ${scheme}`);
    this.handlers.set(scheme, handler);
  }
  /** What the renderer would get for a request to `url` (a GET unless told). */
  async fetch(url: string, init?: RequestInit): Promise<Response> {
    const handler = this.handlers.get(new URL(url).protocol.slice(0, -1));
    if (!handler) throw new Error(`net::ERR_UNKNOWN_URL_SCHEME: ${url}`);
    return handler(new Request(url, init));
  }
  reset(): void {
    this.privilegedSchemes = [];
    this.handlers.clear();
  }
}

class FakeIpcRenderer extends EventEmitter {
  readonly invoke = vi.fn(async (_channel: string, _input: unknown): Promise<unknown> => undefined);
}

/** Electron's Notification: each one made is kept, with whether it was shown; `supported` answers isSupported(). */
export class FakeNotification extends EventEmitter {
  static instances: FakeNotification[] = [];
  static supported = true;
  static isSupported(): boolean {
    return FakeNotification.supported;
  }
  shown = false;
  constructor(readonly options: { title: string; body: string }) {
    super();
    FakeNotification.instances.push(this);
  }
  show(): void {
    this.shown = true;
  }
}

export const app = new FakeApp();
export const ipcMain = new FakeIpcMain();
export const session = { defaultSession: new FakeSession() };
export const protocol = new FakeProtocol();
export const BrowserWindow = FakeBrowserWindow;
export const Notification = FakeNotification;
export const dialog = {
  showSaveDialog: vi.fn(async (..._args: unknown[]) => ({ canceled: true, filePath: '' })),
  /** Answers Cancel (button 0) unless a test says otherwise. */
  showMessageBox: vi.fn(async (..._args: unknown[]) => ({ response: 0, checkboxChecked: false })),
  showErrorBox: vi.fn((_title: string, _content: string) => undefined),
};
export const Menu = {
  buildFromTemplate: vi.fn((template: unknown[]) => ({ template })),
  setApplicationMenu: vi.fn((_menu: unknown) => undefined),
};
export const shell = { openExternal: vi.fn(async (_url: string) => undefined) };
export const exposed: Record<string, unknown> = {};
export const contextBridge = {
  exposeInMainWorld: vi.fn((key: string, api: unknown) => {
    exposed[key] = api;
  }),
};
export const ipcRenderer = new FakeIpcRenderer();

export function resetElectronDouble(): void {
  electronLog.length = 0;
  app.reset();
  ipcMain.handlers.clear();
  session.defaultSession.reset();
  protocol.reset();
  FakeBrowserWindow.instances = [];
  FakeBrowserWindow.nextLoadError = null;
  FakeNotification.instances = [];
  FakeNotification.supported = true;
  dialog.showSaveDialog.mockReset().mockResolvedValue({ canceled: true, filePath: '' });
  dialog.showErrorBox.mockReset();
  dialog.showMessageBox.mockReset().mockResolvedValue({ response: 0, checkboxChecked: false });
  shell.openExternal.mockReset().mockResolvedValue(undefined);
  contextBridge.exposeInMainWorld.mockClear();
  for (const key of Object.keys(exposed)) delete exposed[key];
  ipcRenderer.removeAllListeners();
  ipcRenderer.invoke.mockReset().mockResolvedValue(undefined);
}
