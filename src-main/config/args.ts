import { parseArgs } from 'node:util';

export interface LaunchOptions {
  /** Console port in headless mode; 0 picks a free one. */
  port: number;
  /** Inbound listener port; 0 picks a free one. */
  listenerPort: number;
  /** true / false when given on the command line, undefined to follow the stored setting (on by default). */
  sandbox: boolean | undefined;
  /** The inbound listener's address; 127.0.0.1 unless a back-office system must reach it from elsewhere. */
  listenerHost: string;
}

export class ArgsError extends Error {}

function portOf(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new ArgsError(`--${name} must be a port number from 0 to 65535, got "${raw}"`);
  return n;
}

/** The flags both `npm start` and `npm run serve` accept (their usage texts are checked against this list). */
export const LAUNCH_OPTIONS = {
  port: { type: 'string' },
  'listener-port': { type: 'string' },
  sandbox: { type: 'boolean' },
  'no-sandbox': { type: 'boolean' },
  'listener-host': { type: 'string' },
} as const;

/** The shared flags; unknown flags are refused with a clear message. */
export function parseLaunchArgs(argv: string[]): LaunchOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: LAUNCH_OPTIONS,
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new ArgsError((err as Error).message);
  }
  const listenerHost = values['listener-host'] ?? '127.0.0.1';
  return {
    port: portOf('port', values.port, 0),
    listenerPort: portOf('listener-port', values['listener-port'], 0),
    sandbox: values['no-sandbox'] ? false : values.sandbox ? true : undefined,
    listenerHost,
  };
}
