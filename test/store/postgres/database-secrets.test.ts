// A team server's secrets in PostgreSQL, sealed with its key (AES-256-GCM): never in clear text in the database, a
// wrong or missing key refused in plain words, a tampered or moved value refused, and the key rotated with nothing lost.
import { randomBytes } from 'node:crypto';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDatabaseCredentialStore } from '../../../src-main/secrets/database-credential-store';
import { EncryptionKeyError, keyOf, loadEncryptionKeys } from '../../../src-main/secrets/encryption-keys';
import type { PgRepositories } from '../../../src-main/store/postgres/repositories';
import { tempDir } from '../../support/harness';
import { postgresStore } from './pg-store';

const newKey = () => randomBytes(32).toString('base64');
let close: (() => void | Promise<void>) | null = null;
afterEach(async () => {
  await close?.();
  close = null;
});

async function store(): Promise<PgRepositories> {
  const s = await postgresStore();
  close = s.close;
  return s.repos;
}

const raw = async (repos: PgRepositories) => await repos.secrets.all();

describe('secrets on a team server', () => {
  it('keeps each secret sealed in the database and reads it back with the key; another key is named, not misread', async () => {
    const repos = await store();
    const key = newKey();
    const secrets = createDatabaseCredentialStore(repos.secrets, loadEncryptionKeys({ env: { SYNCDESK_ENCRYPTION_KEY: key } }));
    await secrets.set('confirm:password', 'correct horse battery staple');
    await secrets.set('erp:password', 'sesame-ÄÖÜ-€');
    expect(await secrets.get('confirm:password')).toBe('correct horse battery staple');
    expect(await secrets.get('erp:password')).toBe('sesame-ÄÖÜ-€');
    expect(await secrets.has('erp:password')).toBe(true);
    expect(await secrets.get('cerm:password')).toBeNull();

    const rows = await raw(repos);
    expect(rows.map((r) => r.account)).toEqual(['confirm:password', 'erp:password']);
    for (const r of rows) {
      expect(r.sealed).not.toContain('horse');
      expect(Buffer.from(r.sealed.split('.')[4]!, 'base64').toString('latin1')).not.toContain('horse');
    }
    // The same secret sealed twice differs (a fresh nonce each time).
    await secrets.set('confirm:password', 'correct horse battery staple');
    expect((await raw(repos))[0]!.sealed).not.toBe(rows[0]!.sealed);

    const other = createDatabaseCredentialStore(repos.secrets, loadEncryptionKeys({ env: { SYNCDESK_ENCRYPTION_KEY: newKey() } }));
    await expect(other.get('erp:password')).rejects.toThrow(/encrypted with another key \(id [0-9a-f]{16}\)/);
    expect(await secrets.delete('erp:password')).toBe(true);
    expect(await secrets.delete('erp:password')).toBe(false);
  });

  it('refuses a sealed value that was changed in the database or moved to another account', async () => {
    const repos = await store();
    const keys = loadEncryptionKeys({ env: { SYNCDESK_ENCRYPTION_KEY: newKey() } });
    const secrets = createDatabaseCredentialStore(repos.secrets, keys);
    await secrets.set('erp:password', 'sesame');
    await secrets.set('confirm:password', 'other');
    const [confirm, erp] = await raw(repos);
    await repos.secrets.put('cerm:password', erp!.sealed, Date.now());
    await expect(secrets.get('cerm:password')).rejects.toThrow(/does not open with its key/);
    const parts = confirm!.sealed.split('.');
    const body = Buffer.from(parts[4]!, 'base64');
    body[0] = body[0]! ^ 1;
    parts[4] = body.toString('base64');
    await repos.secrets.put('confirm:password', parts.join('.'), Date.now());
    await expect(secrets.get('confirm:password')).rejects.toThrow(/does not open with its key/);
    expect(await secrets.get('erp:password')).toBe('sesame');
  });

  it('rotates the key: every secret re-sealed with the new one, readable with it alone; a key it lacks stops it unchanged', async () => {
    const repos = await store();
    const oldKey = newKey();
    const before = createDatabaseCredentialStore(repos.secrets, loadEncryptionKeys({ env: { SYNCDESK_ENCRYPTION_KEY: oldKey } }));
    for (const c of ['cerm', 'confirm', 'erp', 'accounting']) await before.set(`${c}:password`, `${c}-secret`);

    const stranger = createDatabaseCredentialStore(repos.secrets, loadEncryptionKeys({ env: { SYNCDESK_ENCRYPTION_KEY: newKey() } }));
    await stranger.set('mail:password', 'smtp');
    const rowsBefore = await raw(repos);
    const newOne = newKey();
    const rotating = createDatabaseCredentialStore(repos.secrets, loadEncryptionKeys({ env: { SYNCDESK_ENCRYPTION_KEY: newOne, SYNCDESK_PREVIOUS_ENCRYPTION_KEY: oldKey } }));
    await expect(rotating.rotate()).rejects.toThrow(/1 saved secret\(s\) \(mail:password\) were encrypted with a key this server was not given.*Nothing was changed/);
    expect(await raw(repos)).toEqual(rowsBefore);
    await repos.secrets.delete('mail:password');

    expect(await rotating.rotate()).toEqual({ resealed: 4, current: 0 });
    expect(await rotating.rotate()).toEqual({ resealed: 0, current: 4 });
    const after = createDatabaseCredentialStore(repos.secrets, loadEncryptionKeys({ env: { SYNCDESK_ENCRYPTION_KEY: newOne } }));
    for (const c of ['cerm', 'confirm', 'erp', 'accounting']) expect(await after.get(`${c}:password`)).toBe(`${c}-secret`);
    await expect(before.get('erp:password')).rejects.toThrow(/encrypted with another key/);
  });
});

describe('the server\'s encryption key', () => {
  it('refuses to start without one, or with one that is not 32 bytes of base64, saying how to make one', () => {
    expect(() => loadEncryptionKeys({ env: {} })).toThrow(EncryptionKeyError);
    expect(() => loadEncryptionKeys({ env: {} })).toThrow(/No encryption key is given.*openssl rand -base64 32.*SYNCDESK_ENCRYPTION_KEY.*--encryption-key-file/);
    expect(() => loadEncryptionKeys({ env: { SYNCDESK_ENCRYPTION_KEY: randomBytes(16).toString('base64') } })).toThrow(/decodes to 16 bytes; it must be 32/);
    expect(() => loadEncryptionKeys({ env: { SYNCDESK_ENCRYPTION_KEY: 'not base64!' } })).toThrow(/is not base64 text/);
  });

  it('reads the key from a file readable by the server only, and refuses one others can read', () => {
    const dir = tempDir();
    const key = newKey();
    const file = join(dir, 'key');
    writeFileSync(file, `${key}\n`);
    chmodSync(file, 0o644);
    expect(() => loadEncryptionKeys({ env: {}, keyFile: file })).toThrow(/can be read by other users of this machine.*chmod 600/);
    chmodSync(file, 0o600);
    expect(loadEncryptionKeys({ env: {}, keyFile: file }).current.id).toBe(keyOf(key, 'test').id);
    expect(() => loadEncryptionKeys({ env: { SYNCDESK_ENCRYPTION_KEY: key }, keyFile: file })).toThrow(/Give the encryption key once/);
    expect(() => loadEncryptionKeys({ env: {}, keyFile: join(dir, 'missing') })).toThrow(/cannot be read: ENOENT/);
  });
});
