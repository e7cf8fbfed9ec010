// `npm run serve`'s usage: printed with a refused flag and by --help. test/headless/serve-usage.test.ts holds it to
// the parsers' own lists (team-args' SERVE_FLAGS, args' LAUNCH_OPTIONS) and to the README's interface table.

export const SERVE_USAGE =
  'usage: npm run serve -- [--port N] [--host ADDRESS] [--listener-port N] [--listener-host ADDRESS] [--sandbox | --no-sandbox] [--files-dir PATH]\n' +
  '       [--team [--trust-proxy] [--public-url URL ...]] [--create-admin EMAIL] [--tls-cert PATH --tls-key PATH]\n' +
  '       [--database postgres://USER@HOST/DB [--encryption-key-file PATH] [--previous-encryption-key-file PATH] [--rotate-encryption-key]]\n' +
  '       [--help]';

/** What each flag does, for --help. */
export const SERVE_FLAG_HELP: readonly (readonly [string, string])[] = [
  ['--port N', 'the console’s port (0, the default, picks a free one)'],
  ['--host ADDRESS', 'the console’s address: 127.0.0.1 unless staff on other computers open it (team mode, with TLS or --public-url https://...)'],
  ['--listener-port N', 'the inbound listener’s port (0 picks a free one)'],
  ['--listener-host ADDRESS', 'the inbound listener’s address (127.0.0.1)'],
  ['--sandbox, --no-sandbox', 'connections against the simulators, or not (remembered)'],
  ['--files-dir PATH', 'downloads, exports and attachments here instead of the data folder (a folder every engine shares)'],
  ['--team', 'staff sign in instead of the per-start token'],
  ['--trust-proxy', 'believe a TLS proxy’s X-Forwarded-Proto and X-Forwarded-For'],
  ['--public-url URL', 'an address staff open besides loopback, e.g. the proxy’s https://syncdesk.example.com (repeatable)'],
  ['--create-admin EMAIL', 'create an admin (password from SYNCDESK_ADMIN_PASSWORD or stdin) and exit'],
  ['--tls-cert PATH, --tls-key PATH', 'serve the console over HTTPS with this certificate and key (PEM)'],
  ['--database URL', 'a team server: the store on this PostgreSQL database (or SYNCDESK_DATABASE_URL)'],
  ['--encryption-key-file PATH', 'the key the database’s secrets are sealed with (or SYNCDESK_ENCRYPTION_KEY)'],
  ['--previous-encryption-key-file PATH', 'the key before it, while rotating (or SYNCDESK_PREVIOUS_ENCRYPTION_KEY)'],
  ['--rotate-encryption-key', 're-seal every saved secret with the current key and exit'],
  ['--help', 'print this and exit'],
];

export function serveHelp(): string {
  const width = Math.max(...SERVE_FLAG_HELP.map(([f]) => f.length));
  return `${SERVE_USAGE}\n\n${SERVE_FLAG_HELP.map(([f, what]) => `  ${f.padEnd(width)}  ${what}`).join('\n')}`;
}
