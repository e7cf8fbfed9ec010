import { Button, Callout, Spinner } from '@blueprintjs/core';
import { useEffect } from 'react';
import type { LogEntryDetail } from '../../../../src-preload/contract';
import { navigate } from '../../app/router';
import { EntityLink } from '../../components/entity-link';
import { formatDateTime } from '../../components/format';
import { OutcomeTag } from '../../components/status-tags';
import { ExchangeView } from './exchange-view';
import { isFailed } from './log-filter';
import { useLogStore } from './log-store';
import { RoleButton } from '../../components/role-gate';
import { PlainReason } from '../../components/field-issues';

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
        Retried. Next attempt{next.attempt != null ? ` (attempt ${next.attempt})` : ''} at {formatDateTime(next.ts)}: <OutcomeTag outcome={next.outcome} />
      </div>
      <div>{next.message}</div>
      <Button size="small" variant="minimal" text={`Open entry #${next.id}`} onClick={() => void select(next.id)} />
    </Callout>
  );
}

function Facts({ entry }: { entry: LogEntryDetail }) {
  return (
    <dl className="sd-facts sd-facts-stacked">
      <dt>Time</dt>
      <dd>{formatDateTime(entry.ts)}</dd>
      <dt>Connector</dt>
      <dd>{entry.connectorId}</dd>
      <dt>Action</dt>
      <dd>{entry.action}</dd>
      <dt>Entity</dt>
      <dd>
        <EntityLink entry={entry} testId="log-detail-entity" />
      </dd>
      <dt>Outcome</dt>
      <dd>
        <OutcomeTag outcome={entry.outcome} />
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
