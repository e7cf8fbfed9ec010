import { spawn } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  electronLaunch,
  findElectronRuntime,
  headlessFallbackNotice,
  headlessLaunch,
} from '../../scripts/electron-runtime.mjs';

const SCRIPTS = fileURLToPath(new URL('../../scripts', import.meta.url));

describe('findElectronRuntime', () => {
  it('on this machine (package installed, binary never downloaded) reports the runtime missing, with the reason', () => {
    const runtime = findElectronRuntime();
    expect(runtime).toEqual({
      ok: false,
      kind: 'missing',
      reason: 'the electron package is installed but its binary was never downloaded',
    });
  });

  const present = { resolveBinary: () => '/opt/electron/electron', exists: () => true };

  it('finds a downloaded binary where a display is available', () => {
    expect(findElectronRuntime({ ...present, platform: 'linux', env: { DISPLAY: ':0' } })).toEqual({
      ok: true,
      path: '/opt/electron/electron',
    });
    expect(findElectronRuntime({ ...present, platform: 'linux', env: { WAYLAND_DISPLAY: 'wayland-0' } }).ok).toBe(true);
    expect(findElectronRuntime({ ...present, platform: 'darwin', env: {} }).ok).toBe(true);
    expect(findElectronRuntime({ ...present, platform: 'win32', env: {} }).ok).toBe(true);
  });

  it('reports a path that does not exist', () => {
    const runtime = findElectronRuntime({ ...present, exists: () => false, platform: 'linux', env: { DISPLAY: ':0' } });
    expect(runtime).toEqual({ ok: false, kind: 'missing', reason: 'no Electron binary at /opt/electron/electron' });
  });

  it('reports a package that is not installed at all', () => {
    const runtime = findElectronRuntime({
      resolveBinary: () => {
        throw Object.assign(new Error("Cannot find module 'electron'"), { code: 'MODULE_NOT_FOUND' });
      },
    });
    expect(runtime).toMatchObject({ ok: false, reason: 'the electron package is not installed' });
  });

  it('on Linux without a display server, reports that no window can open', () => {
    expect(findElectronRuntime({ ...present, platform: 'linux', env: {} })).toEqual({
      ok: false,
      kind: 'no-display',
      reason: 'neither DISPLAY nor WAYLAND_DISPLAY is set',
    });
  });
});

describe('the launch plans', () => {
  it('the fallback notice is one line that says why and what happens instead', () => {
    const notice = headlessFallbackNotice({ ok: false, kind: 'missing', reason: 'no Electron binary at /x' });
    expect(notice).toBe(
      'SyncDesk: the Electron runtime is not installed on this machine (no Electron binary at /x); ' +
        'serving the console in headless mode instead.',
    );
    expect(headlessFallbackNotice({ ok: false, kind: 'no-display', reason: 'r' })).toMatch(/^SyncDesk: .*cannot open a window/);
  });

  it('Electron runs the app folder with our flags after --, and never as plain Node', () => {
    const launch = electronLaunch('/opt/electron/electron', '/app', ['--port', '0', '--no-sandbox'], {
      PATH: '/bin',
      ELECTRON_RUN_AS_NODE: '1',
    });
    expect(launch).toEqual({
      command: '/opt/electron/electron',
      args: ['/app', '--', '--port', '0', '--no-sandbox'],
      env: { PATH: '/bin' },
    });
  });

  it('headless mode runs out/main/serve.js with the same flags', () => {
    expect(headlessLaunch('/usr/bin/node', '/app', ['--sandbox'], {}).args).toEqual(['/app/out/main/serve.js', '--sandbox']);
  });
});

describe('scripts/start.mjs', () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'syncdesk-start-'));
    cpSync(SCRIPTS, join(root, 'scripts'), { recursive: true });
    mkdirSync(join(root, 'out', 'main'), { recursive: true });
    // Stands in for the headless server: prints its flags, exits 3, or on SIGTERM says so and exits 0.
    writeFileSync(
      join(root, 'out', 'main', 'serve.js'),
      `if (process.argv.includes('--wait')) {
         process.on('SIGTERM', () => { console.log('serve got SIGTERM'); process.exit(0); });
         setInterval(() => {}, 1000);
       }
       console.log('serve ' + JSON.stringify(process.argv.slice(2)));
       if (!process.argv.includes('--wait')) process.exit(3);`,
    );
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function fakeElectronPackage(binary: string): void {
    const dir = join(root, 'node_modules', 'electron');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'index.js'), `module.exports = ${JSON.stringify(binary)};`);
  }

  function runStart(args: string[], env: NodeJS.ProcessEnv, onOutput?: (out: string, child: ReturnType<typeof spawn>) => void) {
    return new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
      const child = spawn(process.execPath, [join(root, 'scripts', 'start.mjs'), ...args], { env, cwd: root });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        onOutput?.(stdout, child);
      });
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('close', (code) => done({ code, stdout, stderr }));
    });
  }

  const baseEnv = { PATH: process.env.PATH, HOME: process.env.HOME };

  it('without Electron: prints one line saying so, serves headless with the same flags, and exits with its code', async () => {
    const { code, stdout } = await runStart(['--port', '0', '--no-sandbox'], baseEnv);
    expect(stdout.split('\n')).toEqual([
      'SyncDesk: the Electron runtime is not installed on this machine (the electron package is not installed); ' +
        'serving the console in headless mode instead.',
      'serve ["--port","0","--no-sandbox"]',
      '',
    ]);
    expect(code).toBe(3);
  });

  it('passes SIGTERM on to the server it started', async () => {
    const { code, stdout } = await runStart(['--wait'], baseEnv, (out, child) => {
      if (out.includes('serve ["--wait"]') && !out.includes('SIGTERM')) child.kill('SIGTERM');
    });
    expect(stdout).toContain('serve got SIGTERM');
    expect(code).toBe(0);
  });

  it('with Electron: runs it on the app folder with our flags after --, never as plain Node', async () => {
    const binary = join(root, 'electron');
    writeFileSync(binary, '#!/bin/sh\necho "electron $* node=${ELECTRON_RUN_AS_NODE:-off}"\nexit 5\n');
    chmodSync(binary, 0o755);
    fakeElectronPackage(binary);
    const { code, stdout } = await runStart(['--port', '0', '--no-sandbox'], {
      ...baseEnv,
      DISPLAY: ':0',
      ELECTRON_RUN_AS_NODE: '1',
    });
    expect(stdout).toBe(`electron ${root} -- --port 0 --no-sandbox node=off\n`);
    expect(code).toBe(5);
  });

  it('falls back to headless when the Electron binary cannot be executed', async () => {
    const binary = join(root, 'electron');
    writeFileSync(binary, '#!/nonexistent/interpreter\n');
    chmodSync(binary, 0o755);
    fakeElectronPackage(binary);
    const { code, stdout } = await runStart(['--sandbox'], { ...baseEnv, DISPLAY: ':0' });
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(
      `SyncDesk: the Electron runtime is not installed on this machine (${binary} could not be started: ENOENT); ` +
        'serving the console in headless mode instead.',
    );
    expect(lines[1]).toBe('serve ["--sandbox"]');
    expect(code).toBe(3);
  });
});
