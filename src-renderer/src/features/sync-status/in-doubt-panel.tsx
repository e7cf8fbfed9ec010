import { Callout, InputGroup } from '@blueprintjs/core';
import { useCallback, useEffect, useState } from 'react';
import type { InDoubtJob } from '../../../../src-preload/contract';
import { api } from '../../api/client';
import { callOrToast } from '../../api/call';
import { formatZonedDateTime } from '../../components/format';
import { RoleButton } from '../../components/role-gate';
import { useCan } from '../../api/staff-store';

/**
 * Jobs whose remote effect is unknown (an earlier attempt may have taken effect, and SyncDesk could not tell): staff
 * choose, for each, to act again at the remote or to enter the id of the record the earlier attempt made.
 */
export function InDoubtPanel({ refreshKey }: { refreshKey: number }) {
  const [jobs, setJobs] = useState<InDoubtJob[]>([]);
  const [ids, setIds] = useState<Record<number, string>>({});
  const [busy, setBusy] = useState<number | null>(null);
  const canResolve = useCan('jobs:resolve-in-doubt');
  const load = useCallback(async () => {
    const list = await callOrToast('Load the jobs in doubt', api().jobsInDoubt({}));
    if (list) setJobs(list);
  }, []);
  useEffect(() => {
    void load();
  }, [load, refreshKey]);

  const resolve = async (job: InDoubtJob, input: { action: 'raise-again' } | { action: 'use-existing'; remoteId: string }) => {
    setBusy(job.id);
    await callOrToast(input.action === 'raise-again' ? 'Act again' : 'Use the existing record', api().jobsResolveInDoubt({ jobId: job.id, ...input }));
    setBusy(null);
    await load();
  };

  if (jobs.length === 0) return null;
  return (
    <Callout
      intent="warning"
      icon="help"
      className="sd-block"
      title={jobs.length === 1 ? '1 job in doubt: decide before it goes on' : `${jobs.length} jobs in doubt: decide before they go on`}
      data-testid="in-doubt-panel"
    >
      <p>An earlier attempt may already have taken effect at the remote, and SyncDesk could not tell. Nothing more is sent until you decide.</p>
      {jobs.map((job) => (
        <div key={job.id} className="sd-in-doubt-row" data-testid="in-doubt-job">
          <div>
            <strong>
              {job.connectorId} · {job.kind} · {job.entityKey}
            </strong>
            {job.since !== null && <span className="sd-muted"> · since {formatZonedDateTime(job.since)}</span>}
            <div className="sd-muted">{job.reason}</div>
          </div>
          <div className="sd-in-doubt-actions">
            {job.canUseExisting && (
              <InputGroup
                small
                placeholder="Existing record's id"
                aria-label="Existing record's id"
                value={ids[job.id] ?? ''}
                onChange={(e) => setIds({ ...ids, [job.id]: e.target.value })}
                disabled={!canResolve.allowed}
                rightElement={
                  <RoleButton
                    action="jobs:resolve-in-doubt"
                    small
                    disabled={busy === job.id || !(ids[job.id] ?? '').trim()}
                    text="Use this record"
                    onClick={() => void resolve(job, { action: 'use-existing', remoteId: (ids[job.id] ?? '').trim() })}
                  />
                }
              />
            )}
            <RoleButton action="jobs:resolve-in-doubt" small intent="warning" disabled={busy === job.id} text="Act again at the remote" onClick={() => void resolve(job, { action: 'raise-again' })} />
          </div>
        </div>
      ))}
    </Callout>
  );
}
