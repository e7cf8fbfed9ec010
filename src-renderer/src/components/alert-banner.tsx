import { Button, Callout } from '@blueprintjs/core';
import type { Alert, Result } from '../../../src-preload/contract';
import { api } from '../api/client';
import { callOrToast } from '../api/call';
import { navigate } from '../app/router';
import { useErrorsStore } from '../features/errors/errors-store';
import { formatDateTime } from './format';
import { RoleButton } from './role-gate';

async function act<T>(what: string, pending: Promise<Result<T>>) {
  await callOrToast(what, pending);
  await useErrorsStore.getState().loadAlerts();
}

function AlertLine({ alert }: { alert: Alert }) {
  const acked = alert.acknowledgedAt !== null;
  return (
    <Callout
      intent={acked ? 'none' : alert.kind === 'task_failing' ? 'warning' : 'danger'}
      icon={alert.kind === 'credentials' ? 'key' : alert.kind === 'task_paused' ? 'pause' : 'warning-sign'}
      compact
      className="sd-compact-callout sd-alert-banner"
      data-testid={`alert-${alert.kind}`}
      role="alert"
    >
      <span className="sd-inline sd-alert-line">
        <span>
          {alert.message}
          <span className="sd-muted">
            {' '}
            · {formatDateTime(alert.raisedAt)}
            {acked ? ` · acknowledged by ${alert.acknowledgedBy} ${formatDateTime(alert.acknowledgedAt)}` : ''}
          </span>
        </span>
        {alert.kind === 'credentials' && (
          <Button size="small" intent="primary" icon="key" text="Reconnect" onClick={() => navigate({ name: 'connections', connectorId: alert.connectorId, tab: 'connection' })} />
        )}
        {alert.kind === 'task_paused' && alert.taskId && (
          <RoleButton action="alerts:resume-task" size="small" intent="primary" icon="play" text="Resume" onClick={() => void act('Resume the task', api().alertsResumeTask({ connectorId: alert.connectorId, taskId: alert.taskId! }))} />
        )}
        {alert.kind !== 'credentials' && alert.taskId && (
          <Button size="small" variant="minimal" text="Errors" onClick={() => navigate({ name: 'errors', connectorId: alert.connectorId })} />
        )}
        {!acked && <RoleButton action="alerts:acknowledge" size="small" variant="minimal" text="Acknowledge" onClick={() => void act('Acknowledge the alert', api().alertsAcknowledge({ id: alert.id }))} />}
      </span>
    </Callout>
  );
}

/** The alerts not cleared yet, on every screen: acknowledging one quiets it, only its cause going away removes it. */
export function AlertBanner() {
  const alerts = useErrorsStore((s) => s.alerts.alerts);
  if (alerts.length === 0) return null;
  return (
    <div className="sd-alerts" data-testid="alert-banner">
      {alerts.map((a) => (
        <AlertLine key={a.id} alert={a} />
      ))}
    </div>
  );
}
