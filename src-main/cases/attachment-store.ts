// Attachment files live in the data folder's attachments/, named by a random id (never the user's file name, so no
// path can be smuggled in); the row keeps the name, type, size and sha256.
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MAX_ATTACHMENT_BYTES } from '../../src-preload/contract';
import { AppErrorException } from '../errors/app-error';

export function attachmentsDirOf(dataRoot: string): string {
  return join(dataRoot, 'attachments');
}

/** From a job's context, which knows the data folder's sub-folders but not its root. */
export function attachmentsDirFromFiles(files: { downloads: string }): string {
  return attachmentsDirOf(dirname(files.downloads));
}

export interface StoredFile {
  storedName: string;
  size: number;
  sha256: string;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function decodeAttachment(contentBase64: string): Buffer {
  const compact = contentBase64.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !BASE64.test(compact)) throw new AppErrorException('invalid_input', 'The file content is not valid base64.', [{ path: 'contentBase64', message: 'not base64' }]);
  const data = Buffer.from(compact, 'base64');
  if (data.byteLength > MAX_ATTACHMENT_BYTES)
    throw new AppErrorException('invalid_input', `The file is ${data.byteLength} bytes; attachments are limited to ${MAX_ATTACHMENT_BYTES} bytes.`, [{ path: 'contentBase64', message: 'too large' }]);
  return data;
}

export function storeAttachment(dir: string, data: Buffer): StoredFile {
  mkdirSync(dir, { recursive: true });
  const storedName = randomUUID();
  writeFileSync(join(dir, storedName), data, { flag: 'wx' });
  return { storedName, size: data.byteLength, sha256: createHash('sha256').update(data).digest('hex') };
}

export function removeAttachment(dir: string, storedName: string): void {
  rmSync(join(dir, storedName), { force: true });
}

export function readAttachment(dir: string, storedName: string): Buffer {
  return readFileSync(join(dir, storedName));
}
