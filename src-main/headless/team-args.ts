import { ArgsError } from '../config/args';
import { publicOriginOf } from './request-guard';

export interface ServeArgs {
  /** Team mode (staff sign-in); null for the per-start token. */
  team: { trustProxy: boolean; publicUrls: string[] } | null;
  /** --create-admin EMAIL: create that admin and exit. */
  createAdmin: string | null;
  /** The flags `npm start` shares, left for parseLaunchArgs. */
  rest: string[];
}

/** The flags only `npm run serve` knows, taken out before the shared ones are parsed. */
export function parseServeArgs(argv: string[]): ServeArgs {
  const rest: string[] = [];
  let team = false;
  let trustProxy = false;
  let createAdmin: string | null = null;
  const publicUrls: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--team') team = true;
    else if (a === '--trust-proxy') trustProxy = true;
    else if (a === '--public-url' || a.startsWith('--public-url=')) {
      // The address staff open (behind a proxy): Host and Origin must name it or loopback, against DNS rebinding.
      const value = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (!value || value.startsWith('--')) throw new ArgsError('--public-url needs the address staff open, e.g. --public-url https://syncdesk.example.com');
      try {
        publicOriginOf(value);
      } catch (err) {
        throw new ArgsError((err as Error).message);
      }
      publicUrls.push(value);
    } else if (a === '--create-admin' || a.startsWith('--create-admin=')) {
      const value = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (!value || value.startsWith('--')) throw new ArgsError('--create-admin needs the new admin’s email, e.g. --create-admin ada@example.com');
      createAdmin = value;
    } else rest.push(a);
  }
  if (trustProxy && !team) throw new ArgsError('--trust-proxy only applies with --team (staff sign-in)');
  if (publicUrls.length && !team) throw new ArgsError('--public-url only applies with --team (staff sign-in)');
  return { team: team ? { trustProxy, publicUrls } : null, createAdmin, rest };
}
