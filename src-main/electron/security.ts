import { app, BrowserWindow, dialog, shell, type MessageBoxOptions, type Session, type WebContents } from 'electron';
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

/**
 * The only schemes a link may leave the app by. Anything else (file:, smb:, ms-settings:, javascript:, a custom
 * handler) is refused without asking: openExternal hands the URL to the OS, which runs whatever is registered for it.
 * http: stays out as well: the console links to nothing outside itself today, and a link to a plain-http page is one a
 * network in between can rewrite; widen this set only for a link that needs it.
 */
const EXTERNAL_SCHEMES: ReadonlySet<string> = new Set(['https:']);

/** The URL as the browser would get it, or null where it is not one SyncDesk lets out. */
export function externalLinkTarget(url: string): string | null {
  try {
    const parsed = new URL(url);
    // href is the canonical form (an IDN host in punycode), so what the user reads is what the browser opens.
    return EXTERNAL_SCHEMES.has(parsed.protocol) ? parsed.href : null;
  } catch {
    return null;
  }
}

/** Button order of the question: Cancel first and the default, so Enter or Esc leaves the link unopened. */
const OPEN_BUTTON = 1;

function confirmation(href: string): MessageBoxOptions {
  return {
    type: 'question',
    title: 'Open link',
    message: 'Open this link in your browser?',
    detail: href,
    buttons: ['Cancel', 'Open in browser'],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
  };
}

/**
 * A link the user follows leaves the app for the default browser, over https only, and only once the user has read
 * the address and said yes. One question at a time per webContents: a page that opens links in a loop gets one dialog,
 * and the links it asked for meanwhile are dropped.
 */
export function createLinkOpener(contents: WebContents): (url: string) => Promise<void> {
  let asking = false;
  return async (url) => {
    const href = externalLinkTarget(url);
    if (href === null || asking) return;
    asking = true;
    try {
      const parent = BrowserWindow.fromWebContents(contents);
      const options = confirmation(href);
      const { response } =
        parent && !parent.isDestroyed() ? await dialog.showMessageBox(parent, options) : await dialog.showMessageBox(options);
      if (response !== OPEN_BUTTON) return;
      await shell.openExternal(href);
    } catch (err) {
      console.error(`SyncDesk: could not open ${href} in the browser: ${(err as Error).message}`);
    } finally {
      asking = false;
    }
  };
}

/** The console never leaves its own document, never opens windows and never hosts a <webview>. */
export function guardWebContents(contents: WebContents, isOwnUrl: (url: string) => boolean): void {
  const open = createLinkOpener(contents);
  const openInBrowser = (url: string): void => void open(url);
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

/**
 * Guards every webContents the app ever creates, including any the renderer might coax into existence. The check may
 * depend on the webContents (a team server's window allows its server's origin, the console's window its app:// page).
 */
export function installNavigationGuards(isOwnUrl: (url: string, contents: WebContents) => boolean): void {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, (url) => isOwnUrl(url, contents)));
}
