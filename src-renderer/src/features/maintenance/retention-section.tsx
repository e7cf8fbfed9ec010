import { Button, Section, SectionCard } from '@blueprintjs/core';
import { useEffect, useState } from 'react';
import type { RetentionSettings, RetentionView } from '../../../../src-preload/contract';
import { formatDateTime } from '../../components/format';
import { cleanupSummary } from './maintenance-text';
import { useMaintenanceStore } from './maintenance-store';
import { NumberField } from './number-field';

export function RetentionSection({ view }: { view: RetentionView }) {
  const busy = useMaintenanceStore((s) => s.busy);
  const [draft, setDraft] = useState<RetentionSettings>(view.settings);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setDraft(view.settings), [view.settings]);
  const dirty = (Object.keys(draft) as (keyof RetentionSettings)[]).some((k) => draft[k] !== view.settings[k]);
  const set = (k: keyof RetentionSettings) => (n: number) => setDraft({ ...draft, [k]: n });
  const save = async () => {
    const refused = await useMaintenanceStore.getState().saveRetention(draft);
    setError(refused ? refused.message : null);
  };
  const last = view.lastCleanup;
  return (
    <Section
      compact
      title="Retention"
      icon="trash"
      subtitle="How long SyncDesk keeps its integration log, sync runs and raw downloads. Cleanup runs once a day by itself; the log lines of errors still open are kept until they are resolved."
      data-testid="maintenance-retention"
      rightElement={<Button size="small" icon="clean" text="Clean up now" loading={busy === 'cleanup' || view.running} onClick={() => void useMaintenanceStore.getState().cleanupNow()} data-testid="maintenance-cleanup" />}
    >
      <SectionCard padded>
        <div className="sd-form-grid">
          <NumberField label="Keep the integration log" help="Days a log line is kept" unit="days" value={draft.logDays} min={1} max={3650} testId="retention-log-days" onChange={set('logDays')} />
          <NumberField label="Keep sync runs" help="Days a run and its record lines are kept" unit="days" value={draft.runDays} min={1} max={3650} testId="retention-run-days" onChange={set('runDays')} />
          <NumberField label="Raw downloads kept" help="Per connection and kind; the newest complete one always stays" value={draft.downloadsPerKind} min={1} max={1000} testId="retention-downloads" onChange={set('downloadsPerKind')} />
          <NumberField label="Raw download files at most" help="In all; the oldest files go first" unit="MiB" value={draft.downloadsMaxMegabytes} min={1} max={1048576} testId="retention-megabytes" onChange={set('downloadsMaxMegabytes')} />
        </div>
        {error && <div className="sd-error-text">{error}</div>}
        <div className="sd-inline">
          <Button intent="primary" text="Save retention" disabled={!dirty} loading={busy === 'save-retention'} onClick={() => void save()} data-testid="retention-save" />
          {dirty && <Button minimal text="Undo changes" onClick={() => setDraft(view.settings)} />}
          <span className="sd-muted" data-testid="maintenance-last-cleanup">
            {last ? `Last cleanup ${formatDateTime(last.finishedAt)}: ${cleanupSummary(last)}` : 'No cleanup has run yet.'}
          </span>
        </div>
      </SectionCard>
    </Section>
  );
}
