import { Button, InputGroup, Spinner } from '@blueprintjs/core';
import { useEffect, useState } from 'react';
import type { ErrorGroupDetail } from '../../../../src-preload/contract';
import { api } from '../../api/client';
import { callOrToast } from '../../api/call';
import { formatDateTime } from '../../components/format';
import { showSuccess } from '../../components/toaster';
import { EditRetryDialog } from './edit-retry-dialog';
import { PlainReason } from '../../components/field-issues';
import { RoleButton } from '../../components/role-gate';

const ACTION_WORDS: Record<ErrorGroupDetail['actions'][number]['action'], string> = {
  retry: 'Retried',
  resolve: 'Resolved',
  edit_retry: 'Edited and retried',
  auto_resolve: 'Resolved by itself',
};

/** One record's failures, what was done about it, and its actions. */
export function ErrorDetail({ id, version, onChanged }: { id: number; version: number; onChanged: () => void }) {
  const [detail, setDetail] = useState<ErrorGroupDetail | null>(null);
  const [note, setNote] = useState('');
  const [editing, setEditing] = useState(false);
  useEffect(() => {
    void callOrToast('Load the error', api().errorsGroup({ id })).then((d) => d && setDetail(d));
  }, [id, version]);
  if (!detail) return <Spinner size={16} />;
  const { group } = detail;
  const done = (message: string | undefined) => {
    if (message) showSuccess(message);
    onChanged();
  };
  return (
    <div className="sd-error-detail" data-testid={`error-detail-${group.entityId}`}>
      {group.status === 'open' && (
        <div className="sd-inline sd-block">
          <RoleButton action="errors:retry" size="small" intent="primary" icon="refresh" text="Retry" onClick={() => void callOrToast('Retry', api().errorsRetry({ ids: [id] })).then((r) => done(r?.message))} />
          {detail.editable && <RoleButton action="errors:edit-retry" size="small" icon="edit" text="Edit and retry" onClick={() => setEditing(true)} />}
          <InputGroup size="small" placeholder="Note (optional)" aria-label="Resolution note" value={note} onChange={(e) => setNote(e.target.value)} />
          <RoleButton action="errors:resolve" size="small" icon="tick" text="Resolve" onClick={() => void callOrToast('Resolve', api().errorsResolve({ ids: [id], note: note.trim() || undefined })).then((r) => done(r?.message))} />
        </div>
      )}
      <div className="sd-columns-2">
        <div>
          <h4>Failures ({group.failures})</h4>
          <ul className="sd-plain-list">
            {detail.attempts.map((a) => (
              <li key={a.id}>
                <span className="sd-muted">{formatDateTime(a.ts)}</span> · {a.jobId !== null ? `job ${a.jobId}${a.attempt ? `, attempt ${a.attempt}` : ''}` : `run ${a.runId}`}
                <PlainReason text={a.reason} />
              </li>
            ))}
          </ul>
        </div>
        <div>
          <h4>History</h4>
          {detail.actions.length === 0 && <p className="sd-muted">Nothing done yet.</p>}
          <ul className="sd-plain-list" data-testid="error-history">
            {detail.actions.map((a) => (
              <li key={a.id}>
                <span className="sd-muted">{formatDateTime(a.ts)}</span> · {ACTION_WORDS[a.action]} by {a.actor}
                {a.note ? `: ${a.note}` : ''}
                {a.originalPayload && (
                  <div className="sd-mono sd-muted">
                    was {a.originalPayload} → {a.newPayload}
                  </div>
                )}
              </li>
            ))}
          </ul>
        </div>
      </div>
      {editing && (
        <EditRetryDialog
          groupId={id}
          onClose={(retried) => {
            setEditing(false);
            if (retried) onChanged();
          }}
        />
      )}
    </div>
  );
}
