import contentDisposition from 'content-disposition';
import { MIME_TYPE_PATTERN } from '../../src-preload/contract';
import type { ListenerRoute } from '../listener/listener-server';
import type { Repositories } from '../store/repositories';
import { readAttachment } from './attachment-store';
import { linkAccepts } from './attachment-capability';

export const ATTACHMENT_LINK_PATH = '/attachments/';

/**
 * The link an Enquiry Document holds: /attachments/<id>?token=<the attachment's capability> (attachment-capability.ts).
 * Only someone who was given the link can name it, so the listener serves the file to Confirm without a sign-in, and
 * nothing else in the data folder is reachable.
 */
export function attachmentLink(base: string, attachmentId: number, token: string): string {
  return `${base}${ATTACHMENT_LINK_PATH}${attachmentId}?token=${encodeURIComponent(token)}`;
}

/**
 * RFC 6266: the name as given in `filename*` (UTF-8, RFC 5987 percent-encoding) and a Latin-1 `filename` for clients
 * that read only that one. Quotes, backslashes and control characters become "_" first (rows from before the
 * contract refused controls may hold them), so the plain parameter never needs escaping that some clients misread.
 */
export function dispositionOf(fileName: string): string {
  const name = fileName.replace(/["\\\p{Cc}]/gu, '_');
  return contentDisposition(name, { type: 'attachment', fallback: name.replace(/[^\x20-\x7e\xa0-\xff]/gu, '_') });
}

export function attachmentRoute(deps: { repos: Repositories; attachmentsDir: string; now?: () => number }): ListenerRoute {
  const now = deps.now ?? Date.now;
  const notFound = { status: 404, body: JSON.stringify({ error: 'no such attachment' }) };
  return {
    method: 'GET',
    path: ATTACHMENT_LINK_PATH,
    async handle(req) {
      const id = Number(req.path.slice(ATTACHMENT_LINK_PATH.length));
      const token = req.query.get('token') ?? '';
      const a = Number.isInteger(id) && id > 0 ? await deps.repos.attachments.get(id) : null;
      // One answer for a missing file, a wrong token and a revoked or expired link: the link reveals nothing it does
      // not grant.
      if (!linkAccepts(a, token, now()) || !a) return notFound;
      return {
        status: 200,
        body: readAttachment(deps.attachmentsDir, a.storedName),
        // A type stored before the contract checked it is not trusted to be a header.
        contentType: MIME_TYPE_PATTERN.test(a.contentType) ? a.contentType : 'application/octet-stream',
        headers: { 'content-disposition': dispositionOf(a.fileName) },
      };
    },
  };
}
