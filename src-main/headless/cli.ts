import { ArgsError, parseLaunchArgs } from '../config/args';
import { resolveDataDir } from '../config/data-dir';
import { startHeadless } from './start-headless';
import { parseServeArgs } from './team-args';
import { adminPassword, createAdmin, CreateAdminError } from './create-admin';

async function main(): Promise<void> {
  let launch;
  let serve;
  try {
    serve = parseServeArgs(process.argv.slice(2));
    launch = parseLaunchArgs(serve.rest);
  } catch (err) {
    if (err instanceof ArgsError) {
      console.error(`syncdesk: ${err.message}\nusage: npm run serve -- [--port N] [--listener-port N] [--listener-host ADDR] [--sandbox | --no-sandbox] [--team [--trust-proxy]] [--create-admin EMAIL]`);
      process.exit(2);
    }
    throw err;
  }
  if (serve.createAdmin !== null) {
    try {
      console.log(await createAdmin({ dataDir: resolveDataDir(), email: serve.createAdmin, password: await adminPassword(process.env, process.stdin) }));
      process.exit(0);
    } catch (err) {
      if (!(err instanceof CreateAdminError)) throw err;
      console.error(`syncdesk: could not create the admin: ${err.message}`);
      process.exit(2);
    }
  }
  const app = await startHeadless({ dataDir: resolveDataDir(), launch, ...(serve.team ? { team: serve.team } : {}) });
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
