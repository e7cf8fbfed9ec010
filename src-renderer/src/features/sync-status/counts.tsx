import type { RunCounts } from '../../../../src-preload/contract';
import { formatCount } from '../../components/format';

export const COUNT_KEYS: readonly (keyof RunCounts)[] = ['fetched', 'created', 'updated', 'unchanged', 'skipped', 'failed'];

export function CountsHeader() {
  return (
    <div className="sd-counts sd-counts-head">
      {COUNT_KEYS.map((k) => (
        <span key={k}>{k}</span>
      ))}
    </div>
  );
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
