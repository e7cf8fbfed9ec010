import type { Session, WebContents } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { app, fakeEvent, FakeWebContents, resetElectronDouble, session, shell } from './electron-double';
import { CONTENT_SECURITY_POLICY } from '../../src-preload/contract/csp';
import { isAppUrl } from '../../src-main/electron/app-files';
import { guardWebContents, installNavigationGuards, secureSession } from '../../src-main/electron/security';

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

  it('send an https link the user follows to the browser, and nothing else', () => {
    const contents = guarded();
    for (const url of ['https://docs.example/help', 'http://plain.example/', 'file:///etc/passwd', 'smb://share/x']) {
      contents.emit('will-navigate', fakeEvent({ url }), url);
    }
    expect(shell.openExternal.mock.calls).toEqual([['https://docs.example/help']]);
  });

  it('prevent redirects away from the console', () => {
    const contents = guarded();
    const away = fakeEvent({ url: 'https://evil.example/' });
    contents.emit('will-redirect', away, away.url);
    expect(away.defaultPrevented).toBe(true);
  });

  it('deny window.open, whatever the URL', () => {
    const contents = guarded();
    for (const url of ['https://docs.example/', RENDERER_URL, 'about:blank', 'file:///etc/passwd']) {
      expect(contents.windowOpenHandler!({ url })).toEqual({ action: 'deny' });
    }
    expect(shell.openExternal.mock.calls).toEqual([['https://docs.example/']]);
  });

  it('prevent attaching a <webview>', () => {
    const contents = guarded();
    const event = fakeEvent();
    contents.emit('will-attach-webview', event, { preload: '/tmp/evil.js' }, { src: 'https://evil.example/' });
    expect(event.defaultPrevented).toBe(true);
  });
});
