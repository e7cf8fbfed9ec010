import { RoleButton } from '../../components/role-gate';
import { Button, Callout, Dialog, DialogBody, DialogFooter, HTMLTable, Spinner, Tag } from '@blueprintjs/core';
import { changeText } from '../../components/field-changes';
import { useEffect, useState } from 'react';
import type { AppError, PreviewComparison, PreviewResult } from '../../../../src-preload/contract';
import { api } from '../../api/client';
import { settle } from '../../api/call';
import { formatDuration } from '../../components/format';
import { previewHeadline, previewJobs, previewShownNote } from './preview-text';

const ACTION_INTENT = { created: 'success', updated: 'warning', unchanged: 'none', skipped: 'none', failed: 'danger', queued: 'primary' } as const;
const RUN_POLL_MS = 1_000;

interface Props {
  connectorId: string;
  taskId: string;
  taskName: string;
  onClose(): void;
}

/** Preview run: what the task would do now, read from the remote and applied nowhere; then, in one click, the real run. */
export function PreviewDialog({ connectorId, taskId, taskName, onClose }: Props) {
  const [preview, setPreview] = useState<PreviewResult | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [runId, setRunId] = useState<number | null>(null);
  const [comparison, setComparison] = useState<PreviewComparison | null>(null);

  useEffect(() => {
    let live = true;
    void settle(api().syncPreview({ connectorId, taskId })).then((r) => {
      if (!live) return;
      if (r.ok) setPreview(r.data);
      else setError(r.error);
    });
    return () => {
      live = false;
    };
  }, [connectorId, taskId]);

  // The real run, once started, is set against the preview when it ends.
  useEffect(() => {
    if (runId === null || !preview) return;
    let live = true;
    const check = async () => {
      const r = await settle(api().syncComparePreview({ previewId: preview.previewId, runId }));
      if (!live) return;
      if (!r.ok) setError(r.error);
      else if (r.data.finished) setComparison(r.data);
      else setTimeout(() => void check(), RUN_POLL_MS);
    };
    void check();
    return () => {
      live = false;
    };
  }, [runId, preview]);

  const runForReal = async () => {
    const r = await settle(api().syncRun({ connectorId, taskId }));
    if (r.ok) setRunId(r.data.runId);
    else setError(r.error);
  };

  return (
    <Dialog isOpen onClose={onClose} title={`Preview: ${taskName}`} icon="eye-open" style={{ width: 'min(900px, 94vw)' }}>
      <DialogBody>
        {!preview && !error && (
          <div className="sd-inline" data-testid="preview-running">
            <Spinner size={20} /> Reading from the remote as a run would. Nothing is saved and no job is queued.
          </div>
        )}
        {error && (
          <Callout intent="danger" title="No preview" data-testid="preview-error">
            {error.message}
          </Callout>
        )}
        {preview && (
          <div data-testid="preview-result">
            <Callout intent={preview.status === 'failed' ? 'danger' : 'primary'} icon="eye-open" className="sd-block">
              <div data-testid="preview-headline">{previewHeadline(preview)}</div>
              {previewJobs(preview) && <div>{previewJobs(preview)}</div>}
              <div className="sd-muted">Previewed in {formatDuration(preview.durationMs)}. This was a preview: nothing was saved or sent.</div>
            </Callout>
            {preview.items.length > 0 && (
              <div className="sd-preview-list">
                <HTMLTable compact striped className="sd-full-width" data-testid="preview-items">
                  <thead>
                    <tr>
                      <th>Record</th>
                      <th>Would be</th>
                      <th>What</th>
                    </tr>
                  </thead>
                  <tbody>
                    {preview.items.map((it) => (
                      <tr key={it.seq}>
                        <td className="sd-mono-cell">
                          {it.entityType} {it.entityId}
                        </td>
                        <td>
                          <Tag minimal intent={ACTION_INTENT[it.action]} className="sd-tag">
                            {it.action}
                          </Tag>
                        </td>
                        <td className="sd-wrap-cell">
                          {it.message ?? ''}
                          {it.changes && (
                            <div className="sd-muted" data-testid="preview-changes">
                              {it.changes.map(changeText).join(' · ')}
                            </div>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </HTMLTable>
              </div>
            )}
            {previewShownNote(preview) && <div className="sd-muted">{previewShownNote(preview)}</div>}
            {runId !== null && !comparison && (
              <div className="sd-inline sd-block" data-testid="preview-real-running">
                <Spinner size={16} /> The real run <a href={`#/runs/${runId}`}>#{runId}</a> is going; it is set against this preview when it ends.
              </div>
            )}
            {comparison && (
              <Callout intent={comparison.same ? 'success' : 'warning'} className="sd-block" data-testid="preview-comparison">
                {comparison.summary}
                {comparison.examples.length > 0 && (
                  <ul>
                    {comparison.examples.map((e) => (
                      <li key={e}>{e}</li>
                    ))}
                  </ul>
                )}{' '}
                <a href={`#/runs/${comparison.runId}`} onClick={onClose}>
                  Open run #{comparison.runId}
                </a>
              </Callout>
            )}
          </div>
        )}
      </DialogBody>
      <DialogFooter
        actions={
          <>
            <Button text="Close" onClick={onClose} />
            <RoleButton action="sync:run" intent="primary" text="Run it for real" disabled={!preview || preview.status === 'failed' || runId !== null} onClick={() => void runForReal()} data-testid="preview-run-for-real" />
          </>
        }
      />
    </Dialog>
  );
}
