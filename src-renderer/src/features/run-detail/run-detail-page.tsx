import { Button, ButtonGroup, Callout, Tag } from '@blueprintjs/core';
import { useCallback, useEffect, useState } from 'react';
import type { RunItem } from '../../../../src-preload/contract';
import { api } from '../../api/client';
import { navigate } from '../../app/router';
import { formatDateTime, formatDuration, formatExactUtc, formatShortTime } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { ItemChanges, RunChanges } from '../../components/field-changes';
import { RunStatusTag } from '../../components/status-tags';
import { EmptyTable, LoadErrorFooter, VirtualTable, type Column } from '../../components/virtual-table';
import { Counts, CountsHeader, emptyRunText } from '../sync-status/counts';
import { useSyncStore } from '../sync-status/sync-store';
import { useRunDetailStore } from './run-detail-store';

const ACTION_INTENT: Record<RunItem['action'], 'success' | 'primary' | 'none' | 'warning' | 'danger'> = {
  created: 'success',
  updated: 'primary',
  unchanged: 'none',
  skipped: 'warning',
  failed: 'danger',
  queued: 'none',
};

const COLUMNS: readonly Column<RunItem>[] = [
  { key: 'seq', header: '#', width: '64px', className: 'sd-num', priority: 3, render: (i) => i.seq },
  { key: 'ts', header: 'Time', width: '110px', className: 'sd-mono-cell', priority: 2, render: (i) => <span title={`${formatDateTime(i.ts)} (${formatExactUtc(i.ts)})`}>{formatShortTime(i.ts)}</span> },
  {
    key: 'action',
    header: 'Action',
    width: '100px',
    render: (i) => (
      <Tag minimal intent={ACTION_INTENT[i.action]} className="sd-tag">
        {i.action}
      </Tag>
    ),
  },
  { key: 'type', header: 'Entity', width: '130px', priority: 4, render: (i) => i.entityType },
  { key: 'id', header: 'Entity id', width: '180px', className: 'sd-mono-cell', render: (i) => <span title={i.entityId}>{i.entityId}</span> },
  { key: 'message', header: 'Message', width: 'minmax(160px, 1fr)', isKey: true, render: (i) => <span title={i.message ?? ''}>{i.message ?? ''}</span> },
  // Fields changed gives way to a Message that would be cut (the Field changes tab lists them all).
  { key: 'changes', header: 'Fields changed', width: 'minmax(200px, 2fr)', priority: 2, render: (i) => (i.changes ? <ItemChanges changes={i.changes} /> : '') },
];

export function RunDetailPage({ runId }: { runId: number }) {
  const s = useRunDetailStore();
  const [view, setView] = useState<'records' | 'changes'>('records');

  useEffect(() => {
    void useRunDetailStore.getState().open(runId);
    if (!useSyncStore.getState().loaded) void useSyncStore.getState().load();
    return api().onSyncRunUpdated((run) => useRunDetailStore.getState().onRunUpdated(run));
  }, [runId]);

  const loadMore = useCallback(() => void useRunDetailStore.getState().loadMore(), []);
  const run = s.run;
  // Display names come from the task list when it is loaded; the run itself only carries ids.
  const task = useSyncStore((st) => (run ? st.tasks.find((t) => t.connectorId === run.connectorId && t.taskId === run.taskId) : undefined));

  return (
    <div className="sd-page sd-page-fill" data-testid="run-detail">
      <PageHeader
        title={
          <span className="sd-inline">
            <Button icon="arrow-left" variant="minimal" size="small" aria-label="Back to Sync Status" onClick={() => navigate({ name: 'sync-status' })} />
            Run #{runId}
            {run && <RunStatusTag status={run.status} />}
          </span>
        }
        subtitle={
          run
            ? `${task?.connectorName ?? run.connectorId} · ${task?.name ?? run.taskId} · ${run.trigger === 'manual' ? 'Sync Now' : 'scheduled'}`
            : undefined
        }
      />
      {run && (
        <div className="sd-run-summary">
          <dl className="sd-facts">
            <dt>Started</dt>
            <dd>{formatDateTime(run.startedAt)}</dd>
            <dt>Finished</dt>
            <dd>{run.finishedAt ? formatDateTime(run.finishedAt) : '—'}</dd>
            <dt>Duration</dt>
            <dd>{formatDuration(run.durationMs)}</dd>
          </dl>
          <div className="sd-run-counts">
            <CountsHeader />
            <Counts counts={run.counts} />
          </div>
        </div>
      )}
      {run?.message && (
        <Callout intent={run.status === 'failed' ? 'danger' : run.status === 'partial' ? 'warning' : undefined} className="sd-block sd-compact-callout">
          {run.message}
        </Callout>
      )}
      <ButtonGroup className="sd-block" aria-label="Show">
        <Button text="Records" size="small" active={view === 'records'} aria-pressed={view === 'records'} onClick={() => setView('records')} />
        <Button text="Field changes" size="small" active={view === 'changes'} aria-pressed={view === 'changes'} onClick={() => setView('changes')} data-testid="run-changes-tab" />
      </ButtonGroup>
      {view === 'changes' ? (
        <div className="sd-scroll-panel" data-testid="run-changes">
          <RunChanges runId={runId} />
        </div>
      ) : s.error && !run ? (
        <Callout intent="danger" title="Could not open this run" className="sd-block">
          {s.error.message}
        </Callout>
      ) : (
        <VirtualTable
          rows={s.items}
          columns={COLUMNS}
          rowKey={(i) => i.seq}
          rowTestId="run-item"
          rowAttributes={(i) => ({ 'data-action': i.action })}
          loading={s.loading}
          hasMore={!s.exhausted}
          onEndReached={loadMore}
          error={s.error ? <LoadErrorFooter message={s.error.message} onRetry={loadMore} /> : undefined}
          endLabel={`${s.items.length} record${s.items.length === 1 ? '' : 's'}`}
          empty={
            run?.status === 'running' || !run ? (
              <EmptyTable title="No records yet" description="This run has not recorded anything yet." />
            ) : (
              <EmptyTable title={emptyRunText(run.counts)} description="Only records that were created, updated, skipped or failed are listed here." />
            )
          }
        />
      )}
    </div>
  );
}
