import { isIP } from 'node:net';
import { ArgsError } from '../config/args';
import { publicOriginOf } from './request-guard';

export interface ServeArgs {
  /** Team mode (staff sign-in); null for the per-start token. A team server's database implies it. */
  team: { trustProxy: boolean; publicUrls: string[] } | null;
  /** --create-admin EMAIL: create that admin and exit. */
  createAdmin: string | null;
  /** --database URL (or SYNCDESK_DATABASE_URL): the store on that PostgreSQL database; null for the data folder's SQLite. */
  database: string | null;
  /** --encryption-key-file / --previous-encryption-key-file: a team server's key files (else the environment's keys). */
  keyFile: string | null;
  previousKeyFile: string | null;
  /** --rotate-encryption-key: re-seal the saved secrets with the current key, then exit. */
  rotateKey: boolean;
  /** --tls-cert PATH --tls-key PATH: the console over HTTPS. */
  tls: { cert: string; key: string } | null;
  /** --host ADDRESS: where the console listens; 127.0.0.1 unless staff on other computers open it (team mode only). */
  host: string;
  /** --files-dir PATH: downloads, exports and attachments (a folder every engine shares); null for the data folder. */
  filesDir: string | null;
  /** --help: print the usage and exit. */
  help: boolean;
  /** The flags `npm start` shares, left for parseLaunchArgs. */
  rest: string[];
}

const VALUE_FLAGS = {
  '--create-admin': 'the new admin’s email, e.g. --create-admin ada@example.com',
  '--database': 'the PostgreSQL database’s URL, e.g. --database postgres://syncdesk@db.example/syncdesk',
  '--encryption-key-file': 'the path of the file holding the encryption key',
  '--previous-encryption-key-file': 'the path of the file holding the previous encryption key',
  '--tls-cert': 'the path of the certificate (PEM), e.g. --tls-cert /etc/syncdesk/cert.pem',
  '--tls-key': 'the path of the certificate’s private key (PEM)',
  '--host': 'the address the console listens on, e.g. --host 0.0.0.0 (every interface)',
  '--files-dir': 'the folder for downloads, exports and attachments, e.g. --files-dir /mnt/syncdesk-files',
} as const;
type ValueFlag = keyof typeof VALUE_FLAGS;

const SWITCHES = ['--team', '--trust-proxy', '--rotate-encryption-key', '--help'] as const;
type Switch = (typeof SWITCHES)[number];
/** May be given more than once. */
const PUBLIC_URL = '--public-url';
const REPEATED = [PUBLIC_URL] as const;

/** Every flag parseServeArgs takes itself (the usage text and the README are checked against this list). */
export const SERVE_FLAGS: readonly string[] = [...SWITCHES, ...REPEATED, ...Object.keys(VALUE_FLAGS)];

/** 127.0.0.0/8 and ::1 (also as an IPv4-mapped address): only this computer reaches them. */
export function isLoopbackAddress(address: string): boolean {
  const a = address.toLowerCase().replace(/^::ffff:/, '');
  return a === '::1' || (isIP(a) === 4 && a.startsWith('127.'));
}

/** The flags only `npm run serve` knows, taken out before the shared ones are parsed. */
export function parseServeArgs(argv: string[], env: NodeJS.ProcessEnv = {}): ServeArgs {
  const rest: string[] = [];
  const on = new Set<Switch>();
  const values: Partial<Record<ValueFlag, string>> = {};
  const publicUrls: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]! === '-h' ? '--help' : argv[i]!;
    const flag = (Object.keys(VALUE_FLAGS) as ValueFlag[]).find((f) => a === f || a.startsWith(`${f}=`));
    if ((SWITCHES as readonly string[]).includes(a)) on.add(a as Switch);
    else if (a === PUBLIC_URL || a.startsWith(`${PUBLIC_URL}=`)) {
      // The address staff open (behind a proxy): Host and Origin must name it or loopback, against DNS rebinding.
      const value = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (!value || value.startsWith('--')) throw new ArgsError('--public-url needs the address staff open, e.g. --public-url https://syncdesk.example.com');
      try {
        publicOriginOf(value);
      } catch (err) {
        throw new ArgsError((err as Error).message);
      }
      publicUrls.push(value);
    } else if (flag) {
      const value = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (!value || value.startsWith('--')) throw new ArgsError(`${flag} needs ${VALUE_FLAGS[flag]}`);
      values[flag] = value;
    } else rest.push(a);
  }
  const team = on.has('--team');
  const trustProxy = on.has('--trust-proxy');
  const rotateKey = on.has('--rotate-encryption-key');
  const database = values['--database'] ?? (env.SYNCDESK_DATABASE_URL || null);
  if (database !== null && !/^postgres(ql)?:\/\//.test(database))
    throw new ArgsError(`${values['--database'] ? '--database' : 'SYNCDESK_DATABASE_URL'} must be a PostgreSQL URL starting with postgres:// (e.g. postgres://syncdesk@db.example/syncdesk)`);
  const usesDatabase = ['--encryption-key-file', '--previous-encryption-key-file'] as const;
  for (const f of usesDatabase) if (values[f] && database === null) throw new ArgsError(`${f} only applies to a team server's database (--database)`);
  if (rotateKey && database === null) throw new ArgsError('--rotate-encryption-key only applies to a team server\'s database (--database)');
  if (trustProxy && !team && database === null) throw new ArgsError('--trust-proxy only applies with --team (staff sign-in)');
  if (publicUrls.length && !team && database === null) throw new ArgsError('--public-url only applies with --team (staff sign-in)');
  const cert = values['--tls-cert'];
  const key = values['--tls-key'];
  if ((cert === undefined) !== (key === undefined)) throw new ArgsError('--tls-cert and --tls-key go together: give both, or neither');
  const staffSignIn = team || database !== null;
  const host = values['--host'] ?? '127.0.0.1';
  if (isIP(host) === 0) throw new ArgsError(`--host must be an IP address of this computer to listen on, e.g. --host 0.0.0.0 (every interface) or --host 192.0.2.10; "${host}" is not one`);
  if (!isLoopbackAddress(host)) {
    // Off loopback anyone on the network reaches the console: only staff sign-in guards it, and only TLS keeps
    // their passwords and session cookies off the wire.
    if (!staffSignIn)
      throw new ArgsError(`--host ${host} lets other computers reach the console, and only staff sign-in may guard it there: add --team (or --database), or leave --host at 127.0.0.1`);
    if (cert === undefined && !publicUrls.some((u) => publicOriginOf(u).startsWith('https://')))
      throw new ArgsError(
        `--host ${host} serves the console to the network, where passwords and session cookies must travel encrypted: give --tls-cert and --tls-key, or put a TLS proxy in front and name its address with --public-url https://...`,
      );
  }
  return {
    team: staffSignIn ? { trustProxy, publicUrls } : null,
    createAdmin: values['--create-admin'] ?? null,
    database,
    keyFile: values['--encryption-key-file'] ?? null,
    previousKeyFile: values['--previous-encryption-key-file'] ?? null,
    rotateKey,
    tls: cert !== undefined && key !== undefined ? { cert, key } : null,
    host,
    filesDir: values['--files-dir'] ?? null,
    help: on.has('--help'),
    rest,
  };
}
