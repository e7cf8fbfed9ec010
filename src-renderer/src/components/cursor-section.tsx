import { Alert, Button, Callout, Section, SectionCard, Spinner } from '@blueprintjs/core';
import { useEffect, useState, type ReactNode } from 'react';
import type { AppError, ChannelName, Result } from '../../../src-preload/contract';
import { RoleButton } from './role-gate';
import { settle } from '../api/call';
import { useConnectionStore } from '../api/connection-store';
import { formatAgo, formatDateTime } from './format';
import { showSuccess } from './toaster';

/** What a connection's cursor section shows of the cursor: where it stands (null: none yet) and when it moved. */
export interface CursorFacts {
  position: string | null;
  movedAt: number | null;
}

export interface CursorSectionProps<V> {
  /** The data-testid prefix: `<id>`, `<id>-value`, `<id>-error`, and `reset-button` for the Reset button. */
  testId: string;
  resetTestId: string;
  /** The channel Reset calls: disabled for a role below it. */
  resetAction: ChannelName;
  title: string;
  subtitle: string;
  /** Module-level functions (stable across renders): the section reads again when the connection resyncs. */
  load(): Promise<Result<V>>;
  reset(): Promise<Result<V>>;
  facts(view: V): CursorFacts;
  /** The label of the position row, and what shows while there is no cursor. */
  positionLabel: string;
  noPosition: string;
  /** The position in monospace with its full text on hover (an opaque feed token), or as words. */
  mono?: boolean;
  resetDone: string;
  confirmQuestion: string;
  confirmText: ReactNode;
}

/** Connections > a connector: where an incremental task stands, and a Reset (after a confirmation) to read everything again. */
export function CursorSection<V>(p: CursorSectionProps<V>) {
  const [view, setView] = useState<V | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [resetting, setResetting] = useState(false);
  const [reloads, setReloads] = useState(0);
  const resyncs = useConnectionStore((s) => s.resyncs);
  const { load } = p;

  useEffect(() => {
    let live = true;
    void settle(load()).then((result: Result<V>) => {
      if (!live) return;
      if (result.ok) {
        setView(result.data);
        setError(null);
      } else setError(result.error);
    });
    return () => {
      live = false;
    };
  }, [resyncs, reloads, load]);

  async function reset() {
    setConfirming(false);
    setResetting(true);
    const result = await settle(p.reset());
    setResetting(false);
    if (!result.ok) return setError(result.error);
    setView(result.data);
    setError(null);
    showSuccess(p.resetDone);
  }

  const facts = view ? p.facts(view) : null;
  return (
    <Section
      compact
      icon="history"
      className="sd-connection sd-cursor-section"
      data-testid={p.testId}
      title={p.title}
      subtitle={p.subtitle}
      rightElement={
        <RoleButton action={p.resetAction} data-testid={p.resetTestId} size="small" icon="reset" text="Reset" loading={resetting} disabled={facts?.position == null && !error} onClick={() => setConfirming(true)} />
      }
    >
      <SectionCard padded>
        {!facts && !error ? (
          <Spinner size={20} />
        ) : (
          facts && (
            <dl className="sd-facts sd-facts-wide">
              <dt>{p.positionLabel}</dt>
              <dd className={p.mono ? 'sd-mono-cell' : undefined} data-testid={`${p.testId}-value`} title={p.mono ? (facts.position ?? '') : undefined}>
                {facts.position ?? <span className="sd-muted">{p.noPosition}</span>}
              </dd>
              <dt>Moved</dt>
              <dd>{facts.movedAt ? `${formatDateTime(facts.movedAt)} (${formatAgo(facts.movedAt)})` : <span className="sd-muted">never</span>}</dd>
            </dl>
          )
        )}
        {error && (
          <Callout intent="danger" compact className="sd-compact-callout" data-testid={`${p.testId}-error`}>
            Could not read the {p.title.toLowerCase()}: {error.message}{' '}
            <Button size="small" variant="minimal" intent="primary" text="Try again" onClick={() => setReloads((n) => n + 1)} />
          </Callout>
        )}
      </SectionCard>
      <Alert canEscapeKeyCancel isOpen={confirming} icon="reset" intent="warning" confirmButtonText="Reset the cursor" cancelButtonText="Cancel" onConfirm={() => void reset()} onCancel={() => setConfirming(false)}>
        <p>{p.confirmQuestion}</p>
        <p>{p.confirmText}</p>
      </Alert>
    </Section>
  );
}
