import { Button, FormGroup, InputGroup, Section, SectionCard } from '@blueprintjs/core';
import { useEffect, useState } from 'react';
import type { AlertSettings, AppError } from '../../../../src-preload/contract';
import { api } from '../../api/client';
import { settle } from '../../api/call';
import { ErrorBody, placeByField } from '../../components/field-issues';
import { showSuccess } from '../../components/toaster';
import { NumberField } from './number-field';
import { RoleButton } from '../../components/role-gate';

const LABELS: Record<keyof AlertSettings, string> = {
  failingRuns: 'Alert after failed runs in a row',
  pauseAfter: 'Pause the task after failed runs in a row',
  adminEmail: 'Admin email for the digest',
  digestMinutes: 'Gather alerts for',
};
const KEYS = Object.keys(LABELS) as (keyof AlertSettings)[];

/** Settings > Maintenance, Alerts: when a failing task raises an alert, when it pauses itself, and who gets the digest. */
export function AlertsSection() {
  const [saved, setSaved] = useState<AlertSettings | null>(null);
  const [draft, setDraft] = useState<AlertSettings | null>(null);
  const [email, setEmail] = useState('');
  const [refused, setRefused] = useState<AppError | null>(null);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    void settle(api().alertsSettings({})).then((r) => {
      if (!r.ok) return setRefused(r.error);
      setSaved(r.data);
      setDraft(r.data);
      setEmail(r.data.adminEmail ?? '');
    });
  }, []);
  const { byField, other } = placeByField(refused?.issues, KEYS, LABELS);
  if (!draft || !saved) return refused ? <div className="sd-error-text">{refused.message}</div> : null;
  const next = { ...draft, adminEmail: email.trim() === '' ? null : email.trim() };
  const dirty = KEYS.some((k) => next[k] !== saved[k]);
  const set = (k: 'failingRuns' | 'pauseAfter' | 'digestMinutes') => (n: number) => setDraft({ ...draft, [k]: n });
  const save = async () => {
    setSaving(true);
    const r = await settle(api().alertsSaveSettings(next));
    setSaving(false);
    if (!r.ok) return setRefused(r.error);
    setRefused(null);
    setSaved(r.data);
    setDraft(r.data);
    setEmail(r.data.adminEmail ?? '');
    showSuccess('Alert settings saved.');
  };
  const undo = () => {
    setDraft(saved);
    setEmail(saved.adminEmail ?? '');
    setRefused(null);
  };
  return (
    <Section
      compact
      title="Alerts"
      icon="notifications"
      subtitle="A task that keeps failing raises an alert (a banner on every screen and a desktop notification), then pauses itself until you resume it. An admin address gets the new alerts as one digest email, through Settings > Email."
      data-testid="maintenance-alerts"
    >
      <SectionCard padded>
        <div className="sd-form-grid">
          <NumberField label={LABELS.failingRuns} help="Default 3" unit="runs" value={draft.failingRuns} min={1} max={100} testId="alerts-failing-runs" error={byField.failingRuns?.join(' ')} onChange={set('failingRuns')} />
          <NumberField label={LABELS.pauseAfter} help="Default 10; not fewer than the alert's" unit="runs" value={draft.pauseAfter} min={1} max={1000} testId="alerts-pause-after" error={byField.pauseAfter?.join(' ')} onChange={set('pauseAfter')} />
          <FormGroup
            label={LABELS.adminEmail}
            helperText={byField.adminEmail?.join(' ') ?? 'Optional: leave empty to send no email'}
            intent={byField.adminEmail ? 'danger' : 'none'}
            className="sd-field"
          >
            <InputGroup value={email} placeholder="admin@example.com" intent={byField.adminEmail ? 'danger' : 'none'} aria-label={LABELS.adminEmail} data-testid="alerts-admin-email" onValueChange={setEmail} />
          </FormGroup>
          <NumberField label={LABELS.digestMinutes} help="From the oldest new alert until the digest goes" unit="minutes" value={draft.digestMinutes} min={1} max={1440} testId="alerts-digest-minutes" error={byField.digestMinutes?.join(' ')} onChange={set('digestMinutes')} />
        </div>
        {refused && (
          <div className="sd-error-text" data-testid="alerts-refused">
            <ErrorBody error={refused} other={other} labels={LABELS} />
          </div>
        )}
        <div className="sd-inline">
          <RoleButton action="alerts:save-settings" intent="primary" text="Save alerts" disabled={!dirty} loading={saving} onClick={() => void save()} data-testid="alerts-save" />
          {dirty && <Button minimal text="Undo changes" onClick={undo} />}
        </div>
      </SectionCard>
    </Section>
  );
}
