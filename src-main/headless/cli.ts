import { ArgsError, parseLaunchArgs } from '../config/args';
import { resolveDataDir } from '../config/data-dir';
import { startHeadless } from './start-headless';

async function main(): Promise<void> {
  let launch;
  try {
    launch = parseLaunchArgs(process.argv.slice(2));
  } catch (err) {
    if (err instanceof ArgsError) {
      console.error(`syncdesk: ${err.message}\nusage: npm run serve -- [--port N] [--listener-port N] [--listener-host ADDR] [--sandbox | --no-sandbox]`);
      process.exit(2);
    }
    throw err;
  }
  const app = await startHeadless({ dataDir: resolveDataDir(), launch });
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
