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
  { key: 'connector', header: 'Connector', width: 'minmax(64px, 0.7fr)', render: (e) => e.connectorId },
  { key: 'action', header: 'Action', width: 'minmax(90px, 1fr)', render: (e) => <span title={e.action}>{e.action}</span> },
  {
    key: 'entity',
    header: 'Entity',
    width: 'minmax(100px, 1.1fr)',
    render: (e) => {
      const label = entityLabel(e);
      return label ? <span title={label}>{label}</span> : <span className="sd-muted">—</span>;
    },
  },
  {
    key: 'outcome',
    header: 'Outcome',
    width: '136px',
    render: (e) => (
      <span className="sd-inline">
        <OutcomeTag outcome={e.outcome} />
        {e.dismissed && <span className="sd-muted">dismissed</span>}
      </span>
    ),
  },
  { key: 'message', header: 'Message', width: 'minmax(160px, 3fr)', render: (e) => <span title={e.message}>{e.message}</span> },
  { key: 'attempt', header: 'Attempt', width: '60px', className: 'sd-num', render: (e) => (e.attempt == null ? '' : e.attempt) },
];
