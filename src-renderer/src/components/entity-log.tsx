import { HTMLTable } from '@blueprintjs/core';
import type { LogEntry } from '../../../src-preload/contract';
import { formatDateTime, formatShortTime } from './format';
import { OutcomeTag } from './status-tags';
import { headlineAndDetail } from './field-issues';
import { useSourceNames } from './source-names';

/** The integration log entries about one record (a customer, a case), newest first, as its detail page lists them. */
export function EntityLog({ entries, rowTestId, empty }: { entries: readonly LogEntry[]; rowTestId: string; empty: string }) {
  const names = useSourceNames();
  if (entries.length === 0) return <div className="sd-muted">{empty}</div>;
  return (
    <HTMLTable compact className="sd-table sd-detail-table sd-detail-log">
      <tbody>
        {entries.map((e) => (
          <tr key={e.id} data-testid={rowTestId} data-outcome={e.outcome}>
            <td className="sd-mono-cell sd-nowrap" title={formatDateTime(e.ts)}>
              {formatShortTime(e.ts)}
            </td>
            <td>
              <div className="sd-inline">
                <OutcomeTag outcome={e.outcome} />
                <span className="sd-muted" title={`${e.connectorId} · ${e.action}`}>
                  {names.connector(e.connectorId)} · {names.source(e.connectorId, e.action)}
                  {e.attempt != null && e.attempt > 1 ? ` · attempt ${e.attempt}` : ''}
                </span>
              </div>
              <div className="sd-detail-log-message">{headlineAndDetail(e.message).headline}</div>
            </td>
          </tr>
        ))}
      </tbody>
    </HTMLTable>
  );
}
