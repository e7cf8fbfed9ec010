import { Button, Callout, FormGroup, HTMLSelect } from '@blueprintjs/core';
import { useEffect, useState } from 'react';
import type { AppError, ChannelOutput } from '../../../../../src-preload/contract';
import { settle } from '../../../api/call';
import { api } from '../../../api/client';
import { ErrorBody } from '../../../components/field-issues';
import { useSettingsStore } from '../../../features/settings/settings-store';
import type { CaseSection } from '../../registry';
import { RoleButton } from '../../../components/role-gate';

type Change = ChannelOutput<'sandbox:confirm-status'>;
type Status = ChannelOutput<'confirm:lookups'>['statuses'][number];

// Sandbox mode only, on a case holding an Enquiry: staff make the simulated Confirm change the Enquiry's status, as a
// Confirm user would, and watch the update come back the way a real one does (the CRM Agent's post, or the poll).
export const SandboxStatusSection: CaseSection = ({ detail, refresh }) => {
  const sandbox = useSettingsStore((s) => s.settings?.sandboxMode ?? false);
  const enquiry = detail.references.find((r) => r.value)?.value ?? null;
  const [statuses, setStatuses] = useState<Status[] | null>(null);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: true; data: Change } | { ok: false; error: AppError } | null>(null);
  const show = sandbox && enquiry !== null;

  useEffect(() => {
    if (!show || statuses) return;
    void settle(api().confirmLookups({ fresh: false })).then((r) => {
      if (!r.ok) return setOutcome(r);
      setStatuses(r.data.statuses);
      setCode((c) => c || (r.data.statuses[0]?.code ?? ''));
    });
  }, [show, statuses]);
  useEffect(() => setOutcome(null), [detail.case.id]);
  if (!show) return null;

  async function change() {
    setBusy(true);
    const r = await settle(api().sandboxConfirmStatus({ caseId: detail.case.id, statusCode: code }));
    setBusy(false);
    setOutcome(r);
    if (r.ok) await refresh();
  }

  return (
    <div className="sd-sandbox-status" data-testid="sandbox-confirm-status">
      <div className="sd-section-label">Simulated Confirm</div>
      <FormGroup
        label="Change status in the simulated Confirm"
        labelFor="sandbox-confirm-status-select"
        helperText={`Sandbox mode: Enquiry ${enquiry} changes in the simulator as if a Confirm user changed it; its CRM Agent then sends the update to SyncDesk, as a real one would.`}
        className="sd-block"
      >
        <span className="sd-inline">
          <HTMLSelect
            id="sandbox-confirm-status-select"
            data-testid="sandbox-confirm-status-select"
            value={code}
            disabled={!statuses || busy}
            onChange={(e) => setCode(e.currentTarget.value)}
            options={(statuses ?? []).map((s) => ({ value: s.code, label: `${s.name} (${s.code})` }))}
          />
          <RoleButton action="sandbox:confirm-status" data-testid="sandbox-confirm-status-send" icon="exchange" text="Change status" loading={busy} disabled={!code} onClick={() => void change()} />
        </span>
      </FormGroup>
      {outcome?.ok === true && (
        <Callout intent="success" compact className="sd-compact-callout sd-block" data-testid="sandbox-confirm-status-result" data-delivery={outcome.data.delivery}>
          <div>
            Enquiry {outcome.data.enquiryNumber} is now “{outcome.data.statusName}” in the simulated Confirm.{' '}
            {outcome.data.delivery === 'crm-agent' ? 'Its CRM Agent posted the update to SyncDesk, which answered:' : ''}
          </div>
          <div className="sd-case-failure-message">{outcome.data.message}</div>
        </Callout>
      )}
      {outcome?.ok === false && (
        <Callout intent="danger" compact className="sd-compact-callout sd-block" data-testid="sandbox-confirm-status-error">
          <ErrorBody error={outcome.error} />
        </Callout>
      )}
    </div>
  );
};
