// A team server's key for the secrets it keeps in its database (there is no OS keychain on a server): 32 random bytes,
// given base64-encoded in SYNCDESK_ENCRYPTION_KEY or in a file (--encryption-key-file). The previous key, while one is
// being rotated out, comes the same way (SYNCDESK_PREVIOUS_ENCRYPTION_KEY, --previous-encryption-key-file).
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';

export interface EncryptionKey {
  /** Names the key without revealing it: the first 8 bytes of its SHA-256, in hex. Each sealed secret carries it. */
  id: string;
  bytes: Buffer;
}

export interface EncryptionKeys {
  current: EncryptionKey;
  /** Keys secrets may still be sealed with; rotation re-seals them with the current one. */
  previous: EncryptionKey[];
}

export class EncryptionKeyError extends Error {}

const HOW =
  'A team server keeps connection secrets in its database, encrypted with a key of 32 random bytes. Make one with ' +
  '`openssl rand -base64 32` and give it as SYNCDESK_ENCRYPTION_KEY, or put it in a file readable only by the server ' +
  'and give --encryption-key-file PATH. Keep a copy: without it the saved secrets cannot be read.';

export function keyOf(base64: string, from: string): EncryptionKey {
  const text = base64.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) throw new EncryptionKeyError(`The encryption key in ${from} is not base64 text. ${HOW}`);
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length !== 32) throw new EncryptionKeyError(`The encryption key in ${from} decodes to ${bytes.length} bytes; it must be 32. ${HOW}`);
  return { id: createHash('sha256').update(bytes).digest('hex').slice(0, 16), bytes };
}

function fromFile(path: string, flag: string): EncryptionKey {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new EncryptionKeyError(`The key file given by ${flag} (${path}) cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.`);
  }
  const key = keyOf(text, `${flag} ${path}`);
  // Group or others able to read the key can read every secret: say so, as ssh does for a private key.
  if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0) {
    throw new EncryptionKeyError(`The key file ${path} can be read by other users of this machine; make it readable by the server only (chmod 600 ${path}).`);
  }
  return key;
}

export interface KeySources {
  env: NodeJS.ProcessEnv;
  keyFile?: string | null;
  previousKeyFile?: string | null;
}

/** The server's keys, or a plain refusal to start: a team server never keeps secrets it could not read back. */
export function loadEncryptionKeys(sources: KeySources): EncryptionKeys {
  const { env } = sources;
  if (sources.keyFile && env.SYNCDESK_ENCRYPTION_KEY) throw new EncryptionKeyError('Give the encryption key once: SYNCDESK_ENCRYPTION_KEY or --encryption-key-file, not both.');
  const current = sources.keyFile
    ? fromFile(sources.keyFile, '--encryption-key-file')
    : env.SYNCDESK_ENCRYPTION_KEY
      ? keyOf(env.SYNCDESK_ENCRYPTION_KEY, 'SYNCDESK_ENCRYPTION_KEY')
      : null;
  if (!current) throw new EncryptionKeyError(`No encryption key is given. ${HOW}`);
  const previous: EncryptionKey[] = [];
  if (sources.previousKeyFile) previous.push(fromFile(sources.previousKeyFile, '--previous-encryption-key-file'));
  if (env.SYNCDESK_PREVIOUS_ENCRYPTION_KEY) previous.push(keyOf(env.SYNCDESK_PREVIOUS_ENCRYPTION_KEY, 'SYNCDESK_PREVIOUS_ENCRYPTION_KEY'));
  return { current, previous: previous.filter((k) => k.id !== current.id) };
}
