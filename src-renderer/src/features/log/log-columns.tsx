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
    width: '150px',
    className: 'sd-mono-cell',
    render: (e) => <span title={formatDateTime(e.ts)}>{formatShortTime(e.ts)}</span>,
  },
  { key: 'connector', header: 'Connector', width: '110px', render: (e) => e.connectorId },
  { key: 'action', header: 'Action', width: '150px', render: (e) => <span title={e.action}>{e.action}</span> },
  {
    key: 'entity',
    header: 'Entity',
    width: '170px',
    render: (e) => {
      const label = entityLabel(e);
      return label ? <span title={label}>{label}</span> : <span className="sd-muted">—</span>;
    },
  },
  {
    key: 'outcome',
    header: 'Outcome',
    width: '130px',
    render: (e) => (
      <span className="sd-inline">
        <OutcomeTag outcome={e.outcome} />
        {e.dismissed && <span className="sd-muted">dismissed</span>}
      </span>
    ),
  },
  { key: 'message', header: 'Message', width: 'minmax(200px, 1fr)', render: (e) => <span title={e.message}>{e.message}</span> },
  { key: 'attempt', header: 'Attempt', width: '64px', className: 'sd-num', render: (e) => (e.attempt == null ? '' : e.attempt) },
];
