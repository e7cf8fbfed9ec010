// `npm start`, after the build: the SyncDesk console in an Electron window, or, where the Electron runtime cannot
// run, one line saying why and the same console in headless mode. Flags (--port, --listener-port, --sandbox,
// --no-sandbox) are passed on to whichever starts.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronLaunch, findElectronRuntime, headlessFallbackNotice, headlessLaunch } from './electron-runtime.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM'];

/** Runs the child on our stdio and ends this process the way the child ended. */
function run(launch, onSpawnError) {
  const child = spawn(launch.command, launch.args, { stdio: 'inherit', env: launch.env });
  const forward = (signal) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
  const detach = () => {
    for (const signal of FORWARDED_SIGNALS) process.off(signal, forward);
  };
  child.once('error', (err) => {
    detach();
    onSpawnError(err, child.pid === undefined);
  });
  child.once('exit', (code, signal) => {
    detach();
    if (signal) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
}

function serveHeadless(runtime) {
  console.log(headlessFallbackNotice(runtime));
  run(headlessLaunch(process.execPath, root, args, process.env), (err) => {
    console.error(`SyncDesk: could not start headless mode: ${err.message}`);
    process.exit(1);
  });
}

const runtime = findElectronRuntime();
if (!runtime.ok) {
  serveHeadless(runtime);
} else {
  run(electronLaunch(runtime.path, root, args, process.env), (err, neverStarted) => {
    if (neverStarted && (err.code === 'ENOENT' || err.code === 'EACCES')) {
      serveHeadless({ ok: false, kind: 'missing', reason: `${runtime.path} could not be started: ${err.code}` });
      return;
    }
    console.error(`SyncDesk: Electron failed: ${err.message}`);
    process.exit(1);
  });
}
