import type { RunCounts } from '../../../../src-preload/contract';
import { formatCount } from '../../components/format';

export const COUNT_KEYS: readonly (keyof RunCounts)[] = ['fetched', 'created', 'updated', 'unchanged', 'skipped', 'failed'];

const COUNT_MEANING: Record<keyof RunCounts, string> = {
  fetched: 'Fetched: records read from the remote',
  created: 'Created: new records stored',
  updated: 'Updated: stored records that changed',
  unchanged: 'Unchanged: records read that were already up to date',
  skipped: 'Skipped: records left out (see the run for why)',
  failed: 'Failed: records that could not be applied',
};

export function CountsHeader() {
  return (
    <div className="sd-counts sd-counts-head">
      {COUNT_KEYS.map((k) => (
        <span key={k} title={COUNT_MEANING[k]}>
          {k}
        </span>
      ))}
    </div>
  );
}

/** Every count of a run on one line, in plain words: the tooltip of the grouped counts. */
export function countsText(counts: RunCounts): string {
  return COUNT_KEYS.map((k) => `${formatCount(counts[k])} ${k}`).join(' · ');
}

/**
 * What a finished run's record list says when it lists nothing: records only get a row when something happened to
 * them, so a run that read 2,000 records and changed none says so ("2,000 checked, all unchanged").
 */
export function emptyRunText(counts: RunCounts): string {
  const checked = Math.max(counts.fetched, counts.unchanged);
  if (checked === 0) return 'This run found no records to check.';
  const changed = counts.created + counts.updated + counts.skipped + counts.failed;
  if (changed === 0) return `${formatCount(checked)} checked, all unchanged.`;
  return `${formatCount(checked)} checked: ${countsText(counts)}.`;
}

export function Counts({ counts, testId, live }: { counts: RunCounts | null; testId?: string; live?: boolean }) {
  return (
    <div className={`sd-counts${live ? ' is-live' : ''}`} data-testid={testId} title={live ? 'Counts of the run in progress' : undefined}>
      {COUNT_KEYS.map((k) => {
        const value = counts ? counts[k] : null;
        const tone = value && k === 'failed' ? ' is-danger' : value && k === 'skipped' ? ' is-warning' : '';
        return (
          <span key={k} className={`sd-count${tone}${value === 0 ? ' is-zero' : ''}`} data-count={k} aria-label={k}>
            {value == null ? '—' : formatCount(value)}
          </span>
        );
      })}
    </div>
  );
}

/**
 * The counts for a narrow table: only the ones that are not zero, each with its word ("2,000 fetched · 490 created"),
 * failures and skips first because they need attention. The full breakdown is in the tooltip and on the run's page.
 */
export function GroupedCounts({ counts, testId, live }: { counts: RunCounts | null; testId?: string; live?: boolean }) {
  if (!counts) return <span className="sd-muted" data-testid={testId}>—</span>;
  const order: (keyof RunCounts)[] = ['failed', 'skipped', 'fetched', 'created', 'updated', 'unchanged'];
  const shown = order.filter((k) => counts[k] > 0);
  return (
    <div className={`sd-counts-grouped${live ? ' is-live' : ''}`} data-testid={testId} title={`${live ? 'So far: ' : ''}${countsText(counts)}`}>
      {shown.length === 0 ? (
        <span className="sd-muted">no records</span>
      ) : (
        shown.map((k) => (
          <span key={k} data-count={k} className={k === 'failed' ? 'is-danger' : k === 'skipped' ? 'is-warning' : undefined}>
            {formatCount(counts[k])} {k}
          </span>
        ))
      )}
    </div>
  );
}
