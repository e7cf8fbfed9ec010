import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { app, FakeBrowserWindow, fakeEvent, Menu, resetElectronDouble } from './electron-double';
import { fakeCore } from './fake-core';
import type { CoreOptions } from '../../src-main/core/create-core';
import { startElectronShell } from '../../src-main/electron/shell';
import { isLoopbackHost, isTeamServerUrl, mayNavigate, parseTeamServerUrl } from '../../src-main/electron/team-server-policy';
import { readTeamServer, TEAM_SERVER_FILE, writeTeamServer } from '../../src-main/electron/team-server-file';
import { applicationMenu } from '../../src-main/electron/team-server-menu';
import { isAppUrl } from '../../src-main/electron/app-files';

vi.mock('electron', () => import('./electron-double'));

describe('the team server address', () => {
  it('takes https, or http on this machine only, and gives back the origin and the console’s URL', () => {
    expect(parseTeamServerUrl(' https://SyncDesk.Example.com ')).toEqual({ ok: true, origin: 'https://syncdesk.example.com', url: 'https://syncdesk.example.com/' });
    expect(parseTeamServerUrl('syncdesk.example.com:8443')).toEqual({ ok: true, origin: 'https://syncdesk.example.com:8443', url: 'https://syncdesk.example.com:8443/' });
    for (const local of ['http://127.0.0.1:4000', 'http://localhost:4000/', 'http://[::1]:4000', 'http://127.8.9.10'])
      expect(parseTeamServerUrl(local).ok, local).toBe(true);
  });

  it('refuses, in plain words, plain http to another machine, other schemes, credentials, paths and junk', () => {
    const refusal = (text: string) => {
      const r = parseTeamServerUrl(text);
      return r.ok ? null : r.message;
    };
    expect(refusal('http://syncdesk.example.com')).toBe('Use https:// for a team server on another machine: over plain http anyone on the network could read the sign-in.');
    expect(refusal('http://127.0.0.1.evil.example')).toMatch(/^Use https:\/\//);
    expect(refusal('http://10.0.0.5:4000')).toMatch(/^Use https:\/\//);
    expect(refusal('file:///etc/passwd')).toBe('The address must start with https://, not file://.');
    expect(refusal('javascript://alert(1)')).toBe('The address must start with https://, not javascript://.');
    expect(refusal('https://ada:secret@syncdesk.example.com')).toBe('Leave the user name and password out of the address: you sign in on the server’s page.');
    expect(refusal('https://syncdesk.example.com/console?x=1')).toBe('Give the server’s address alone, without a path: https://syncdesk.example.com');
    expect(refusal('https://exa mple.com')).toBe('“https://exa mple.com” is not a web address (e.g. https://syncdesk.example.com).');
    expect(refusal('  ')).toBe('Enter the team server’s address, e.g. https://syncdesk.example.com.');
  });

  it('knows loopback hosts and nothing that merely looks like one', () => {
    expect(['localhost', '127.0.0.1', '127.255.0.1', '[::1]', 'app.localhost'].every(isLoopbackHost)).toBe(true);
    expect(['127.0.0.1.nip.io', '128.0.0.1', 'localhost.example.com', '0.0.0.0', '127.0.0.256'].some(isLoopbackHost)).toBe(false);
  });
});

describe('the team server window’s navigation', () => {
  const origin = 'https://syncdesk.example.com';
  const own = (url: string) => isAppUrl(url, 'app://syncdesk/index.html');

  it('admits exactly that server’s origin in its window, and nothing else', () => {
    expect(mayNavigate('https://syncdesk.example.com/#/log', 'team', own, origin)).toBe(true);
    for (const url of [
      'https://syncdesk.example.com:8443/',
      'http://syncdesk.example.com/',
      'https://evil.example/',
      'https://syncdesk.example.com.evil.example/',
      'https://ada:x@syncdesk.example.com/',
      'app://syncdesk/index.html',
      'file:///etc/passwd',
      'not a url',
    ])
      expect(mayNavigate(url, 'team', own, origin), url).toBe(false);
    expect(mayNavigate('https://syncdesk.example.com/', 'team', own, null)).toBe(false);
    expect(isTeamServerUrl('https://SYNCDESK.example.com/x', origin)).toBe(true);
  });

  it('keeps the console’s own window (the one with the bridge) on its app:// page, the team server refused there', () => {
    expect(mayNavigate('app://syncdesk/index.html#/team-server', 'local', own, origin)).toBe(true);
    expect(mayNavigate('https://syncdesk.example.com/', 'local', own, origin)).toBe(false);
  });
});

describe('the remembered team server and the shell', () => {
  let dir: string;
  beforeEach(() => {
    resetElectronDouble();
    Menu.setApplicationMenu.mockClear();
    dir = mkdtempSync(join(tmpdir(), 'syncdesk-team-server-'));
  });
  afterEach(() => {
    vi.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is kept in the data folder, owner-only, forgotten on null, and ignored when edited into something refused', () => {
    expect(readTeamServer(dir)).toBeNull();
    writeTeamServer(dir, 'https://syncdesk.example.com/');
    expect(readTeamServer(dir)).toBe('https://syncdesk.example.com/');
    expect(statSync(join(dir, TEAM_SERVER_FILE)).mode & 0o777).toBe(0o600);
    writeFileSync(join(dir, TEAM_SERVER_FILE), JSON.stringify({ url: 'http://evil.example/' }));
    expect(readTeamServer(dir)).toBeNull();
    writeFileSync(join(dir, TEAM_SERVER_FILE), '{ not json');
    expect(readTeamServer(dir)).toBeNull();
    writeTeamServer(dir, null);
    expect(() => readFileSync(join(dir, TEAM_SERVER_FILE))).toThrow();
  });

  it('offers Connect, Open the server and Open this computer’s console in the application menu, keeping the usual menus', () => {
    const actions = { url: 'https://syncdesk.example.com/', showing: 'local' as const, openTeamServer: vi.fn(), openLocal: vi.fn(), openSettings: vi.fn() };
    const menu = applicationMenu('linux', actions);
    expect(menu.map((m) => m.role ?? m.label)).toEqual(['fileMenu', 'editMenu', 'viewMenu', 'Team server', 'windowMenu']);
    const items = menu[3]!.submenu as { label?: string; enabled?: boolean }[];
    expect(items.filter((i) => i.label).map((i) => [i.label, i.enabled ?? true])).toEqual([
      ['Connect to another team server…', true],
      ['Open syncdesk.example.com', true],
      ['Open this computer’s console', false],
    ]);
    expect(applicationMenu('darwin', { ...actions, url: null })[0]).toEqual({ role: 'appMenu' });
  });

  async function start(): Promise<CoreOptions> {
    mkdirSync(join(dir, 'out', 'main'), { recursive: true });
    mkdirSync(join(dir, 'out', 'renderer'), { recursive: true });
    writeFileSync(join(dir, 'out', 'renderer', 'index.html'), '<!doctype html><title>SyncDesk</title>');
    const options: CoreOptions[] = [];
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const done = startElectronShell({
      argv: ['/opt/electron/electron', '/opt/syncdesk', '--', '--listener-port', '0'],
      env: { SYNCDESK_DATA_DIR: join(dir, 'data') },
      platform: 'linux',
      mainOutDir: join(dir, 'out', 'main'),
      createCore: async (o) => {
        options.push(o);
        return fakeCore('http://127.0.0.1:40123');
      },
    });
    app.becomeReady();
    await done;
    return options[0]!;
  }

  it('opens a remembered team server in a window without the bridge, whose navigation admits that origin alone', async () => {
    mkdirSync(join(dir, 'data'), { recursive: true });
    writeTeamServer(join(dir, 'data'), 'https://syncdesk.example.com/');
    await start();
    const win = FakeBrowserWindow.instances[0]!;
    expect(win.loadedUrls).toEqual(['https://syncdesk.example.com/']);
    expect(win.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(win.options.webPreferences).not.toHaveProperty('preload');
    app.emit('web-contents-created', {}, win.webContents);
    const inside = fakeEvent({ url: 'https://syncdesk.example.com/#/log' });
    win.webContents.emit('will-navigate', inside);
    expect(inside.defaultPrevented).toBe(false);
    const away = fakeEvent({ url: 'https://evil.example/' });
    win.webContents.emit('will-navigate', away);
    expect(away.defaultPrevented).toBe(true);
    expect(Menu.setApplicationMenu).toHaveBeenCalled();
  });

  it('checks an address set through the contract, remembers it and opens it; refuses a bad one at its field; forgets on null', async () => {
    const { hooks } = await start();
    const team = hooks!.teamServer!;
    expect(FakeBrowserWindow.instances[0]!.loadedUrls).toEqual(['app://syncdesk/index.html']);
    expect(() => team.set('http://syncdesk.example.com')).toThrow(expect.objectContaining({ code: 'invalid_input', issues: [{ path: 'url', message: expect.stringMatching(/^Use https:\/\//) }] }));
    expect(team.current()).toBeNull();
    expect(team.set('https://syncdesk.example.com')).toBe('https://syncdesk.example.com/');
    expect(readTeamServer(join(dir, 'data'))).toBe('https://syncdesk.example.com/');
    await new Promise((r) => setImmediate(r));
    const [local, remote] = FakeBrowserWindow.instances;
    expect(remote!.loadedUrls).toEqual(['https://syncdesk.example.com/']);
    expect(remote!.options.webPreferences).not.toHaveProperty('preload');
    expect(local!.isDestroyed()).toBe(true);
    expect(team.set(null)).toBeNull();
    expect(readTeamServer(join(dir, 'data'))).toBeNull();
  });
});
