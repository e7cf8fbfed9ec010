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
} as const;
type ValueFlag = keyof typeof VALUE_FLAGS;

/** The flags only `npm run serve` knows, taken out before the shared ones are parsed. */
export function parseServeArgs(argv: string[], env: NodeJS.ProcessEnv = {}): ServeArgs {
  const rest: string[] = [];
  let team = false;
  let trustProxy = false;
  let rotateKey = false;
  const values: Partial<Record<ValueFlag, string>> = {};
  const publicUrls: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const flag = (Object.keys(VALUE_FLAGS) as ValueFlag[]).find((f) => a === f || a.startsWith(`${f}=`));
    if (a === '--team') team = true;
    else if (a === '--trust-proxy') trustProxy = true;
    else if (a === '--rotate-encryption-key') rotateKey = true;
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
    } else if (flag) {
      const value = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (!value || value.startsWith('--')) throw new ArgsError(`${flag} needs ${VALUE_FLAGS[flag]}`);
      values[flag] = value;
    } else rest.push(a);
  }
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
  return {
    team: team || database !== null ? { trustProxy, publicUrls } : null,
    createAdmin: values['--create-admin'] ?? null,
    database,
    keyFile: values['--encryption-key-file'] ?? null,
    previousKeyFile: values['--previous-encryption-key-file'] ?? null,
    rotateKey,
    tls: cert !== undefined && key !== undefined ? { cert, key } : null,
    rest,
  };
}
