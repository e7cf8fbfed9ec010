import { HTMLSelect } from '@blueprintjs/core';
import { formatInterval } from '../../components/format';

const PRESETS = [5, 15, 30, 60, 120, 240, 720, 1440];
const OFF = 'off';

interface ScheduleSelectProps {
  intervalMinutes: number | null;
  onChange(intervalMinutes: number | null): void;
  testId?: string;
  fill?: boolean;
  disabled?: boolean;
  /** The channel a change calls (data-action), where the control is role-gated. */
  action?: string;
}

export function ScheduleSelect({ intervalMinutes, onChange, testId, fill, disabled, action }: ScheduleSelectProps) {
  const values = intervalMinutes != null && !PRESETS.includes(intervalMinutes) ? [...PRESETS, intervalMinutes].sort((a, b) => a - b) : PRESETS;
  const chosen = intervalMinutes == null ? 'Off' : formatInterval(intervalMinutes);
  return (
    <HTMLSelect
      minimal
      fill={fill}
      data-testid={testId}
      data-action={action}
      disabled={disabled}
      aria-label="Schedule"
      title={`Schedule: ${chosen}`}
      value={intervalMinutes == null ? OFF : String(intervalMinutes)}
      onChange={(e) => onChange(e.currentTarget.value === OFF ? null : Number(e.currentTarget.value))}
    >
      <option value={OFF}>Off</option>
      {values.map((m) => (
        <option key={m} value={String(m)}>
          {formatInterval(m)}
        </option>
      ))}
    </HTMLSelect>
  );
}
