import { Tag } from '@blueprintjs/core';
import type { LogEntry } from '../../../../src-preload/contract';
import { formatDateTime, formatShortTime } from '../../components/format';
import { OutcomeTag } from '../../components/status-tags';
import type { Column } from '../../components/virtual-table';

export function entityLabel(e: Pick<LogEntry, 'entityType' | 'entityId'>): string {
  if (!e.entityType && !e.entityId) return '';
  return [e.entityType, e.entityId].filter(Boolean).join(' ');
}

export const LOG_COLUMNS: readonly Column<LogEntry>[] = [
  {
    key: 'ts',
    header: 'Time',
    width: '128px',
    className: 'sd-mono-cell',
    render: (e) => <span title={formatDateTime(e.ts)}>{formatShortTime(e.ts)}</span>,
  },
  { key: 'connector', header: 'Connector', width: 'minmax(88px, 0.7fr)', priority: 3, render: (e) => e.connectorId },
  { key: 'action', header: 'Action', width: 'minmax(110px, 1fr)', priority: 2, render: (e) => <span title={e.action}>{e.action}</span> },
  {
    key: 'entity',
    header: 'Entity',
    width: 'minmax(100px, 1.1fr)',
    priority: 2,
    render: (e) => {
      const label = entityLabel(e);
      return label ? <span title={label}>{label}</span> : <span className="sd-muted">—</span>;
    },
  },
  {
    key: 'outcome',
    header: 'Outcome',
    width: '160px',
    render: (e) => (
      <span className="sd-inline sd-outcome-cell">
        <OutcomeTag outcome={e.outcome} />
        {e.dismissed && (
          <Tag minimal className="sd-dismissed-tag" title="Dismissed: hidden unless Show dismissed is on">
            dismissed
          </Tag>
        )}
      </span>
    ),
  },
  { key: 'message', header: 'Message', width: 'minmax(140px, 3fr)', render: (e) => <span title={e.message}>{e.message}</span> },
  { key: 'attempt', header: 'Attempt', width: '72px', className: 'sd-num', priority: 4, render: (e) => (e.attempt == null ? '' : e.attempt) },
];
