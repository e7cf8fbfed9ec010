// What `npm start` decides before it launches anything: can the Electron runtime open a window on this machine,
// and if not, how the same console is served in headless mode instead.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** The electron npm package exports its binary's path, and throws when the binary was never downloaded. */
function electronBinaryFromPackage() {
  return createRequire(import.meta.url)('electron');
}

function whyNoBinary(err) {
  const message = String(err && err.message ? err.message : err);
  if (err && err.code === 'MODULE_NOT_FOUND') return 'the electron package is not installed';
  // The package's index.js says this when its install script never downloaded the binary (install scripts off).
  if (/failed to install correctly/i.test(message)) return 'the electron package is installed but its binary was never downloaded';
  return `the electron package did not give a binary: ${message.split('\n')[0].trim()}`;
}

/**
 * @returns {{ ok: true, path: string } | { ok: false, reason: string, kind: 'missing' | 'no-display' }}
 */
export function findElectronRuntime({
  resolveBinary = electronBinaryFromPackage,
  exists = existsSync,
  env = process.env,
  platform = process.platform,
} = {}) {
  let path;
  try {
    path = resolveBinary();
  } catch (err) {
    return { ok: false, reason: whyNoBinary(err), kind: 'missing' };
  }
  if (typeof path !== 'string' || path === '' || !exists(path)) {
    return { ok: false, reason: `no Electron binary at ${path}`, kind: 'missing' };
  }
  // Electron on Linux exits at once without a display server; a build machine gets the headless console instead.
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return { ok: false, reason: 'neither DISPLAY nor WAYLAND_DISPLAY is set', kind: 'no-display' };
  }
  return { ok: true, path };
}

/** The one line `npm start` prints before it falls back to headless mode. */
export function headlessFallbackNotice(runtime) {
  const what =
    runtime.kind === 'no-display'
      ? 'the Electron runtime cannot open a window here'
      : 'the Electron runtime is not installed on this machine';
  return `SyncDesk: ${what} (${runtime.reason}); serving the console in headless mode instead.`;
}

/**
 * Electron runs the app folder (package.json "main" is out/main/index.js) with SyncDesk's flags after `--`, where
 * Chromium does not read them as its own switches (see src-main/electron/launch.ts).
 */
export function electronLaunch(electronPath, root, args, env) {
  const childEnv = { ...env };
  // Inherited from an Electron-based terminal or tool, this would make the binary behave as plain Node.
  delete childEnv.ELECTRON_RUN_AS_NODE;
  return { command: electronPath, args: [root, '--', ...args], env: childEnv };
}

/** Headless mode: the same core and renderer build served on 127.0.0.1 (prints `console: http://...`). */
export function headlessLaunch(nodePath, root, args, env) {
  return { command: nodePath, args: [join(root, 'out', 'main', 'serve.js'), ...args], env: { ...env } };
}
