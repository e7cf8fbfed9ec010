import { join, resolve } from 'node:path';

/**
 * The renderer is served from this privileged scheme, not file:// (Electron's security checklist, item 18): file://
 * gives the page the whole disk as its origin, app://syncdesk/ gives it one folder (see app-protocol.ts).
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'syncdesk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** Where the build put the pieces the window needs (electron-vite: out/main, out/preload, out/renderer). */
export interface AppFiles {
  preload: string;
  /** The renderer build: the only folder app://syncdesk/ serves. */
  rendererDir: string;
  rendererIndex: string;
  /** The console's own document; the only page allowed to talk to main. */
  rendererUrl: string;
  /**
   * The window icon Linux shows (macOS and Windows take theirs from the app bundle and the exe). It sits in the app's
   * own folder, beside out/, so a package must keep resources/icons/ in the app (electron-builder's default `files` does).
   */
  windowIcon: string;
}

export function appFilesBeside(mainOutDir: string): AppFiles {
  const out = resolve(mainOutDir, '..');
  const rendererDir = join(out, 'renderer');
  return {
    preload: join(out, 'preload', 'index.cjs'),
    rendererDir,
    rendererIndex: join(rendererDir, 'index.html'),
    rendererUrl: `${APP_ORIGIN}/index.html`,
    windowIcon: join(out, '..', 'resources', 'icons', '256x256.png'),
  };
}

/**
 * True for the console's own document, whatever its query or fragment (the renderer may route by hash). Same scheme,
 * host and path, and no user name or password, which would otherwise ride along unchecked.
 */
export function isAppUrl(candidate: string, rendererUrl: string): boolean {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return false;
  }
  const own = new URL(rendererUrl);
  return (
    url.protocol === own.protocol &&
    url.host === own.host &&
    url.pathname === own.pathname &&
    url.username === '' &&
    url.password === ''
  );
}
