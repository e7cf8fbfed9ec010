import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LAUNCH_OPTIONS, parseLaunchArgs } from '../../src-main/config/args';
import { parseServeArgs, SERVE_FLAGS } from '../../src-main/headless/team-args';
import { SERVE_FLAG_HELP, SERVE_USAGE } from '../../src-main/headless/serve-usage';

// `npm run serve`'s usage, its --help and the README's interface table name exactly the flags its parsers take:
// a flag added to a parser and not to the texts (or the other way round) fails here.

const SERVE = join(process.cwd(), 'out', 'main', 'serve.js');
const parserFlags = [...SERVE_FLAGS, ...Object.keys(LAUNCH_OPTIONS).map((k) => `--${k}`)].sort();
const flagsIn = (text: string) => [...new Set(text.match(/--[a-z][a-z-]*[a-z]/g) ?? [])].sort();

/** The README's table of the stable interface: the rows between its heading and the next section. */
function interfaceTable(): string {
  const readme = readFileSync(join(process.cwd(), 'README.md'), 'utf8');
  const start = readme.indexOf('## Headless mode and its stable interface');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  return section
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .join('\n');
}

describe("serve's usage", () => {
  it('names every flag the parsers take, and no other', () => {
    expect(parserFlags).toContain('--public-url');
    expect(flagsIn(SERVE_USAGE)).toEqual(parserFlags);
  });

  it('explains every flag under --help, and no other', () => {
    expect(flagsIn(SERVE_FLAG_HELP.map(([flag]) => flag).join(' '))).toEqual(parserFlags);
  });

  it("has every flag in the README's interface table", () => {
    const table = interfaceTable();
    expect(parserFlags.filter((f) => !new RegExp(`${f}(?![a-z-])`).test(table))).toEqual([]);
  });

  it('takes all of them on one command line', () => {
    const argv = [
      ...['--port', '0', '--host', '0.0.0.0', '--listener-port', '0', '--listener-host', '127.0.0.1', '--sandbox', '--no-sandbox', '--files-dir', '/srv/files'],
      ...['--team', '--trust-proxy', '--public-url', 'https://syncdesk.example.com', '--create-admin', 'ada@example.com', '--tls-cert', 'c.pem', '--tls-key', 'k.pem'],
      ...['--database', 'postgres://syncdesk@db/syncdesk', '--encryption-key-file', 'key', '--previous-encryption-key-file', 'old', '--rotate-encryption-key', '--help'],
    ];
    expect(flagsIn(argv.join(' '))).toEqual(parserFlags);
    const serve = parseServeArgs(argv);
    expect(serve).toMatchObject({ host: '0.0.0.0', filesDir: '/srv/files', help: true, rotateKey: true });
    expect(parseLaunchArgs(serve.rest)).toMatchObject({ port: 0, listenerHost: '127.0.0.1' });
  });

  it('prints the usage with each flag explained on --help, and exits with code 0', () => {
    const help = spawnSync(process.execPath, [SERVE, '--help'], { encoding: 'utf8', timeout: 30_000 });
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toContain(SERVE_USAGE);
    expect(help.stdout).toMatch(/\n {2}--files-dir PATH +downloads, exports and attachments here/);
  });
});
