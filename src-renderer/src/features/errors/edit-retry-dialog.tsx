import { Button, Callout, Dialog, DialogBody, DialogFooter, TextArea } from '@blueprintjs/core';
import { useEffect, useState } from 'react';
import type { AppError, JobPayloadView } from '../../../../src-preload/contract';
import { api } from '../../api/client';
import { settle } from '../../api/call';
import { showSuccess } from '../../components/toaster';
import { formatCount } from '../../components/format';
import { RoleButton } from '../../components/role-gate';
import { payloadSummary } from './payload-summary';

/**
 * Edit and retry: the failed job's payload as JSON (secret fields masked; leaving the mask keeps the stored value),
 * checked by main against the job kind's schema. A refusal lists what is wrong and changes nothing.
 */
export function EditRetryDialog({ groupId, onClose }: { groupId: number; onClose: (retried: boolean) => void }) {
  const [view, setView] = useState<JobPayloadView | null>(null);
  const [text, setText] = useState('');
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void settle(api().errorsJobPayload({ groupId })).then((r) => {
      if (r.ok) {
        setView(r.data);
        setText(JSON.stringify(r.data.payload, null, 2));
      } else setError(r.error);
    });
  }, [groupId]);

  // The values as staff read them, from the JSON as it is now (the last text that parsed while it is being typed).
  const [summary, setSummary] = useState<ReturnType<typeof payloadSummary>>([]);
  useEffect(() => {
    try {
      setSummary(payloadSummary(JSON.parse(text)));
    } catch {
      // Half-typed JSON: the last readable summary stays.
    }
  }, [text]);

  const save = async () => {
    if (!view) return;
    let payload: unknown;
    try {
      payload = JSON.parse(text);
    } catch (err) {
      setError({ code: 'invalid_input', message: `This is not JSON: ${(err as Error).message}` });
      return;
    }
    setBusy(true);
    const r = await settle(api().errorsEditRetry({ groupId, jobId: view.jobId, payload }));
    setBusy(false);
    if (!r.ok) return setError(r.error);
    showSuccess(r.data.message);
    onClose(r.data.retried);
  };

  return (
    <Dialog isOpen title={view ? `Edit and retry: ${view.title} (job ${formatCount(view.jobId)})` : 'Edit and retry'} onClose={() => onClose(false)} style={{ width: 640 }}>
      <DialogBody>
        {view && view.secretFields.length > 0 && (
          <p className="sd-muted">Secret fields ({view.secretFields.join(', ')}) show a mask; leave it to keep the stored value.</p>
        )}
        <TextArea
          aria-label="Job payload (JSON)"
          data-testid="edit-retry-payload"
          fill
          rows={12}
          className="sd-mono"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setError(null);
          }}
        />
        {summary.length > 0 && (
          <dl className="sd-payload-summary" data-testid="edit-retry-summary" aria-label="The payload as it reads">
            {summary.map((l) => (
              <div key={l.path} data-path={l.path} data-time={l.isTime ? '' : undefined}>
                <dt>{l.label}</dt>
                <dd title={l.isTime ? `Stored as ${l.path}: epoch milliseconds in the JSON above` : undefined}>{l.text}</dd>
              </div>
            ))}
          </dl>
        )}
        {error && (
          <Callout intent="danger" className="sd-block" data-testid="edit-retry-error" title="Not retried">
            {error.message}
            {error.issues && error.issues.length > 0 && (
              <ul>
                {error.issues.map((i) => (
                  <li key={i.path}>
                    <strong>{i.path}</strong>: {i.message}
                  </li>
                ))}
              </ul>
            )}
          </Callout>
        )}
      </DialogBody>
      <DialogFooter
        actions={
          <>
            <Button text="Cancel" onClick={() => onClose(false)} />
            <RoleButton action="errors:edit-retry" intent="primary" text="Save and retry" loading={busy} disabled={!view} onClick={() => void save()} />
          </>
        }
      />
    </Dialog>
  );
}
