// An attachment's link is a capability: whoever holds <listener>/attachments/<id>?token=<token> may fetch that one
// file, without a sign-in, so Confirm's users can open an Enquiry Document. The token is 32 random bytes, one per
// attachment (identical files get unrelated links); only its SHA-256 is stored, so a copy of the database hands out
// no working link it did not already hold in a job's payload. A link can be revoked and may expire.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AttachmentRow } from '../store/attachments-repo';

export interface LinkCapability {
  /** Exists only in memory and in the message that hands the link out; never in the attachment's row. */
  token: string;
  /** SHA-256 (hex) of the token: what the store keeps. */
  hash: string;
}

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

export function newLinkCapability(): LinkCapability {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: sha256(token).toString('hex') };
}

// Compared against when there is no row (or a row without a hash), so every request pays the same work.
const NOTHING = Buffer.alloc(32);

type LinkFields = Pick<AttachmentRow, 'sha256' | 'linkLegacy' | 'linkTokenHash' | 'linkRevokedAt' | 'linkExpiresAt'>;

/** What the presented token must hash to. A legacy row's token is its file's SHA-256 (the link before migration 0010). */
function expectedHashOf(a: LinkFields | null): Buffer {
  if (!a) return NOTHING;
  if (a.linkLegacy) return sha256(a.sha256);
  return a.linkTokenHash && /^[0-9a-f]{64}$/.test(a.linkTokenHash) ? Buffer.from(a.linkTokenHash, 'hex') : NOTHING;
}

export function linkIsLive(a: Pick<LinkFields, 'linkRevokedAt' | 'linkExpiresAt'>, now: number): boolean {
  return a.linkRevokedAt === null && (a.linkExpiresAt === null || now < a.linkExpiresAt);
}

/**
 * Whether `token` opens attachment `a` at `now`. The row is found by its id, never by the token; the presented token
 * is hashed and compared in constant time exactly once whatever the row (missing, legacy, revoked, expired), and
 * only then are the row's states looked at, so nothing about the stored hash shapes the time of a refusal.
 */
export function linkAccepts(a: LinkFields | null, token: string, now: number): boolean {
  const matches = timingSafeEqual(sha256(token), expectedHashOf(a));
  return matches && a !== null && linkIsLive(a, now);
}
