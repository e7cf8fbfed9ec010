import { Alert, Button, Callout, Section, SectionCard, Spinner } from '@blueprintjs/core';
import { useEffect, useState } from 'react';
import type { AppError, ChannelOutput } from '../../../../src-preload/contract';
import { settle } from '../../api/call';
import { api } from '../../api/client';
import { useConnectionStore } from '../../api/connection-store';
import { formatDateTime, formatRelative } from '../../components/format';
import { showSuccess } from '../../components/toaster';

type CursorView = ChannelOutput<'accounting:cursor'>;

/** Connections > Accounting: where the import's feed stands, and a way to read everything again. */
export function AccountingCursorSection() {
  const [view, setView] = useState<CursorView | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [resetting, setResetting] = useState(false);
  const [reloads, setReloads] = useState(0);
  const resyncs = useConnectionStore((s) => s.resyncs);

  useEffect(() => {
    let live = true;
    void settle(api().accountingCursor({})).then((result) => {
      if (!live) return;
      if (result.ok) {
        setView(result.data);
        setError(null);
      } else setError(result.error);
    });
    return () => {
      live = false;
    };
  }, [resyncs, reloads]);

  async function reset() {
    setConfirming(false);
    setResetting(true);
    const result = await settle(api().accountingResetCursor({}));
    setResetting(false);
    if (!result.ok) return setError(result.error);
    setView(result.data);
    setError(null);
    showSuccess('Sync cursor reset: the next import reads every customer again.');
  }

  return (
    <Section
      compact
      icon="history"
      className="sd-connection"
      data-testid="accounting-cursor"
      title="Sync cursor"
      subtitle="Where the customer import stands in the accounting system's change feed: each import reads only what changed since."
      rightElement={
        <Button data-testid="accounting-reset-cursor" size="small" icon="reset" text="Reset" loading={resetting} disabled={view?.cursor == null && !error} onClick={() => setConfirming(true)} />
      }
    >
      <SectionCard padded>
        {!view && !error ? (
          <Spinner size={20} />
        ) : (
          view && (
            <dl className="sd-facts sd-facts-wide">
              <dt>Cursor</dt>
              <dd className="sd-mono-cell" data-testid="accounting-cursor-value" title={view.cursor ?? ''}>
                {view.cursor ?? <span className="sd-muted">none: the next import reads every customer from the beginning</span>}
              </dd>
              <dt>Moved</dt>
              <dd>{view.updatedAt ? `${formatDateTime(view.updatedAt)} (${formatRelative(view.updatedAt)})` : <span className="sd-muted">never</span>}</dd>
            </dl>
          )
        )}
        {error && (
          <Callout intent="danger" compact className="sd-compact-callout" data-testid="accounting-cursor-error">
            Could not read the sync cursor: {error.message}{' '}
            <Button size="small" variant="minimal" intent="primary" text="Try again" onClick={() => setReloads((n) => n + 1)} />
          </Callout>
        )}
      </SectionCard>
      <Alert isOpen={confirming} icon="reset" intent="warning" confirmButtonText="Reset the cursor" cancelButtonText="Cancel" onConfirm={() => void reset()} onCancel={() => setConfirming(false)}>
        <p>Reset the sync cursor?</p>
        <p>
          The next import reads every customer in the accounting system again, from the beginning. Nothing is deleted, and customers already here are skipped:
          no second account and no second welcome email. A customer deleted here who is still flagged is imported again.
        </p>
      </Alert>
    </Section>
  );
}
