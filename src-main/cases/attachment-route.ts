import { createHash, timingSafeEqual } from 'node:crypto';
import type { ListenerRoute } from '../listener/listener-server';
import type { Repositories } from '../store/repositories';
import { readAttachment } from './attachment-store';

export const ATTACHMENT_LINK_PATH = '/attachments/';

/**
 * The link an Enquiry Document holds: /attachments/<id>?token=<the file's sha256>. The token is a capability: only
 * someone who was given the link (or already has the file) can name it, so the listener can serve the file to Confirm
 * without a sign-in, and nothing else in the data folder is reachable.
 */
export function attachmentLink(base: string, attachmentId: number, sha256: string): string {
  return `${base}${ATTACHMENT_LINK_PATH}${attachmentId}?token=${sha256}`;
}

function same(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

export function attachmentRoute(deps: { repos: Repositories; attachmentsDir: string }): ListenerRoute {
  const notFound = { status: 404, body: JSON.stringify({ error: 'no such attachment' }) };
  return {
    method: 'GET',
    path: ATTACHMENT_LINK_PATH,
    handle(req) {
      const id = Number(req.path.slice(ATTACHMENT_LINK_PATH.length));
      const token = req.query.get('token') ?? '';
      const a = Number.isInteger(id) && id > 0 ? deps.repos.attachments.get(id) : null;
      // One answer for a missing file and a wrong token: the link reveals nothing it does not grant.
      if (!a || !same(token, a.sha256)) return notFound;
      return {
        status: 200,
        body: readAttachment(deps.attachmentsDir, a.storedName),
        contentType: a.contentType,
        headers: { 'content-disposition': `attachment; filename="${a.fileName.replace(/["\\\r\n]/g, '_')}"` },
      };
    },
  };
}
