import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArgsError, parseLaunchArgs } from '../config/args';
import { resolveDataDir } from '../config/data-dir';
import { parseServeArgs, type ServeArgs } from './team-args';
import { EncryptionKeyError, loadEncryptionKeys } from '../secrets/encryption-keys';
import { SERVE_USAGE, serveHelp } from './serve-usage';


/** Exit code of a refusal to start as asked (bad flags, no key, a file that cannot be read). */
const REFUSED = 2;

function refuse(message: string): never {
  console.error(`syncdesk: ${message}`);
  process.exit(REFUSED);
}

function readPem(path: string, flag: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    return refuse(`the file given by ${flag} (${path}) cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

function keysOf(serve: ServeArgs) {
  try {
    return loadEncryptionKeys({ env: process.env, keyFile: serve.keyFile, previousKeyFile: serve.previousKeyFile });
  } catch (err) {
    if (!(err instanceof EncryptionKeyError)) throw err;
    return refuse(`a team server does not start without its encryption key. ${err.message}`);
  }
}

async function main(): Promise<void> {
  let launch;
  let serve;
  try {
    serve = parseServeArgs(process.argv.slice(2), process.env);
    launch = parseLaunchArgs(serve.rest);
  } catch (err) {
    if (err instanceof ArgsError) refuse(`${err.message}\n${SERVE_USAGE}`);
    throw err;
  }
  if (serve.help) {
    console.log(serveHelp());
    process.exit(0);
  }
  // The core is loaded once the flags are known to be good: --help and a refusal answer at once.
  if (serve.createAdmin !== null) {
    const { adminPassword, createAdmin, CreateAdminError } = await import('./create-admin');
    try {
      console.log(await createAdmin({ dataDir: resolveDataDir(), database: serve.database, email: serve.createAdmin, password: await adminPassword(process.env, process.stdin) }));
      process.exit(0);
    } catch (err) {
      if (!(err instanceof CreateAdminError)) throw err;
      refuse(`could not create the admin: ${err.message}`);
    }
  }
  const postgres = serve.database !== null ? { url: serve.database, keys: keysOf(serve) } : undefined;
  if (serve.rotateKey && postgres) {
    const { rotateEncryptionKey } = await import('./rotate-key');
    try {
      console.log(await rotateEncryptionKey(postgres));
      process.exit(0);
    } catch (err) {
      refuse(`the encryption key was not rotated: ${(err as Error).message}`);
    }
  }
  const tls = serve.tls ? { cert: readPem(serve.tls.cert, '--tls-cert'), key: readPem(serve.tls.key, '--tls-key') } : undefined;
  const { startHeadless } = await import('./start-headless');
  const app = await startHeadless({
    dataDir: resolveDataDir(),
    launch,
    // The renderer build sits next to the built serve.js (out/main -> out/renderer).
    rendererDir: join(dirname(fileURLToPath(import.meta.url)), '..', 'renderer'),
    host: serve.host,
    ...(serve.filesDir !== null ? { filesDir: serve.filesDir } : {}),
    ...(serve.team ? { team: serve.team } : {}),
    ...(postgres ? { core: { postgres } } : {}),
    ...(tls ? { tls } : {}),
  });
  // These two lines are an interface: scripts read them to find the console and the listener.
  console.log(`console: ${app.server.url}`);
  console.log(`listener: ${app.core.listenerUrl}`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.error(`syncdesk: ${signal}, stopping`);
    await app.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: Error) => {
  console.error(`syncdesk: could not start: ${err.message}`);
  process.exit(1);
});
