import { realpath, readFile, stat } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { protocol } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../../src-preload/contract/csp';
import { APP_HOST, APP_SCHEME } from './app-files';

/**
 * Registers app:// as a standard, secure scheme: standard gives the console a real origin (app://syncdesk), so
 * relative URLs, 'self' in the CSP and storage work as on https; secure makes it a secure context. Electron accepts
 * this only before the app is ready, and only once.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true } }]);
}

/** Serves app://syncdesk/ from the renderer build folder, and nothing else (after the app is ready). */
export function serveRendererOverAppScheme(rendererDir: string): void {
  protocol.handle(APP_SCHEME, createRendererFileHandler(rendererDir));
}

// What the renderer build holds. A module script served without a JavaScript type is refused by Chromium, and
// nosniff (below) stops it guessing any other type.
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

// The session's onHeadersReceived listener (security.ts) is not relied on for a custom scheme: Electron has not
// always run webRequest's header events for them. The CSP travels with every response this handler makes.
function headers(contentType: string): Headers {
  return new Headers({
    'Content-Type': contentType,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
  });
}

function refuse(status: 400 | 403 | 404 | 405, text: string): Response {
  const answer = headers('text/plain; charset=utf-8');
  if (status === 405) answer.set('Allow', 'GET, HEAD');
  return new Response(text, { status, headers: answer });
}

function isInside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

/**
 * The app:// handler: GET and HEAD of app://syncdesk/<path> answer the file at <path> under `rendererDir` ("/" is
 * index.html). Whatever would leave that folder is refused: `..` (the URL parser folds plain ones; encoded slashes and
 * backslashes are decoded here and checked), NUL, another host, and a symbolic link pointing outside the folder.
 */
export function createRendererFileHandler(rendererDir: string): (request: Request) => Promise<Response> {
  const root = resolve(rendererDir);
  let realRoot: Promise<string> | null = null;

  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, 'Method not allowed');
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return refuse(400, 'Bad request');
    }
    // (A URL with a user name never gets here: Request refuses to carry credentials.)
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return refuse(404, 'Not found');

    let path: string;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      return refuse(400, 'Bad request');
    }
    if (path.includes('\0') || path.includes('\\')) return refuse(400, 'Bad request');
    if (path === '' || path === '/') path = '/index.html';

    const target = resolve(root, `.${path}`);
    if (!isInside(root, target)) return refuse(403, 'Forbidden');

    let real: string;
    try {
      realRoot ??= realpath(root);
      const inside = await realRoot;
      real = await realpath(target);
      if (!isInside(inside, real)) return refuse(403, 'Forbidden');
      if (!(await stat(real)).isFile()) return refuse(404, 'Not found');
    } catch {
      // The build folder or the file is missing; try the build folder again next time (a rebuild may add it).
      realRoot = null;
      return refuse(404, 'Not found');
    }

    const type = CONTENT_TYPES[extname(real).toLowerCase()] ?? 'application/octet-stream';
    if (request.method === 'HEAD') return new Response(null, { status: 200, headers: headers(type) });
    return new Response(await readFile(real), { status: 200, headers: headers(type) });
  };
}
