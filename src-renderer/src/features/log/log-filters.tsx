import { Button, Classes, HTMLSelect } from '@blueprintjs/core';
import { useCallback } from 'react';
import { OUTCOMES, type Outcome } from '../../../../src-preload/contract';
import { CheckControl } from '../../components/check-control';
import { formatDateTime, localInputToMillis } from '../../components/format';
import { SearchBox } from '../../components/search-box';
import { OUTCOME_LABEL } from '../../components/status-tags';
import { isFiltered, presetRange, RANGE_PRESETS } from './log-filter';
import { useLogStore } from './log-store';

/** The chosen range in the user's locale, whatever the date fields' own display. */
function rangeText(from: string, to: string): string | null {
  const f = localInputToMillis(from);
  const t = localInputToMillis(to);
  if (f === undefined && t === undefined) return null;
  return `${f === undefined ? 'the start' : formatDateTime(f)} to ${t === undefined ? 'now' : formatDateTime(t)}`;
}

export function LogFilters({ connectors }: { connectors: readonly { id: string; name: string }[] }) {
  const filter = useLogStore((s) => s.filter);
  const setFilter = useLogStore((s) => s.setFilter);
  const resetFilter = useLogStore((s) => s.resetFilter);
  const search = useCallback((q: string) => setFilter({ q }), [setFilter]);

  const toggleOutcome = (outcome: Outcome, on: boolean) => {
    const outcomes = on ? [...filter.outcomes, outcome] : filter.outcomes.filter((o) => o !== outcome);
    setFilter({ outcomes: OUTCOMES.filter((o) => outcomes.includes(o)) });
  };

  return (
    <div className="sd-filter-bar">
      <div className="sd-filter-row">
        <SearchBox value={filter.q} onSearch={search} testId="log-search" placeholder="Search message, action, entity…" maxLength={200} />
        <HTMLSelect
          data-testid="log-filter-connector"
          aria-label="Connector"
          value={filter.connectorId}
          onChange={(e) => setFilter({ connectorId: e.currentTarget.value })}
        >
          <option value="">All connectors</option>
          {connectors.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </HTMLSelect>
        <div className="sd-filter-group" role="group" aria-label="Outcome">
          <span className="sd-filter-label">Outcome</span>
          {OUTCOMES.map((o) => (
            <CheckControl
              key={o}
              inline
              testId={`log-filter-outcome-${o}`}
              checked={filter.outcomes.includes(o)}
              onChange={(on) => toggleOutcome(o, on)}
              label={OUTCOME_LABEL[o]}
            />
          ))}
        </div>
      </div>
      <div className="sd-filter-row">
        <label className="sd-filter-date">
          <span>From</span>
          <input
            type="datetime-local"
            className={`${Classes.INPUT} ${Classes.SMALL}`}
            data-testid="log-filter-from"
            value={filter.from}
            onChange={(e) => setFilter({ from: e.currentTarget.value })}
          />
        </label>
        <label className="sd-filter-date">
          <span>To</span>
          <input
            type="datetime-local"
            className={`${Classes.INPUT} ${Classes.SMALL}`}
            data-testid="log-filter-to"
            value={filter.to}
            onChange={(e) => setFilter({ to: e.currentTarget.value })}
          />
        </label>
        <span className="sd-inline" role="group" aria-label="Time range">
          {RANGE_PRESETS.map((p) => (
            <Button key={p.label} size="small" variant="minimal" text={p.label} onClick={() => setFilter(presetRange(p, new Date()))} />
          ))}
        </span>
        {rangeText(filter.from, filter.to) && (
          <span className="sd-muted" data-testid="log-filter-range">
            {rangeText(filter.from, filter.to)}
          </span>
        )}
        <CheckControl
          inline
          testId="log-filter-dismissed"
          checked={filter.includeDismissed}
          onChange={(on) => setFilter({ includeDismissed: on })}
          label="Show dismissed"
        />
        {isFiltered(filter) && <Button size="small" variant="minimal" icon="filter-remove" text="Clear filters" onClick={resetFilter} />}
      </div>
    </div>
  );
}
