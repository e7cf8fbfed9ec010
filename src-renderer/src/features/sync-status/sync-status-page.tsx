import { Callout, HTMLTable, NonIdealState, Spinner } from '@blueprintjs/core';
import { useEffect, useState } from 'react';
import { useWidth } from '../../components/use-width';
import { useConnectionStore } from '../../api/connection-store';
import { PageHeader } from '../../components/page-header';
import { FirstRunChecklist } from './first-run-checklist';
import { CountsHeader } from './counts';
import { subscribeSyncEvents, useSyncStore } from './sync-store';
import { TaskRow } from './task-row';
import { InDoubtPanel } from './in-doubt-panel';

function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

// Widths of the task table at which the full counts (1032 px of fixed columns plus 300 for the task) and the
// chart (756 px with the counts grouped, plus 300) come in.
const WIDE_TABLE_PX = 1332;
const CHART_TABLE_PX = 1056;

export function SyncStatusPage() {
  const tasks = useSyncStore((s) => s.tasks);
  const loaded = useSyncStore((s) => s.loaded);
  const loadError = useSyncStore((s) => s.loadError);
  const load = useSyncStore((s) => s.load);
  const resyncs = useConnectionStore((s) => s.resyncs);
  const now = useNow(15_000);
  const [tableRef, tableWidth] = useWidth();
  // The task's name and Sync Now always fit: with less room the six counts are grouped into one column of the
  // non-zero ones, and with less still the chart gives way too (each run is a click away on Last run).
  const wide = tableWidth >= WIDE_TABLE_PX;
  const chart = tableWidth >= CHART_TABLE_PX;

  useEffect(() => subscribeSyncEvents(), []);
  useEffect(() => {
    void load();
  }, [load, resyncs]);

  const running = tasks.filter((t) => t.running).length;
  const subtitle =
    loaded && !(loadError && tasks.length === 0)
      ? `${tasks.length} task${tasks.length === 1 ? '' : 's'} · ${running > 0 ? `${running} running` : 'idle'}`
      : undefined;

  return (
    <div className="sd-page sd-page-scroll">
      <PageHeader title="Sync Status" subtitle={subtitle} />
      <FirstRunChecklist />
      <InDoubtPanel refreshKey={resyncs + now} />
      {loadError && (
        <Callout intent="danger" title="Could not load the sync tasks" className="sd-block">
          {loadError.message}
        </Callout>
      )}
      {!loaded ? (
        <Spinner size={24} className="sd-block" />
      ) : tasks.length === 0 ? (
        !loadError && (
          <NonIdealState
            icon="refresh"
            title="No sync tasks yet"
            description="Each installed connector brings its pull and push tasks; they appear here with their last run and schedule."
          />
        )
      ) : (
        <div className="sd-table-scroll" ref={tableRef}>
          <HTMLTable compact className={`sd-table sd-task-table${wide ? ' is-wide' : ' is-narrow'}`}>
            <colgroup>
              <col className="sd-col-task" />
              <col className="sd-col-last" />
              <col className="sd-col-counts" />
              {chart && <col className="sd-col-chart" />}
              <col className="sd-col-schedule" />
              <col className="sd-col-actions" />
            </colgroup>
            <thead>
              <tr>
                <th>Task</th>
                <th>Last run</th>
                <th>{wide ? <CountsHeader /> : <span title="Records the last run read, created, updated, left unchanged, skipped or failed; zeros left out">Records</span>}</th>
                {chart && <th>Recent runs</th>}
                <th>Schedule</th>
                <th aria-label="Actions" />
              </tr>
            </thead>
            <tbody>
              {tasks.map((task) => (
                <TaskRow key={`${task.connectorId}/${task.taskId}`} task={task} now={now} wide={wide} chart={chart} />
              ))}
            </tbody>
          </HTMLTable>
        </div>
      )}
    </div>
  );
}
