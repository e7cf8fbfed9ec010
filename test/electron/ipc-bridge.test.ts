import type { BrowserWindow } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeBrowserWindow, FakeFrame, FakeWebContents, ipcMain, resetElectronDouble } from './electron-double';
import { fakeCore, type FakeCore } from './fake-core';
import { CHANNEL_NAMES, type RunProgress } from '../../src-preload/contract';
import { isAppUrl } from '../../src-main/electron/app-files';
import { connectWindowToCore, eventChannel } from '../../src-main/electron/ipc-bridge';

vi.mock('electron', () => import('./electron-double'));

// Issue 9, item 18: the console is served from app://syncdesk/, no longer from file://.
const RENDERER_URL = 'app://syncdesk/index.html';
const isOwnUrl = (url: string) => isAppUrl(url, RENDERER_URL);

const progress: RunProgress = {
  runId: 7,
  connectorId: 'test',
  taskId: 'pull',
  phase: 'fetching',
  done: 3,
  total: 10,
  counts: { fetched: 3, created: 1, updated: 0, unchanged: 2, skipped: 0, failed: 0 },
};

describe('the IPC bridge', () => {
  let win: FakeBrowserWindow;
  let core: FakeCore;

  beforeEach(async () => {
    resetElectronDouble();
    win = new FakeBrowserWindow({});
    await win.loadURL(RENDERER_URL);
    core = fakeCore();
    connectWindowToCore(win as unknown as BrowserWindow, core, isOwnUrl);
  });

  const fromMainFrame = () => ({ sender: win.webContents, senderFrame: win.webContents.mainFrame });

  it('serves exactly the contract channels', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...CHANNEL_NAMES].sort());
  });

  it("passes a call from the console's main frame to the core and answers with the core's result", async () => {
    const result = await ipcMain.invoke('sync:run', fromMainFrame(), { connectorId: 'test', taskId: 'pull' });
    expect(result).toEqual({ ok: true, data: { handledBy: 'sync:run' } });
    expect(core.dispatched).toEqual([{ channel: 'sync:run', input: { connectorId: 'test', taskId: 'pull' } }]);
  });

  it('accepts the console document with a route in its fragment', async () => {
    win.webContents.mainFrame.url = `${RENDERER_URL}#/log`;
    const result = await ipcMain.invoke('settings:get', fromMainFrame(), {});
    expect(result).toMatchObject({ ok: true });
  });

  const refused: Array<[string, () => { sender: FakeWebContents; senderFrame: FakeFrame | null }]> = [
    ['a null senderFrame (frame gone mid-call)', () => ({ sender: win.webContents, senderFrame: null })],
    [
      'a subframe of the console',
      () => ({ sender: win.webContents, senderFrame: new FakeFrame(RENDERER_URL, win.webContents.mainFrame) }),
    ],
    [
      'a parentless frame that is not the main frame (fenced frame root)',
      () => ({ sender: win.webContents, senderFrame: new FakeFrame(RENDERER_URL) }),
    ],
    [
      "another webContents' main frame, even at the console URL",
      () => {
        const other = new FakeWebContents();
        other.mainFrame.url = RENDERER_URL;
        return { sender: other, senderFrame: other.mainFrame };
      },
    ],
    [
      'the main frame at a foreign URL',
      () => {
        win.webContents.mainFrame.url = 'https://evil.example/';
        return fromMainFrame();
      },
    ],
    [
      'the main frame at another local file',
      () => {
        win.webContents.mainFrame.url = 'file:///tmp/evil.html';
        return fromMainFrame();
      },
    ],
    [
      'the main frame at the file:// address the console had before app://',
      () => {
        win.webContents.mainFrame.url = 'file:///opt/syncdesk/out/renderer/index.html';
        return fromMainFrame();
      },
    ],
    [
      'the main frame at another document of the app scheme',
      () => {
        win.webContents.mainFrame.url = 'app://syncdesk/assets/other.html';
        return fromMainFrame();
      },
    ],
    [
      'the main frame at another host of the app scheme',
      () => {
        win.webContents.mainFrame.url = 'app://evil/index.html';
        return fromMainFrame();
      },
    ],
    [
      'the main frame at the console URL with a user name in it',
      () => {
        win.webContents.mainFrame.url = 'app://someone@syncdesk/index.html';
        return fromMainFrame();
      },
    ],
  ];

  it.each(refused)('refuses %s with a forbidden error, without reaching the core', async (_what, sender) => {
    for (const channel of ['settings:get', 'connections:save', 'log:export'] as const) {
      const result = await ipcMain.invoke(channel, sender(), {});
      expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(core.dispatched).toEqual([]);
  });

  it('refuses every call once the window is destroyed', async () => {
    const sender = fromMainFrame();
    win.destroyed = true;
    expect(await ipcMain.invoke('settings:get', sender, {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(core.dispatched).toEqual([]);
  });

  it('turns a core that throws into an internal error, never a rejected promise', async () => {
    core.dispatchImpl = async () => {
      throw new Error('database is locked');
    };
    const result = await ipcMain.invoke('jobs:counts', fromMainFrame(), {});
    expect(result).toEqual({ ok: false, error: { code: 'internal', message: 'jobs:counts: database is locked' } });
  });

  it("streams the core's events to the console, one channel per event", () => {
    core.emit('sync:progress', progress);
    core.emit('connections:changed', { connectorId: 'test' });
    expect(win.webContents.sent).toEqual([
      { channel: eventChannel('sync:progress'), args: [progress] },
      { channel: eventChannel('connections:changed'), args: [{ connectorId: 'test' }] },
    ]);
  });

  it('sends no event to a page that is not the console', () => {
    win.webContents.mainFrame.url = 'https://evil.example/';
    core.emit('sync:progress', progress);
    expect(win.webContents.sent).toEqual([]);
  });

  it('disconnects when the window closes: handlers removed, events unsubscribed, a new window can connect', () => {
    expect(core.listenerCount()).toBe(1);
    win.close();
    expect(ipcMain.handlers.size).toBe(0);
    expect(core.listenerCount()).toBe(0);
    const next = new FakeBrowserWindow({});
    connectWindowToCore(next as unknown as BrowserWindow, core, isOwnUrl);
    expect(ipcMain.handlers.size).toBe(CHANNEL_NAMES.length);
  });
});
