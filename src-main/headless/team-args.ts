import { ArgsError } from '../config/args';

export interface ServeArgs {
  /** Team mode (staff sign-in); null for the per-start token. */
  team: { trustProxy: boolean } | null;
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
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--team') team = true;
    else if (a === '--trust-proxy') trustProxy = true;
    else if (a === '--create-admin' || a.startsWith('--create-admin=')) {
      const value = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (!value || value.startsWith('--')) throw new ArgsError('--create-admin needs the new admin’s email, e.g. --create-admin ada@example.com');
      createAdmin = value;
    } else rest.push(a);
  }
  if (trustProxy && !team) throw new ArgsError('--trust-proxy only applies with --team (staff sign-in)');
  return { team: team ? { trustProxy } : null, createAdmin, rest };
}
