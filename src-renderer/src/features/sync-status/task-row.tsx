import { ProgressBar } from '@blueprintjs/core';
import { RoleButton, RoleControl } from '../../components/role-gate';
import { useState } from 'react';
import type { TaskStatus } from '../../../../src-preload/contract';
import { navigate } from '../../app/router';
import { formatAgo, formatCount, formatDuration, formatRelative, formatZonedDateTime, localizeTimes } from '../../components/format';
import { TimedWords } from '../../components/timed-words';
import { ConnectionStateTag, RunStatusTag } from '../../components/status-tags';
import { Counts, GroupedCounts } from './counts';
import { RunChart } from './run-chart';
import { ScheduleSelect } from './schedule-select';
import { useSyncStore } from './sync-store';
import { progressFraction, taskKey } from './task-updates';
import { TaskErrors } from './task-errors';
import { PreviewDialog } from './preview-dialog';
import { TaskCursor } from './task-cursor';

export function TaskRow({ task, now, wide, chart }: { task: TaskStatus; now: number; wide: boolean; chart: boolean }) {
  const id = `${task.connectorId}-${task.taskId}`;
  const starting = useSyncStore((s) => Boolean(s.starting[taskKey(task.connectorId, task.taskId)]));
  const runNow = useSyncStore((s) => s.runNow);
  const setSchedule = useSyncStore((s) => s.setSchedule);
  const [previewing, setPreviewing] = useState(false);
  const { lastRun, running } = task;
  const fraction = running ? progressFraction(running) : null;

  return (
    <tr data-testid={`task-${id}`}>
      <td className="sd-task-name">
        <div className="sd-inline">
          <span className="sd-strong sd-ellipsis" title={task.description}>
            {task.name}
          </span>
          {task.connectionState !== 'ready' && <ConnectionStateTag state={task.connectionState} />}
        </div>
        <div className="sd-muted sd-ellipsis" title={task.description}>
          {task.connectorName}
          {task.description ? ` · ${task.description}` : ''}
        </div>
        <TaskErrors connectorId={task.connectorId} taskId={task.taskId} />
        {task.position && (
          <div className="sd-muted sd-ellipsis" title={localizeTimes(task.position)} data-testid={`position-${id}`}>
            <TimedWords text={task.position} />
          </div>
        )}
        <TaskCursor task={task} id={id} />
      </td>
      <td className="sd-last-run">
        {running && running.runId !== lastRun?.id ? (
          // The core may list a run as lastRun only once it ends; until then the running one is the latest.
          <div className="sd-inline">
            <RunStatusTag status="running" testId={`last-outcome-${id}`} />
            <a href={`#/runs/${running.runId}`} data-testid={`last-run-${id}`}>
              Run #{running.runId}
            </a>
          </div>
        ) : lastRun ? (
          <div className="sd-inline">
            <RunStatusTag status={lastRun.status} testId={`last-outcome-${id}`} />
            <a
              href={`#/runs/${lastRun.id}`}
              data-testid={`last-run-${id}`}
              title={`Run #${lastRun.id} · ${formatZonedDateTime(lastRun.startedAt)} · ${lastRun.trigger}${lastRun.message ? `\n${localizeTimes(lastRun.message)}` : ''}`}
            >
              {/* The page clock ticks every 15 s: formatAgo never reads a run that just started as "in a moment". */}
              {formatAgo(lastRun.startedAt, now)}
            </a>
          </div>
        ) : null}
        {!running && lastRun && lastRun.status !== 'running' && (
          <div className="sd-muted sd-duration" data-testid={`duration-${id}`}>
            took {formatDuration(lastRun.durationMs)}
          </div>
        )}
        {!lastRun && !running && <span className="sd-muted">never run</span>}
        {running && (
          <div className="sd-progress" data-testid={`progress-${id}`} data-value={fraction == null ? 'indeterminate' : String(fraction)}>
            <ProgressBar value={fraction ?? undefined} intent="primary" animate stripes={fraction == null} />
            <span className="sd-progress-label">
              {running.phase}
              {running.total != null
                ? ` · ${formatCount(running.done)} / ${formatCount(running.total)}`
                : running.done > 0
                  ? ` · ${formatCount(running.done)}`
                  : ''}
            </span>
          </div>
        )}
      </td>
      <td>
        {wide ? (
          <Counts counts={running ? running.counts : (lastRun?.counts ?? null)} live={Boolean(running)} testId={`counts-${id}`} />
        ) : (
          <GroupedCounts counts={running ? running.counts : (lastRun?.counts ?? null)} live={Boolean(running)} testId={`counts-${id}`} />
        )}
      </td>
      {chart && (
        <td>
          <RunChart runs={task.recent} label={`Recent runs of ${task.name}`} onOpen={(run) => navigate({ name: 'run', runId: run.id })} />
        </td>
      )}
      <td className="sd-schedule">
        <RoleControl action="sync:schedule">
          {(can) => (
            <ScheduleSelect
              fill
              intervalMinutes={task.intervalMinutes}
              testId={`schedule-${id}`}
              disabled={!can.allowed}
              action={can.action}
              onChange={(minutes) => void setSchedule(task.connectorId, task.taskId, minutes)}
            />
          )}
        </RoleControl>
        <div className="sd-muted" title={formatZonedDateTime(task.nextRunAt)}>
          {task.nextRunAt == null ? 'not scheduled' : task.nextRunAt <= now ? 'due now' : `next ${formatRelative(task.nextRunAt, now)}`}
        </div>
      </td>
      <td className="sd-actions">
        <div className="sd-task-actions">
        <RoleButton
          action="sync:run"
          data-testid={`sync-now-${id}`}
          size="small"
          text="Sync Now"
          loading={starting}
          disabled={Boolean(running) || task.connectionState === 'disabled'}
          onClick={() => void runNow(task.connectorId, task.taskId)}
        />
        <RoleButton
          action="sync:preview"
          data-testid={`preview-${id}`}
          size="small"
          variant="minimal"
          text="Preview"
          title="What a run would do now, without saving anything"
          disabled={task.connectionState === 'disabled'}
          onClick={() => setPreviewing(true)}
        />
        </div>
        {previewing && <PreviewDialog connectorId={task.connectorId} taskId={task.taskId} taskName={task.name} onClose={() => setPreviewing(false)} />}
      </td>
    </tr>
  );
}
