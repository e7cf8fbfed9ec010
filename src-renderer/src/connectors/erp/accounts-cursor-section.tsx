import { Alert, Button, Callout, Section, SectionCard, Spinner } from '@blueprintjs/core';
import { useEffect, useState } from 'react';
import type { AppError, ChannelOutput } from '../../../../src-preload/contract';
import { settle } from '../../api/call';
import { api } from '../../api/client';
import { useConnectionStore } from '../../api/connection-store';
import { formatDateTime, formatRelative } from '../../components/format';
import { showSuccess } from '../../components/toaster';

type CursorView = ChannelOutput<'erp:accounts-cursor'>;

/** Connections > ERP: the modified time the incremental accounts sync reads from, and a way to read every account again. */
export function ErpAccountsCursorSection() {
  const [view, setView] = useState<CursorView | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [resetting, setResetting] = useState(false);
  const [reloads, setReloads] = useState(0);
  const resyncs = useConnectionStore((s) => s.resyncs);

  useEffect(() => {
    let live = true;
    void settle(api().erpAccountsCursor({})).then((result) => {
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
    const result = await settle(api().erpResetAccountsCursor({}));
    setResetting(false);
    if (!result.ok) return setError(result.error);
    setView(result.data);
    setError(null);
    showSuccess('Accounts cursor reset: the next accounts sync reads every account in the ERP again.');
  }

  return (
    <Section
      compact
      icon="history"
      className="sd-connection"
      data-testid="erp-accounts-cursor"
      title="Accounts cursor"
      subtitle="Where the accounts sync stands: each run reads the accounts the ERP changed since (with a short overlap re-read)."
      rightElement={
        <Button data-testid="erp-reset-accounts-cursor" size="small" icon="reset" text="Reset" loading={resetting} disabled={view?.at == null && !error} onClick={() => setConfirming(true)} />
      }
    >
      <SectionCard padded>
        {!view && !error ? (
          <Spinner size={20} />
        ) : (
          view && (
            <dl className="sd-facts sd-facts-wide">
              <dt>Reads from</dt>
              <dd data-testid="erp-accounts-cursor-value">
                {view.at != null ? `changes since ${formatDateTime(view.at)}` : <span className="sd-muted">the beginning: the next sync reads every account</span>}
              </dd>
              <dt>Moved</dt>
              <dd>{view.savedAt ? `${formatDateTime(view.savedAt)} (${formatRelative(view.savedAt)})` : <span className="sd-muted">never</span>}</dd>
            </dl>
          )
        )}
        {error && (
          <Callout intent="danger" compact className="sd-compact-callout" data-testid="erp-accounts-cursor-error">
            Could not read the accounts cursor: {error.message}{' '}
            <Button size="small" variant="minimal" intent="primary" text="Try again" onClick={() => setReloads((n) => n + 1)} />
          </Callout>
        )}
      </SectionCard>
      <Alert isOpen={confirming} icon="reset" intent="warning" confirmButtonText="Reset the cursor" cancelButtonText="Cancel" onConfirm={() => void reset()} onCancel={() => setConfirming(false)}>
        <p>Reset the accounts cursor?</p>
        <p>
          The next accounts sync reads every account in the ERP again, from the beginning. Nothing is deleted; accounts that have not changed are counted as
          unchanged. As with every sync, the ERP&apos;s values overwrite web changes not yet sent, and History shows each one.
        </p>
      </Alert>
    </Section>
  );
}
