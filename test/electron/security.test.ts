import type { BrowserWindow, Session, WebContents } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  app,
  dialog,
  fakeEvent,
  FakeBrowserWindow,
  FakeWebContents,
  resetElectronDouble,
  session,
  shell,
} from './electron-double';
import { CONTENT_SECURITY_POLICY } from '../../src-preload/contract/csp';
import { isAppUrl } from '../../src-main/electron/app-files';
import {
  createLinkOpener,
  externalLinkTarget,
  guardWebContents,
  installNavigationGuards,
  secureSession,
} from '../../src-main/electron/security';

vi.mock('electron', () => import('./electron-double'));

// Issue 9, item 18: the console is served from app://syncdesk/, no longer from file://.
const RENDERER_URL = 'app://syncdesk/index.html';
const isOwnUrl = (url: string) => isAppUrl(url, RENDERER_URL);

function guarded(): FakeWebContents {
  const contents = new FakeWebContents();
  guardWebContents(contents as unknown as WebContents, isOwnUrl);
  return contents;
}

describe('the session', () => {
  beforeEach(() => {
    resetElectronDouble();
    secureSession(session.defaultSession as unknown as Session);
  });

  function headersFor(responseHeaders?: Record<string, string[]>) {
    const [listener] = session.defaultSession.headersListeners;
    let response: { responseHeaders?: Record<string, string[]>; cancel?: boolean } | undefined;
    listener!({ url: RENDERER_URL, responseHeaders }, (r) => (response = r));
    return response;
  }

  it('adds the contract CSP to every response, keeping the other headers', () => {
    const response = headersFor({ 'Content-Type': ['text/html'] });
    expect(response?.cancel).toBeUndefined();
    expect(response?.responseHeaders).toEqual({
      'Content-Type': ['text/html'],
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
    });
  });

  it('sets the CSP on responses that arrive without headers', () => {
    expect(headersFor(undefined)?.responseHeaders).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });

  it('replaces a weaker CSP a response brought with it', () => {
    const response = headersFor({ 'Content-Security-Policy': ["default-src *; script-src * 'unsafe-inline'"] });
    expect(response?.responseHeaders?.['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
  });

  it('the CSP is strict: scripts from the app only, no inline or eval, nothing framed, no plugins', () => {
    const directives = CONTENT_SECURITY_POLICY.split(';').map((d) => d.trim());
    expect(directives).toContain("default-src 'none'");
    expect(directives).toContain("script-src 'self'");
    expect(directives).toContain("object-src 'none'");
    expect(directives).toContain("frame-ancestors 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|wasm-unsafe-eval|\*/);
  });

  it('denies every permission request and check, and every device', () => {
    const ses = session.defaultSession;
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fileSystem']) {
      const callback = vi.fn();
      ses.permissionRequestHandler!({}, permission, callback);
      expect(callback).toHaveBeenCalledExactlyOnceWith(false);
      expect(ses.permissionCheckHandler!({}, permission)).toBe(false);
    }
    expect(ses.devicePermissionHandler!({ deviceType: 'usb' })).toBe(false);
  });
});

describe('navigation guards', () => {
  beforeEach(resetElectronDouble);

  it('apply to every webContents the app creates', () => {
    installNavigationGuards(isOwnUrl);
    const contents = new FakeWebContents();
    app.emit('web-contents-created', fakeEvent(), contents);
    expect(contents.listenerCount('will-navigate')).toBe(1);
    expect(contents.listenerCount('will-redirect')).toBe(1);
    expect(contents.listenerCount('will-attach-webview')).toBe(1);
    expect(contents.windowOpenHandler).not.toBeNull();
  });

  it('prevent navigating to another page, a local file or another scheme', () => {
    const contents = guarded();
    for (const url of [
      'https://evil.example/phish',
      'http://127.0.0.1:8080/',
      'file:///etc/passwd',
      'file:///opt/syncdesk/out/renderer/other.html',
      'file:///opt/syncdesk/out/renderer/index.html',
      'app://syncdesk/other.html',
      'app://evil/index.html',
      'javascript:alert(1)',
      'data:text/html,<script>1</script>',
      'not a url',
    ]) {
      const event = fakeEvent({ url });
      contents.emit('will-navigate', event, url);
      expect(event.defaultPrevented, url).toBe(true);
    }
  });

  it('let the console reload its own document (any fragment)', () => {
    const contents = guarded();
    for (const url of [RENDERER_URL, `${RENDERER_URL}#/log`]) {
      const event = fakeEvent({ url });
      contents.emit('will-navigate', event, url);
      expect(event.defaultPrevented, url).toBe(false);
    }
  });

  // Issue 9, item 18: a link now opens only once the user says yes, so the user answers "Open in browser" here.
  it('send an https link the user follows to the browser, and nothing else', async () => {
    dialog.showMessageBox.mockResolvedValue({ response: 1, checkboxChecked: false });
    const contents = guarded();
    for (const url of ['https://docs.example/help', 'http://plain.example/', 'file:///etc/passwd', 'smb://share/x']) {
      contents.emit('will-navigate', fakeEvent({ url }), url);
    }
    await vi.waitFor(() => expect(shell.openExternal).toHaveBeenCalled());
    expect(shell.openExternal.mock.calls).toEqual([['https://docs.example/help']]);
  });

  it('prevent redirects away from the console', () => {
    const contents = guarded();
    const away = fakeEvent({ url: 'https://evil.example/' });
    contents.emit('will-redirect', away, away.url);
    expect(away.defaultPrevented).toBe(true);
  });

  it('deny window.open, whatever the URL', async () => {
    dialog.showMessageBox.mockResolvedValue({ response: 1, checkboxChecked: false });
    const contents = guarded();
    for (const url of ['https://docs.example/', RENDERER_URL, 'about:blank', 'file:///etc/passwd']) {
      expect(contents.windowOpenHandler!({ url })).toEqual({ action: 'deny' });
    }
    await vi.waitFor(() => expect(shell.openExternal).toHaveBeenCalled());
    expect(shell.openExternal.mock.calls).toEqual([['https://docs.example/']]);
  });

  it('prevent attaching a <webview>', () => {
    const contents = guarded();
    const event = fakeEvent();
    contents.emit('will-attach-webview', event, { preload: '/tmp/evil.js' }, { src: 'https://evil.example/' });
    expect(event.defaultPrevented).toBe(true);
  });
});

describe('opening a link in the browser', () => {
  let errors: string[];

  beforeEach(() => {
    resetElectronDouble();
    errors = [];
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void errors.push(args.join(' ')));
  });

  afterEach(() => vi.restoreAllMocks());

  /** Dialogs that stay open until the test answers them: one resolver per question asked. */
  function heldDialogs(): Array<(value: { response: number; checkboxChecked: boolean }) => void> {
    const pending: Array<(value: { response: number; checkboxChecked: boolean }) => void> = [];
    dialog.showMessageBox.mockImplementation(() => new Promise((resolve) => pending.push(resolve)));
    return pending;
  }

  it('asks first, showing the address, with Cancel as the default and the answer to Esc', async () => {
    const open = createLinkOpener(new FakeWebContents() as unknown as WebContents);
    await open('https://docs.example/help?topic=sync');
    expect(dialog.showMessageBox).toHaveBeenCalledTimes(1);
    const [options] = dialog.showMessageBox.mock.calls[0]!;
    expect(options).toMatchObject({
      type: 'question',
      message: 'Open this link in your browser?',
      detail: 'https://docs.example/help?topic=sync',
      buttons: ['Cancel', 'Open in browser'],
      defaultId: 0,
      cancelId: 0,
    });
    // Cancel, the double's default answer: nothing leaves the app.
    expect(shell.openExternal).not.toHaveBeenCalled();
  });

  it('opens the link only when the user chooses "Open in browser"', async () => {
    dialog.showMessageBox.mockResolvedValue({ response: 1, checkboxChecked: false });
    const open = createLinkOpener(new FakeWebContents() as unknown as WebContents);
    await open('https://docs.example/help');
    expect(shell.openExternal.mock.calls).toEqual([['https://docs.example/help']]);
  });

  it('attaches the question to the window the link came from', async () => {
    const win = new FakeBrowserWindow({});
    const open = createLinkOpener(win.webContents as unknown as WebContents);
    await open('https://docs.example/');
    const [parent, options] = dialog.showMessageBox.mock.calls[0]!;
    expect(parent).toBe(win as unknown as BrowserWindow);
    expect(options).toMatchObject({ detail: 'https://docs.example/' });
  });

  it('never asks about, or opens, anything but https', async () => {
    dialog.showMessageBox.mockResolvedValue({ response: 1, checkboxChecked: false });
    const open = createLinkOpener(new FakeWebContents() as unknown as WebContents);
    for (const url of [
      'http://plain.example/',
      'file:///etc/passwd',
      'smb://share/x',
      'ms-settings:privacy',
      'javascript:alert(1)',
      'app://syncdesk/index.html',
      'not a url',
    ]) {
      await open(url);
    }
    expect(dialog.showMessageBox).not.toHaveBeenCalled();
    expect(shell.openExternal).not.toHaveBeenCalled();
  });

  it('shows and opens the address in its canonical form, so a look-alike host reads as what it is', async () => {
    dialog.showMessageBox.mockResolvedValue({ response: 1, checkboxChecked: false });
    expect(externalLinkTarget('https://exаmple.com/')).toBe('https://xn--exmple-4nf.com/');
    const open = createLinkOpener(new FakeWebContents() as unknown as WebContents);
    await open('HTTPS://Docs.Example/a b');
    expect(dialog.showMessageBox.mock.calls[0]![0]).toMatchObject({ detail: 'https://docs.example/a%20b' });
    expect(shell.openExternal.mock.calls).toEqual([['https://docs.example/a%20b']]);
  });

  it('asks one question at a time: links asked for while it is open are dropped', async () => {
    const pending = heldDialogs();
    const open = createLinkOpener(new FakeWebContents() as unknown as WebContents);
    const first = open('https://one.example/');
    await open('https://two.example/');
    await open('https://three.example/');
    expect(dialog.showMessageBox).toHaveBeenCalledTimes(1);
    pending[0]!({ response: 1, checkboxChecked: false });
    await first;
    expect(shell.openExternal.mock.calls).toEqual([['https://one.example/']]);
    // Once answered, the next link asks again.
    const next = open('https://four.example/');
    expect(dialog.showMessageBox).toHaveBeenCalledTimes(2);
    pending[1]!({ response: 0, checkboxChecked: false });
    await next;
    expect(shell.openExternal).toHaveBeenCalledTimes(1);
  });

  it('reports a browser that cannot be started, and asks again next time', async () => {
    dialog.showMessageBox.mockResolvedValue({ response: 1, checkboxChecked: false });
    shell.openExternal.mockRejectedValueOnce(new Error('no default browser'));
    const open = createLinkOpener(new FakeWebContents() as unknown as WebContents);
    await open('https://docs.example/');
    expect(errors).toEqual(['SyncDesk: could not open https://docs.example/ in the browser: no default browser']);
    await open('https://docs.example/');
    expect(shell.openExternal).toHaveBeenCalledTimes(2);
  });
});
