import { Tag } from '@blueprintjs/core';
import type { LogEntry } from '../../../../src-preload/contract';
import { EntityLink } from '../../components/entity-link';
import { formatDateTime, formatShortTime } from '../../components/format';
import { OUTCOME_LABEL, OutcomeTag } from '../../components/status-tags';
import type { Column } from '../../components/virtual-table';
import type { SourceNames } from '../../components/source-names';
import { headlineAndDetail } from '../../components/field-issues';

/** What a line says now: a retried line shows its job's next attempt in its own place. */
export function currentOf(e: LogEntry): Pick<LogEntry, 'outcome' | 'message' | 'attempt'> {
  return e.nextAttempt ?? e;
}

function retriedTitle(e: LogEntry): string {
  const first = `${OUTCOME_LABEL[e.outcome]}${e.attempt != null ? ` at attempt ${e.attempt}` : ''}`;
  if (e.nextAttempt) return `Retried: was ${first}; the next attempt's outcome is shown`;
  return `Retried: was ${first}; the next attempt has not run yet`;
}

/** The log's columns; the connector and the action read in the names staff know, the action's id in its tooltip. */
export const logColumns = (names: SourceNames): readonly Column<LogEntry>[] => [
  {
    key: 'ts',
    header: 'Time',
    width: '128px',
    className: 'sd-mono-cell',
    render: (e) => <span title={formatDateTime(e.ts)}>{formatShortTime(e.ts)}</span>,
  },
  { key: 'connector', header: 'Connector', width: 'minmax(88px, 0.7fr)', priority: 3, render: (e) => names.connector(e.connectorId) },
  {
    key: 'action',
    header: 'Action',
    width: 'minmax(110px, 1fr)',
    priority: 2,
    isKey: true,
    render: (e) => {
      const name = names.source(e.connectorId, e.action);
      return <span title={name === e.action ? name : `${name} (${e.action})`}>{name}</span>;
    },
  },
  { key: 'entity', header: 'Entity', width: 'minmax(100px, 1.1fr)', priority: 2, isKey: true, render: (e) => <EntityLink entry={e} testId="log-entity-link" /> },
  {
    key: 'outcome',
    header: 'Outcome',
    width: '160px',
    render: (e) => (
      <span className="sd-inline sd-outcome-cell">
        {e.retryQueued ? (
          <Tag minimal intent="primary" className="sd-tag" data-testid="log-retry-queued" title={retriedTitle(e)}>
            retry queued
          </Tag>
        ) : (
          <OutcomeTag outcome={currentOf(e).outcome} />
        )}
        {e.nextAttempt && (
          <Tag minimal className="sd-dismissed-tag" data-testid="log-retried" title={retriedTitle(e)}>
            retried
          </Tag>
        )}
        {e.dismissed && (
          <Tag minimal className="sd-dismissed-tag" title="Dismissed: hidden unless Show dismissed is on">
            dismissed
          </Tag>
        )}
      </span>
    ),
  },
  {
    key: 'message',
    header: 'Message',
    width: 'minmax(140px, 3fr)',
    render: (e) => {
      const message = e.retryQueued ? `Retry queued. ${e.message}` : currentOf(e).message;
      // The errno stays for the entry's Details; the list reads the reason in words.
      const { headline } = headlineAndDetail(message);
      return <span title={headline}>{headline}</span>;
    },
  },
  {
    key: 'attempt',
    header: 'Attempt',
    width: '72px',
    className: 'sd-num',
    priority: 4,
    render: (e) => currentOf(e).attempt ?? '',
  },
];
