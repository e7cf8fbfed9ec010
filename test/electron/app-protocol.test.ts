import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src-preload/contract/csp';
import { createRendererFileHandler } from '../../src-main/electron/app-protocol';

vi.mock('electron', () => import('./electron-double'));

// A renderer build as electron-vite leaves it, with secrets beside it that app:// must never reach.
let base: string;
let rendererDir: string;
let handler: (request: Request) => Promise<Response>;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'syncdesk-app-protocol-'));
  rendererDir = join(base, 'out', 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>SyncDesk</title>');
  writeFileSync(join(rendererDir, 'assets', 'index-abc.js'), 'console.log(1);');
  writeFileSync(join(rendererDir, 'assets', 'index-abc.css'), 'body{}');
  writeFileSync(join(rendererDir, 'assets', 'icon.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  writeFileSync(join(rendererDir, 'assets', 'blob.bin'), 'x');
  writeFileSync(join(base, 'out', 'secret.txt'), 'outside the renderer');
  mkdirSync(join(base, 'out', 'renderer-old'));
  writeFileSync(join(base, 'out', 'renderer-old', 'index.html'), 'a sibling whose name starts like the root');
  symlinkSync(join(base, 'out', 'secret.txt'), join(rendererDir, 'assets', 'link-out.txt'));
  symlinkSync(join(rendererDir, 'index.html'), join(rendererDir, 'assets', 'link-in.html'));
  handler = createRendererFileHandler(rendererDir);
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

const get = (url: string, init?: RequestInit) => handler(new Request(url, init));

describe('app://syncdesk/', () => {
  it('serves the console document, with the CSP, nosniff and its type', async () => {
    const page = await get('app://syncdesk/index.html');
    expect(page.status).toBe(200);
    expect(await page.text()).toBe('<!doctype html><title>SyncDesk</title>');
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers / with index.html, and ignores query and fragment', async () => {
    expect(await (await get('app://syncdesk/')).text()).toContain('SyncDesk');
    expect(await (await get('app://syncdesk/index.html?x=1#/log')).text()).toContain('SyncDesk');
  });

  it('serves the build assets with the types Chromium needs (a module script must be JavaScript)', async () => {
    const types = {
      'app://syncdesk/assets/index-abc.js': 'text/javascript; charset=utf-8',
      'app://syncdesk/assets/index-abc.css': 'text/css; charset=utf-8',
      'app://syncdesk/assets/icon.png': 'image/png',
      'app://syncdesk/assets/blob.bin': 'application/octet-stream',
    };
    for (const [url, type] of Object.entries(types)) {
      const response = await get(url);
      expect(response.status, url).toBe(200);
      expect(response.headers.get('content-type'), url).toBe(type);
    }
    expect(await (await get('app://syncdesk/assets/index-abc.js')).text()).toBe('console.log(1);');
  });

  it('answers HEAD without a body, and refuses every other method', async () => {
    const head = await get('app://syncdesk/index.html', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    for (const method of ['POST', 'PUT', 'DELETE']) {
      const response = await get('app://syncdesk/index.html', { method, body: method === 'DELETE' ? null : 'x' });
      expect(response.status, method).toBe(405);
      expect(response.headers.get('allow')).toBe('GET, HEAD');
    }
  });

  it('refuses every way out of the renderer folder', async () => {
    for (const url of [
      'app://syncdesk/%2e%2e%2fsecret.txt',
      'app://syncdesk/%2E%2E%2F%2E%2E%2Fout%2Fsecret.txt',
      'app://syncdesk/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      'app://syncdesk/%2e%2e%2frenderer-old%2findex.html',
      'app://syncdesk/assets/%2e%2e%2f%2e%2e',
      'app://syncdesk/%2f..%2fsecret.txt',
    ]) {
      const response = await get(url);
      expect(response.status, url).toBe(403);
      expect(await response.text(), url).not.toContain('outside the renderer');
    }
  });

  it('refuses backslashes, NUL and malformed escapes', async () => {
    for (const url of [
      'app://syncdesk/..%5csecret.txt',
      'app://syncdesk/assets%5c..%5c..%5csecret.txt',
      'app://syncdesk/index.html%00.png',
      'app://syncdesk/%E0%A4%A',
    ]) {
      expect((await get(url)).status, url).toBe(400);
    }
  });

  it('refuses a symbolic link that points outside the folder, and follows one that stays inside', async () => {
    const out = await get('app://syncdesk/assets/link-out.txt');
    expect(out.status).toBe(403);
    expect(await out.text()).not.toContain('outside the renderer');
    const inside = await get('app://syncdesk/assets/link-in.html');
    expect(inside.status).toBe(200);
    expect(inside.headers.get('content-type')).toBe('text/html; charset=utf-8');
  });

  it('answers 404 for what is not a file of the build, and for any other host', async () => {
    for (const url of [
      'app://syncdesk/missing.js',
      'app://syncdesk/assets',
      'app://syncdesk/assets/',
      'app://other/index.html',
      'app://syncdesk:8080/index.html',
      // An absolute path is a path under the folder, not the disk's.
      `app://syncdesk/${encodeURIComponent(join(base, 'out', 'secret.txt'))}`,
    ]) {
      expect((await get(url)).status, url).toBe(404);
    }
  });

  it('finds a build made after it started (npm run build while the app runs)', async () => {
    const later = join(base, 'later');
    const serve = createRendererFileHandler(later);
    expect((await serve(new Request('app://syncdesk/index.html'))).status).toBe(404);
    mkdirSync(later);
    writeFileSync(join(later, 'index.html'), 'built');
    expect(await (await serve(new Request('app://syncdesk/index.html'))).text()).toBe('built');
  });
});
