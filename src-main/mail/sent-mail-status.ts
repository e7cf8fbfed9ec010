import type { SentMailView } from '../../src-preload/contract';

/** What became of a queued email: sent once the server took it, failed once its job gave up, else still queued. */
export function sentMailStatus(m: { sentAt: number | null; jobStatus: string | null }): SentMailView['status'] {
  if (m.sentAt !== null) return 'sent';
  return m.jobStatus === 'failed' || m.jobStatus === 'dead' || m.jobStatus === 'dismissed' ? 'failed' : 'queued';
}
