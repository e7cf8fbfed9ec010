#!/usr/bin/env node
// Runs a command where the OS keychain is reachable. On Linux without a Secret Service on the session bus, it starts
// a private D-Bus session and an unlocked gnome-keyring (in a throwaway folder) for the command's lifetime, so the
// keychain tests talk to a real keychain. Elsewhere it runs the command as is.
import { spawnSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
if (args.length === 0) {
  console.error('usage: with-keyring.mjs <command> [args...]');
  process.exit(2);
}

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
const inside = process.env.SYNCDESK_KEYRING_WRAPPED === '1';

function run(cmd, cmdArgs, env) {
  const child = spawn(cmd, cmdArgs, { stdio: 'inherit', env });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (process.platform !== 'linux' || inside || !has('dbus-run-session') || !has('gnome-keyring-daemon')) {
  if (process.platform === 'linux' && !inside && !process.env.DBUS_SESSION_BUS_ADDRESS)
    console.error('with-keyring: dbus-run-session or gnome-keyring-daemon is missing (apt install dbus gnome-keyring); keychain tests will say so.');
  run(args[0], args.slice(1), process.env);
} else {
  const home = mkdtempSync(join(tmpdir(), 'syncdesk-keyring-'));
  const script = 'printf "syncdesk-test" | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec "$@"';
  const env = { ...process.env, SYNCDESK_KEYRING_WRAPPED: '1', XDG_DATA_HOME: join(home, 'data'), XDG_RUNTIME_DIR: home };
  const child = spawn('dbus-run-session', ['--', 'sh', '-c', script, 'sh', ...args], { stdio: 'inherit', env });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => {
    rmSync(home, { recursive: true, force: true });
    process.exit(code ?? (signal ? 1 : 0));
  });
}
