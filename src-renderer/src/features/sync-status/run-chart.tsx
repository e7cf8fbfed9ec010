import type { RunStatus, RunSummary } from '../../../../src-preload/contract';
import { formatDuration, formatZonedDateTime } from '../../components/format';

const WIDTH = 132;
const HEIGHT = 26;
const SLOTS = 30;
const GAP = 1;

const FILL: Record<RunStatus, string> = {
  success: 'sd-bar-success',
  partial: 'sd-bar-partial',
  failed: 'sd-bar-failed',
  interrupted: 'sd-bar-interrupted',
  running: 'sd-bar-running',
};

interface RunChartProps {
  runs: readonly RunSummary[];
  onOpen(run: RunSummary): void;
  label: string;
}

/** Recent runs oldest to newest: bar height is the duration (relative to the slowest), colour the outcome. */
export function RunChart({ runs, onOpen, label }: RunChartProps) {
  const shown = [...runs].sort((a, b) => a.startedAt - b.startedAt || a.id - b.id).slice(-SLOTS);
  if (shown.length === 0) return <span className="sd-muted">no runs yet</span>;
  const max = Math.max(1, ...shown.map((r) => r.durationMs ?? 0));
  const barWidth = (WIDTH - GAP * (SLOTS - 1)) / SLOTS;
  const offset = (SLOTS - shown.length) * (barWidth + GAP);
  return (
    <svg className="sd-run-chart" width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label}>
      <line x1={0} x2={WIDTH} y1={HEIGHT - 0.5} y2={HEIGHT - 0.5} className="sd-chart-axis" />
      {shown.map((run, i) => {
        const running = run.status === 'running';
        const h = running ? HEIGHT : Math.max(2, ((run.durationMs ?? 0) / max) * (HEIGHT - 2));
        const x = offset + i * (barWidth + GAP);
        const counts = run.counts;
        return (
          <g key={run.id} className="sd-chart-bar" onClick={() => onOpen(run)}>
            {/* A full-height hit area keeps short bars clickable. */}
            <rect x={x} y={0} width={barWidth} height={HEIGHT} className="sd-chart-hit" />
            <rect x={x} y={HEIGHT - h} width={barWidth} height={h} className={FILL[run.status]} />
            <title>
              {`Run #${run.id} · ${run.status} · ${formatDuration(run.durationMs)}\n${formatZonedDateTime(run.startedAt)} (${run.trigger})\n` +
                `fetched ${counts.fetched}, created ${counts.created}, updated ${counts.updated}, failed ${counts.failed}`}
            </title>
          </g>
        );
      })}
    </svg>
  );
}
