import type { BrowserWindow } from 'electron';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { contextBridge, exposed, FakeBrowserWindow, ipcRenderer, resetElectronDouble } from './electron-double';
import { fakeCore } from './fake-core';
import {
  CHANNEL_NAMES,
  channelMethodName,
  EVENT_NAMES,
  eventMethodName,
  type SyncDeskApi,
} from '../../src-preload/contract';
import { isAppUrl } from '../../src-main/electron/app-files';
import { connectWindowToCore } from '../../src-main/electron/ipc-bridge';

vi.mock('electron', () => import('./electron-double'));

describe('the preload', () => {
  let api: SyncDeskApi;

  beforeAll(async () => {
    resetElectronDouble();
    await import('../../src-preload/index');
    api = exposed['syncdesk'] as SyncDeskApi;
  });

  beforeEach(() => {
    ipcRenderer.removeAllListeners();
    ipcRenderer.invoke.mockReset().mockResolvedValue({ ok: true, data: 'from main' });
  });

  it('exposes one object, window.syncdesk', () => {
    expect(contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    expect(Object.keys(exposed)).toEqual(['syncdesk']);
  });

  it('exposes exactly one function per channel and one on... per event, and nothing else', () => {
    const expected = [...CHANNEL_NAMES.map(channelMethodName), ...EVENT_NAMES.map(eventMethodName)].sort();
    expect(Object.keys(api).sort()).toEqual(expected);
    expect(expected).toContain('syncRunDetail');
    expect(expected).toContain('onSyncProgress');
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
  });

  it('exposes no ipcRenderer and no generic invoke or send', () => {
    for (const key of Object.keys(api)) expect(key).not.toMatch(/^(ipc|invoke|send|on$|emit)|ipcRenderer/i);
    expect(Object.values(api)).not.toContain(ipcRenderer);
  });

  it("a channel's function invokes that channel with the input and returns main's answer", async () => {
    const input = { connectorId: 'test', taskId: 'pull' };
    await expect(api.syncRun(input)).resolves.toEqual({ ok: true, data: 'from main' });
    expect(ipcRenderer.invoke).toHaveBeenCalledExactlyOnceWith('sync:run', input);
  });

  it('a failed invoke comes back as an internal error, as data', async () => {
    ipcRenderer.invoke.mockRejectedValue(new Error("No handler registered for 'jobs:counts'"));
    await expect(api.jobsCounts({})).resolves.toEqual({
      ok: false,
      error: { code: 'internal', message: "No handler registered for 'jobs:counts'" },
    });
  });

  it('an event listener gets the payload only, never the IPC event', () => {
    const listener = vi.fn();
    api.onConnectionsChanged(listener);
    ipcRenderer.emit('syncdesk:event:connections:changed', { sender: ipcRenderer, ports: [] }, { connectorId: 'x' });
    expect(listener).toHaveBeenCalledExactlyOnceWith({ connectorId: 'x' });
  });

  it('unsubscribing removes exactly that listener', () => {
    const first = vi.fn();
    const second = vi.fn();
    const unsubscribeFirst = api.onConnectionsChanged(first);
    api.onConnectionsChanged(second);
    unsubscribeFirst();
    expect(ipcRenderer.listenerCount('syncdesk:event:connections:changed')).toBe(1);
    ipcRenderer.emit('syncdesk:event:connections:changed', {}, { connectorId: 'y' });
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledExactlyOnceWith({ connectorId: 'y' });
  });

  it("receives what main's bridge sends: an event crosses both ends on the same channel", async () => {
    const win = new FakeBrowserWindow({});
    await win.loadURL('app://syncdesk/index.html');
    const core = fakeCore();
    connectWindowToCore(win as unknown as BrowserWindow, core, (url) => isAppUrl(url, 'app://syncdesk/index.html'));
    const listener = vi.fn();
    api.onLogAppended(listener);
    core.emit('log:appended', { entries: [] });
    for (const { channel, args } of win.webContents.sent) ipcRenderer.emit(channel, {}, ...args);
    expect(listener).toHaveBeenCalledExactlyOnceWith({ entries: [] });
    win.close();
  });
});
