import { api } from '../../api/client';
import { callOrToast } from '../../api/call';
import { useErrorsStore } from '../errors/errors-store';
import { RoleButton } from '../../components/role-gate';

/** A Sync Status row's open errors (a link into the Errors workspace) and, when it paused itself, why, with Resume. */
export function TaskErrors({ connectorId, taskId }: { connectorId: string; taskId: string }) {
  const open = useErrorsStore((s) => s.counts?.bySource.find((c) => c.connectorId === connectorId && c.source === taskId)?.open ?? 0);
  const pause = useErrorsStore((s) => s.alerts.paused.find((p) => p.connectorId === connectorId && p.taskId === taskId));
  const id = `${connectorId}-${taskId}`;
  return (
    <>
      {open > 0 && (
        <a className="sd-error-link" href={`#/errors/${connectorId}`} data-testid={`open-errors-${id}`}>
          {open === 1 ? '1 open error' : `${open.toLocaleString('en-US')} open errors`}
        </a>
      )}
      {pause && (
        <div className="sd-paused" data-testid={`paused-${id}`}>
          <span>{pause.reason}</span>{' '}
          <RoleButton
            action="alerts:resume-task"
            size="small"
            intent="primary"
            text="Resume"
            onClick={() => void callOrToast('Resume the task', api().alertsResumeTask({ connectorId, taskId })).then(() => useErrorsStore.getState().loadAlerts())}
          />
        </div>
      )}
    </>
  );
}
