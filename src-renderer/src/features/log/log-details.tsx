import { Button, Callout, Spinner } from '@blueprintjs/core';
import { useEffect } from 'react';
import type { LogEntryDetail } from '../../../../src-preload/contract';
import { navigate } from '../../app/router';
import { EntityLink } from '../../components/entity-link';
import { formatCount, formatDateTime } from '../../components/format';
import { OutcomeTag } from '../../components/status-tags';
import { ExchangeView } from './exchange-view';
import { isFailed } from './log-filter';
import { useLogStore } from './log-store';
import { RoleButton } from '../../components/role-gate';
import { PlainReason } from '../../components/field-issues';
import { useSourceNames } from '../../components/source-names';

/**
 * How the retry is numbered: a retry gives the job a fresh set of attempts, so its first attempt is "1" again; said as
 * the retry's own attempt after this entry's last, never "attempt 1" bare after "attempt 10".
 */
export function retriedWords(entry: Pick<LogEntryDetail, 'attempt'>, next: { attempt: number | null }): string {
  const after = entry.attempt != null ? ` after attempt ${formatCount(entry.attempt)}` : '';
  if (next.attempt == null) return `Retried${after}. The new run`;
  return `Retried${after}. The retry's ${next.attempt === 1 ? 'first attempt' : `attempt ${formatCount(next.attempt)}`}`;
}

/** Where a retried line's job went next: its next attempt, shown with this line (and a way to its own entry). */
function NextAttempt({ entry }: { entry: LogEntryDetail }) {
  const select = useLogStore((s) => s.select);
  if (entry.retryQueued)
    return (
      <Callout intent="primary" icon="time" className="sd-compact-callout" data-testid="log-next-attempt">
        Retry queued: this entry shows the next attempt as soon as it runs.
      </Callout>
    );
  const next = entry.nextAttempt;
  if (!next) return null;
  return (
    <Callout intent={next.outcome === 'success' ? 'success' : 'warning'} icon="repeat" className="sd-compact-callout" data-testid="log-next-attempt">
      <div>
        {retriedWords(entry, next)} at {formatDateTime(next.ts)}: <OutcomeTag outcome={next.outcome} />
      </div>
      <PlainReason text={next.message} />
      <a
        href={`#entry-${next.id}`}
        className="sd-next-attempt-link"
        data-testid="log-next-attempt-open"
        onClick={(e) => {
          e.preventDefault();
          void select(next.id);
        }}
      >
        Open entry #{formatCount(next.id)}
      </a>
    </Callout>
  );
}

function Facts({ entry }: { entry: LogEntryDetail }) {
  const names = useSourceNames();
  return (
    <dl className="sd-facts sd-facts-stacked">
      <dt>Time</dt>
      <dd>{formatDateTime(entry.ts)}</dd>
      <dt>Connector</dt>
      <dd>{names.connector(entry.connectorId)}</dd>
      <dt>Action</dt>
      <dd title={entry.action}>{names.source(entry.connectorId, entry.action)}</dd>
      <dt>Entity</dt>
      <dd>
        <EntityLink entry={entry} testId="log-detail-entity" />
      </dd>
      <dt>Outcome</dt>
      <dd data-testid="log-detail-outcome">
        {/* The same story the list row tells: this entry's outcome, then what its retry came to. */}
        <OutcomeTag outcome={entry.outcome} />
        {entry.nextAttempt ? (
          <>
            , then retried: <OutcomeTag outcome={entry.nextAttempt.outcome} />
          </>
        ) : entry.retryQueued ? (
          ', then retried: the retry is queued'
        ) : null}
        {entry.dismissed && <span className="sd-muted"> dismissed</span>}
      </dd>
      <dt>Attempt</dt>
      <dd>{entry.attempt ?? '—'}</dd>
      <dt>Job</dt>
      <dd>{entry.jobId ?? '—'}</dd>
      <dt>Run</dt>
      <dd>
        {entry.runId != null ? (
          <a href={`#/runs/${entry.runId}`} onClick={(e) => (e.preventDefault(), navigate({ name: 'run', runId: entry.runId! }))}>
            #{entry.runId}
          </a>
        ) : (
          '—'
        )}
      </dd>
    </dl>
  );
}

export function LogDetails() {
  const selectedId = useLogStore((s) => s.selectedId);
  const detail = useLogStore((s) => s.detail);
  const detailError = useLogStore((s) => s.detailError);
  const busy = useLogStore((s) => s.busyAction);
  const { select, retry, dismiss } = useLogStore.getState();
  const open = selectedId != null;
  useEffect(() => {
    if (!open) return;
    // Escape closes the panel, as its close button does (not while a dialog above it takes the key).
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !document.querySelector('.bp6-overlay-open')) void useLogStore.getState().select(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);
  if (selectedId == null) return null;

  const entry = detail && detail.id === selectedId ? detail : null;
  // A retried failure has moved on: its next attempt is what to act on, from its own entry.
  const failed = entry ? isFailed(entry) && !entry.nextAttempt && !entry.retryQueued : false;

  return (
    <aside className="sd-details" data-testid="log-details" aria-label="Log entry details">
      <div className="sd-details-head">
        <span className="sd-strong">Entry #{selectedId}</span>
        <Button icon="cross" variant="minimal" size="small" aria-label="Close details" onClick={() => void select(null)} />
      </div>
      {detailError ? (
        <Callout intent="danger" className="sd-compact-callout">
          {detailError.message}
        </Callout>
      ) : !entry ? (
        <Spinner size={20} className="sd-block" />
      ) : (
        <div className="sd-details-body">
          <PlainReason className="sd-details-message" testId="log-details-message" text={entry.message} />
          <NextAttempt entry={entry} />
          <Facts entry={entry} />
          {failed && (
            <div className="sd-details-actions">
              {entry.retryable && (
                <RoleButton
                  action="log:retry"
                  data-testid="log-retry"
                  icon="repeat"
                  intent="primary"
                  size="small"
                  text="Retry"
                  loading={busy === 'retry'}
                  disabled={busy !== null}
                  onClick={() => void retry(entry.id)}
                />
              )}
              {!entry.dismissed && (
                <RoleButton
                  action="log:dismiss"
                  data-testid="log-dismiss"
                  icon="disable"
                  size="small"
                  text="Dismiss"
                  loading={busy === 'dismiss'}
                  disabled={busy !== null}
                  onClick={() => void dismiss(entry.id)}
                />
              )}
            </div>
          )}
          <div className="sd-section-label">Request / response</div>
          {entry.details ? (
            <ExchangeView details={entry.details} />
          ) : (
            <div className="sd-muted">No request or response was recorded for this entry.</div>
          )}
        </div>
      )}
    </aside>
  );
}
