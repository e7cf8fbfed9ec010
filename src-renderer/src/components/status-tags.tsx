import { Intent, Tag } from '@blueprintjs/core';
import type { ConnectionState, Outcome, RunStatus } from '../../../src-preload/contract';

const OUTCOME_INTENT: Record<Outcome, Intent> = {
  success: Intent.SUCCESS,
  failure: Intent.DANGER,
  validation_failure: Intent.WARNING,
  retrying: Intent.PRIMARY,
  dead: Intent.DANGER,
};

export const OUTCOME_LABEL: Record<Outcome, string> = {
  success: 'success',
  failure: 'failure',
  validation_failure: 'validation failure',
  retrying: 'retrying',
  dead: 'dead',
};

export function OutcomeTag({ outcome }: { outcome: Outcome }) {
  return (
    <Tag minimal={outcome !== 'dead'} intent={OUTCOME_INTENT[outcome]} className="sd-tag">
      {OUTCOME_LABEL[outcome]}
    </Tag>
  );
}

export const RUN_STATUS_INTENT: Record<RunStatus, Intent> = {
  running: Intent.PRIMARY,
  success: Intent.SUCCESS,
  partial: Intent.WARNING,
  failed: Intent.DANGER,
  interrupted: Intent.NONE,
};

export function RunStatusTag({ status, testId }: { status: RunStatus; testId?: string }) {
  return (
    <Tag minimal intent={RUN_STATUS_INTENT[status]} className="sd-tag">
      <span data-testid={testId}>{status}</span>
    </Tag>
  );
}

const STATE_VIEW: Record<ConnectionState, { label: string; intent: Intent }> = {
  ready: { label: 'ready', intent: Intent.SUCCESS },
  not_configured: { label: 'not configured', intent: Intent.NONE },
  auth_required: { label: 'credentials needed', intent: Intent.WARNING },
  credentials_unavailable: { label: 'keychain unavailable', intent: Intent.DANGER },
  disabled: { label: 'disabled', intent: Intent.NONE },
};

export function ConnectionStateTag({ state, title }: { state: ConnectionState; title?: string }) {
  const view = STATE_VIEW[state];
  return (
    <Tag minimal intent={view.intent} className="sd-tag" icon={state === 'auth_required' ? 'warning-sign' : undefined} title={title}>
      {view.label}
    </Tag>
  );
}
