import { Button, Section, SectionCard } from '@blueprintjs/core';
import { useEffect, useState } from 'react';
import type { AppError, RetentionSettings, RetentionView } from '../../../../src-preload/contract';
import { ErrorBody, placeByField } from '../../components/field-issues';
import { formatDateTime } from '../../components/format';
import { cleanupSummary } from './maintenance-text';
import { useMaintenanceStore } from './maintenance-store';
import { NumberField } from './number-field';
import { RoleButton } from '../../components/role-gate';

const LABELS: Record<keyof RetentionSettings, string> = {
  logDays: 'Keep the integration log',
  runDays: 'Keep sync runs',
  downloadsPerKind: 'Raw downloads kept',
  downloadsMaxMegabytes: 'Raw download files at most',
};
const KEYS = Object.keys(LABELS) as (keyof RetentionSettings)[];

export function RetentionSection({ view }: { view: RetentionView }) {
  const busy = useMaintenanceStore((s) => s.busy);
  const [draft, setDraft] = useState<RetentionSettings>(view.settings);
  const [refused, setRefused] = useState<AppError | null>(null);
  const { byField, other } = placeByField(refused?.issues, KEYS, LABELS);
  useEffect(() => setDraft(view.settings), [view.settings]);
  const dirty = KEYS.some((k) => draft[k] !== view.settings[k]);
  const set = (k: keyof RetentionSettings) => (n: number) => setDraft({ ...draft, [k]: n });
  const save = async () => {
    setRefused(await useMaintenanceStore.getState().saveRetention(draft));
  };
  const last = view.lastCleanup;
  return (
    <Section
      compact
      title="Retention"
      icon="trash"
      subtitle="How long SyncDesk keeps its integration log, sync runs and raw downloads. Cleanup runs once a day by itself; the log lines of errors still open are kept until they are resolved."
      data-testid="maintenance-retention"
      rightElement={<RoleButton action="ops:cleanup" size="small" icon="clean" text="Clean up now" loading={busy === 'cleanup' || view.running} onClick={() => void useMaintenanceStore.getState().cleanupNow()} data-testid="maintenance-cleanup" />}
    >
      <SectionCard padded>
        <div className="sd-form-grid">
          <NumberField label={LABELS.logDays} help="Days a log line is kept" unit="days" value={draft.logDays} min={1} max={3650} testId="retention-log-days" error={byField.logDays?.join(' ')} onChange={set('logDays')} />
          <NumberField label={LABELS.runDays} help="Days a run and its record lines are kept" unit="days" value={draft.runDays} min={1} max={3650} testId="retention-run-days" error={byField.runDays?.join(' ')} onChange={set('runDays')} />
          <NumberField label={LABELS.downloadsPerKind} help="Per connection and kind; the newest complete one always stays" value={draft.downloadsPerKind} min={1} max={1000} testId="retention-downloads" error={byField.downloadsPerKind?.join(' ')} onChange={set('downloadsPerKind')} />
          <NumberField label={LABELS.downloadsMaxMegabytes} help="In all; the oldest files go first" unit="MiB" value={draft.downloadsMaxMegabytes} min={1} max={1048576} testId="retention-megabytes" error={byField.downloadsMaxMegabytes?.join(' ')} onChange={set('downloadsMaxMegabytes')} />
        </div>
        {refused && (
          <div className="sd-error-text">
            <ErrorBody error={refused} other={other} labels={LABELS} />
          </div>
        )}
        <div className="sd-inline">
          <RoleButton action="ops:save-retention" intent="primary" text="Save retention" disabled={!dirty} loading={busy === 'save-retention'} onClick={() => void save()} data-testid="retention-save" />
          {dirty && <Button minimal text="Undo changes" onClick={() => setDraft(view.settings)} />}
          <span className="sd-muted" data-testid="maintenance-last-cleanup">
            {last ? `Last cleanup ${formatDateTime(last.finishedAt)}: ${cleanupSummary(last)}` : 'No cleanup has run yet.'}
          </span>
        </div>
      </SectionCard>
    </Section>
  );
}
