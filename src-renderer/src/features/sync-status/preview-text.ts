// What a preview run says, from what the contract answers (tested without a browser).
import type { PreviewResult } from '../../../../src-preload/contract';
import { formatCount } from '../../components/format';

/** "Would create 2,000, update 3 and leave 10 unchanged; 4 skipped." */
export function previewHeadline(p: PreviewResult): string {
  const c = p.counts;
  if (p.status === 'failed') return `The preview could not finish: ${p.message ?? 'the run failed'}`;
  const parts = [c.created && `create ${formatCount(c.created)}`, c.updated && `update ${formatCount(c.updated)}`].filter(Boolean) as string[];
  const touched = parts.length ? `Would ${parts.join(' and ')}` : 'Would change nothing';
  const rest = [c.unchanged && `${formatCount(c.unchanged)} checked and unchanged`, c.skipped && `${formatCount(c.skipped)} skipped`, c.failed && `${formatCount(c.failed)} failing`].filter(Boolean) as string[];
  return `${touched}${rest.length ? `; ${rest.join(', ')}` : ''} (${formatCount(c.fetched)} read).`;
}

/** "It would queue 3 welcome-email jobs." or null. */
export function previewJobs(p: PreviewResult): string | null {
  if (!p.jobs.length) return null;
  return `It would queue ${p.jobs.map((j) => `${formatCount(j.count)} ${j.kind} job${j.count === 1 ? '' : 's'}`).join(', ')}; a preview queues none.`;
}

/** Shown under the list when it holds fewer records than the run touched. */
export function previewShownNote(p: PreviewResult): string | null {
  return p.itemsTotal > p.items.length ? `The first ${formatCount(p.items.length)} of ${formatCount(p.itemsTotal)} records are listed; the counts cover all of them.` : null;
}
