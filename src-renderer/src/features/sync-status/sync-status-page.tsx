import { Callout, HTMLTable, NonIdealState, Spinner } from '@blueprintjs/core';
import { useEffect, useState } from 'react';
import { useConnectionStore } from '../../api/connection-store';
import { PageHeader } from '../../components/page-header';
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

export function SyncStatusPage() {
  const tasks = useSyncStore((s) => s.tasks);
  const loaded = useSyncStore((s) => s.loaded);
  const loadError = useSyncStore((s) => s.loadError);
  const load = useSyncStore((s) => s.load);
  const resyncs = useConnectionStore((s) => s.resyncs);
  const now = useNow(15_000);

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
        <div className="sd-table-scroll">
          <HTMLTable compact className="sd-table sd-task-table">
            <colgroup>
              <col className="sd-col-task" />
              <col className="sd-col-last" />
              <col className="sd-col-counts" />
              <col className="sd-col-chart" />
              <col className="sd-col-schedule" />
              <col className="sd-col-actions" />
            </colgroup>
            <thead>
              <tr>
                <th>Task</th>
                <th>Last run</th>
                <th>
                  <CountsHeader />
                </th>
                <th>Recent runs</th>
                <th>Schedule</th>
                <th aria-label="Actions" />
              </tr>
            </thead>
            <tbody>
              {tasks.map((task) => (
                <TaskRow key={`${task.connectorId}/${task.taskId}`} task={task} now={now} />
              ))}
            </tbody>
          </HTMLTable>
        </div>
      )}
    </div>
  );
}
