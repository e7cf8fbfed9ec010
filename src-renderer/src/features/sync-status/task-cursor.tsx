import { Alert } from '@blueprintjs/core';
import { useState } from 'react';
import type { TaskStatus } from '../../../../src-preload/contract';
import { formatExactUtc, formatZonedDateTime } from '../../components/format';
import { RoleButton } from '../../components/role-gate';
import { TimedWords } from '../../components/timed-words';
import { useSyncStore } from './sync-store';

/** An incremental task's cursor (where it stands, when saved) and its Reset, confirmed with what the next run reads again. */
export function TaskCursor({ task, id }: { task: TaskStatus; id: string }) {
  const [confirming, setConfirming] = useState(false);
  const [resetting, setResetting] = useState(false);
  const cursor = task.cursor;
  // A task whose position line already says there is no cursor needs no second line saying so.
  if (!cursor || (cursor.position === null && task.position)) return null;
  const reset = async () => {
    setConfirming(false);
    setResetting(true);
    await useSyncStore.getState().resetCursor(task.connectorId, task.taskId);
    setResetting(false);
  };
  // On screen every time is local with its zone; the tooltip gives the cursor's own times exactly, in UTC.
  const where = task.position ? 'Cursor' : cursor.position;
  const exact =
    cursor.position === null ? `No cursor: the next run reads ${cursor.rereads}.` : `${where} · saved ${cursor.savedAt === null ? 'never' : formatExactUtc(cursor.savedAt)}`;
  return (
    <div className="sd-inline sd-muted" title={exact} data-testid={`cursor-${id}`}>
      <span className="sd-ellipsis" title={exact} data-testid={`cursor-words-${id}`}>
        {cursor.position === null ? (
          exact
        ) : (
          <>
            <TimedWords text={where ?? ''} /> saved <time dateTime={cursor.savedAt === null ? undefined : new Date(cursor.savedAt).toISOString()}>{formatZonedDateTime(cursor.savedAt)}</time>
          </>
        )}
      </span>
      {cursor.position !== null && (
        <RoleButton
          action="sync:reset-cursor"
          size="small"
          variant="minimal"
          icon="reset"
          text="Reset"
          loading={resetting}
          disabled={task.running !== null}
          onClick={() => setConfirming(true)}
          data-testid={`reset-cursor-${id}`}
        />
      )}
      <Alert canEscapeKeyCancel isOpen={confirming} icon="reset" intent="warning" confirmButtonText="Reset the cursor" cancelButtonText="Cancel" onConfirm={() => void reset()} onCancel={() => setConfirming(false)}>
        <p className="sd-strong">Reset the cursor of {task.name}?</p>
        <p data-testid="reset-cursor-rereads">The next run reads {cursor.rereads}.</p>
        <p className="sd-muted">
          It stands at: <TimedWords text={cursor.position ?? ''} />.
        </p>
      </Alert>
    </div>
  );
}
