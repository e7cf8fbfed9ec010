// One secret sealed with AES-256-GCM: a fresh 12-byte nonce each time, the account name bound in as associated data
// (a sealed value moved to another account's row does not open), and the key's id in front, so a secret sealed with
// a key the server was not given is named as such instead of failing as garbage.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { EncryptionKey, EncryptionKeys } from './encryption-keys';

const VERSION = 'v1';

export class SealedSecretError extends Error {}

export function seal(key: EncryptionKey, account: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.bytes, iv);
  cipher.setAAD(Buffer.from(account, 'utf8'));
  const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return [VERSION, key.id, iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join('.');
}

/** The id of the key a sealed value needs. */
export function keyIdOf(sealed: string): string {
  const parts = sealed.split('.');
  if (parts.length !== 5 || parts[0] !== VERSION) throw new SealedSecretError('a saved secret is not in a form this version of SyncDesk knows');
  return parts[1]!;
}

export function open(keys: EncryptionKeys, account: string, sealed: string): string {
  const id = keyIdOf(sealed);
  const key = [keys.current, ...keys.previous].find((k) => k.id === id);
  if (!key) throw new SealedSecretError(`the secret of ${account} was encrypted with another key (id ${id}); start the server with that key as the previous one to rotate it`);
  const [, , iv, tag, body] = sealed.split('.');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.bytes, Buffer.from(iv!, 'base64'));
    decipher.setAAD(Buffer.from(account, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag!, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(body!, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new SealedSecretError(`the secret of ${account} does not open with its key: it was changed in the database, or belongs to another account`);
  }
}
