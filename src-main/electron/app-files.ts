import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Where the build put the pieces the window needs (electron-vite: out/main, out/preload, out/renderer). */
export interface AppFiles {
  preload: string;
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
  const rendererIndex = join(out, 'renderer', 'index.html');
  return {
    preload: join(out, 'preload', 'index.cjs'),
    rendererIndex,
    rendererUrl: pathToFileURL(rendererIndex).href,
    windowIcon: join(out, '..', 'resources', 'icons', '256x256.png'),
  };
}

/** True for the console's own document, whatever its query or fragment (the renderer may route by hash). */
export function isAppUrl(candidate: string, rendererUrl: string): boolean {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return false;
  }
  const own = new URL(rendererUrl);
  return url.protocol === own.protocol && url.host === own.host && url.pathname === own.pathname;
}
