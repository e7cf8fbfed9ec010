import { MAX_ATTACHMENT_BYTES, type CaseAttachmentView } from '../../../../src-preload/contract';
import { formatBytes, formatDateTime } from '../../components/format';

/** Why a file cannot be attached, or null: the cap is checked before the file is read or sent. */
export function attachmentProblem(file: { name: string; size: number }): string | null {
  if (file.size > MAX_ATTACHMENT_BYTES) return `${file.name} is larger than ${formatBytes(MAX_ATTACHMENT_BYTES)}, the most an attachment can be (it is ${formatBytes(file.size)}).`;
  if (/[/\\\0]/.test(file.name) || !file.name.trim()) return 'The file needs a plain name.';
  return null;
}

/** "data:text/plain;base64,SGVsbG8=" -> "SGVsbG8=". */
export function base64OfDataUrl(dataUrl: string): string {
  const comma = dataUrl.indexOf(',');
  return comma < 0 ? '' : dataUrl.slice(comma + 1);
}

export function readAsBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(base64OfDataUrl(String(reader.result)));
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsDataURL(file);
  });
}

/** What the file's link (an Enquiry Document at Confirm) does now: revoked, expired, expiring, or open. */
export function linkStateOf(a: Pick<CaseAttachmentView, 'linkLegacy' | 'linkRevokedAt' | 'linkExpiresAt'>, now: number): { live: boolean; text: string } {
  const legacy = a.linkLegacy ? ' (legacy link, from before links were capabilities)' : '';
  if (a.linkRevokedAt !== null) return { live: false, text: `Link revoked ${formatDateTime(a.linkRevokedAt)}` };
  if (a.linkExpiresAt !== null && now >= a.linkExpiresAt) return { live: false, text: `Link expired ${formatDateTime(a.linkExpiresAt)}` };
  if (a.linkExpiresAt !== null) return { live: true, text: `Link expires ${formatDateTime(a.linkExpiresAt)}${legacy}` };
  return { live: true, text: `Link does not expire${legacy}` };
}
