import type { SentMailView } from '../../../../src-preload/contract';
import { formatDateTime } from '../../components/format';

// How Sent mail words a message's state: kept apart from the table so it is tested without a DOM.

export interface StatusText {
  label: string;
  intent: 'none' | 'primary' | 'success' | 'danger';
  /** The hover text: when, and why it failed. */
  title: string;
}

export function sentMailStatus(m: Pick<SentMailView, 'status' | 'queuedAt' | 'sentAt' | 'error' | 'attempts'>): StatusText {
  const tries = m.attempts === 1 ? '1 attempt' : `${m.attempts} attempts`;
  switch (m.status) {
    case 'queued':
      return { label: m.attempts > 0 ? 'retrying' : 'queued', intent: 'primary', title: `Queued ${formatDateTime(m.queuedAt)}${m.attempts > 0 ? ` · ${tries} so far${m.error ? `: ${m.error}` : ''}` : ''}` };
    case 'sent':
      return { label: 'sent', intent: 'success', title: `The server took it ${formatDateTime(m.sentAt)} (${tries})` };
    case 'failed':
      return { label: 'failed', intent: 'danger', title: `Failed after ${tries}: ${m.error ?? 'no reason given'}` };
  }
}

/** "Ann <ann@example.com>, bob@example.com" shortened for a cell; the full list goes in the hover. */
export function recipients(to: readonly string[]): string {
  if (to.length <= 2) return to.join(', ');
  return `${to.slice(0, 2).join(', ')} +${to.length - 2}`;
}
