import { app, shell, type Session, type WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../../src-preload/contract/csp';

/**
 * The response headers with the app's CSP set, for whatever the session loads over http(s). The console's own
 * app:// responses carry the same CSP from their handler (app-protocol.ts), which does not depend on this listener.
 */
export function withContentSecurityPolicy(headers: Record<string, string[]> | undefined): Record<string, string[]> {
  return { ...headers, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] };
}

/** CSP on every response, and every permission (camera, notifications, clipboard read, devices...) refused. */
export function secureSession(ses: Session): void {
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders) });
  });
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
}

function isHttpsUrl(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}

/** A link the user follows leaves the app for the default browser, and only over https. */
function openInBrowser(url: string): void {
  if (!isHttpsUrl(url)) return;
  shell.openExternal(url).catch((err: unknown) => {
    console.error(`SyncDesk: could not open ${url} in the browser: ${(err as Error).message}`);
  });
}

/** The console never leaves its own document, never opens windows and never hosts a <webview>. */
export function guardWebContents(contents: WebContents, isOwnUrl: (url: string) => boolean): void {
  contents.on('will-navigate', (event) => {
    if (isOwnUrl(event.url)) return;
    event.preventDefault();
    openInBrowser(event.url);
  });
  contents.on('will-redirect', (event) => {
    if (!isOwnUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openInBrowser(url);
    return { action: 'deny' };
  });
}

/** Guards every webContents the app ever creates, including any the renderer might coax into existence. */
export function installNavigationGuards(isOwnUrl: (url: string) => boolean): void {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, isOwnUrl));
}
