import { MAX_ATTACHMENT_BYTES } from '../../../../src-preload/contract';
import { formatBytes } from '../../components/format';

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
