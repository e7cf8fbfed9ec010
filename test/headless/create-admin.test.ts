import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../src-main/store/database';
import { createRepositories } from '../../src-main/store/repositories';
import { verifyPassword } from '../../src-main/customers/password-hash';
import { tempDir } from '../support/harness';

// The built command, as `npm run serve -- --create-admin EMAIL` runs it (`npm run build` first).
const SERVE = join(process.cwd(), 'out', 'main', 'serve.js');

function createAdmin(dataDir: string, args: string[], opts: { password?: string; stdin?: string } = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, SYNCDESK_DATA_DIR: dataDir };
  delete env.SYNCDESK_ADMIN_PASSWORD;
  if (opts.password !== undefined) env.SYNCDESK_ADMIN_PASSWORD = opts.password;
  return spawnSync(process.execPath, [SERVE, ...args], { env, input: opts.stdin ?? '', encoding: 'utf8', timeout: 60_000 });
}

async function adminsOf(dataDir: string) {
  const db = openDatabase(join(dataDir, 'syncdesk.db'));
  try {
    return await createRepositories(db).staff.list();
  } finally {
    db.close();
  }
}

describe('--create-admin', () => {
  it('is built', () => {
    expect(existsSync(SERVE), 'run `npm run build` first').toBe(true);
  });

  it('creates an admin with the password from SYNCDESK_ADMIN_PASSWORD, prints one line and exits', async () => {
    const dir = tempDir();
    const r = createAdmin(dir, ['--create-admin', 'Ada@Team.Example'], { password: 'a long admin password' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^admin created: ada@team\.example \(id \d+\)\n$/);
    const [ada] = await adminsOf(dir);
    expect(ada).toMatchObject({ email: 'ada@team.example', role: 'admin', disabled: false });
    expect(await verifyPassword(ada!.passwordHash, 'a long admin password')).toBe(true);
  });

  it('reads the password from standard input when the variable is not set', async () => {
    const dir = tempDir();
    const r = createAdmin(dir, ['--create-admin', 'bob@team.example'], { stdin: 'typed on stdin, long\n' });
    expect(r.status, r.stderr).toBe(0);
    expect(await verifyPassword((await adminsOf(dir))[0]!.passwordHash, 'typed on stdin, long')).toBe(true);
  });

  it('refuses a short password, a bad email and a second admin with the same email, in plain words, creating nothing', async () => {
    const dir = tempDir();
    const short = createAdmin(dir, ['--create-admin', 'ada@team.example'], { password: 'short' });
    expect(short.status).toBe(2);
    expect(short.stderr).toMatch(/could not create the admin: the password needs at least 12 characters/);
    const bad = createAdmin(dir, ['--create-admin', 'not-an-email'], { password: 'a long admin password' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/"not-an-email" is not an email address/);
    expect(createAdmin(dir, ['--create-admin', 'ada@team.example'], { password: 'a long admin password' }).status).toBe(0);
    const again = createAdmin(dir, ['--create-admin', 'ADA@team.example'], { password: 'another long password' });
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/There is already a staff user with the email ada@team\.example/);
    expect((await adminsOf(dir)).length).toBe(1);
  });
});
