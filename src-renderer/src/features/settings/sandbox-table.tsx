import { HTMLTable, InputGroup, NonIdealState, Tag } from '@blueprintjs/core';
import { RoleButton, RoleTip } from '../../components/role-gate';
import { useCan } from '../../api/staff-store';
import { useEffect, useState } from 'react';
import type { Faults, SandboxView } from '../../../../src-preload/contract';
import { CheckControl } from '../../components/check-control';
import { formatCount } from '../../components/format';
import { useSettingsStore } from './settings-store';

const NO_FAULTS: Faults = { latencyMs: 0, errorRate: 0, reset: false, hang: false, down: false };

/** A number box that commits on blur or Enter, so typing "250" is one change, not three. */
function CommitNumber(props: { value: number; min: number; max: number; step: number; label: string; testId: string; disabled: boolean; onCommit(n: number): void }) {
  const [text, setText] = useState(String(props.value));
  useEffect(() => setText(String(props.value)), [props.value]);
  const commit = () => {
    const n = Number(text);
    if (text.trim() === '' || !Number.isFinite(n)) return setText(String(props.value));
    const clamped = Math.min(props.max, Math.max(props.min, n));
    setText(String(clamped));
    if (clamped !== props.value) props.onCommit(clamped);
  };
  return (
    <InputGroup
      size="small"
      type="number"
      className="sd-num-input"
      aria-label={props.label}
      data-testid={props.testId}
      data-action="sandbox:set-faults"
      disabled={props.disabled}
      min={props.min}
      max={props.max}
      step={props.step}
      value={text}
      onChange={(e) => setText(e.currentTarget.value)}
      onBlur={commit}
      onKeyDown={(e) => e.key === 'Enter' && commit()}
    />
  );
}

function SandboxRow({ sandbox }: { sandbox: SandboxView }) {
  const setFaults = useSettingsStore((s) => s.setFaults);
  const id = sandbox.connectorId;
  const f = sandbox.faults;
  const faulty = f.latencyMs > 0 || f.errorRate > 0 || f.reset || f.hang || f.down;
  const toggle = (key: 'reset' | 'hang' | 'down') => (on: boolean) => void setFaults(id, { [key]: on });
  const can = useCan('sandbox:set-faults');
  const off = !can.allowed;
  return (
    <tr data-testid={`sandbox-${id}`}>
      <td>
        <div className="sd-strong">{sandbox.name}</div>
        <div className="sd-muted sd-mono-cell">{sandbox.url ?? 'not listening'}</div>
      </td>
      <td>
        <Tag minimal intent={sandbox.running ? 'success' : 'none'} className="sd-tag">
          {sandbox.running ? 'running' : 'stopped'}
        </Tag>
      </td>
      <td className="sd-num">{formatCount(sandbox.requests)}</td>
      <td className="sd-num">{formatCount(sandbox.faultsInjected)}</td>
      <td>
        <RoleTip can={can}>
          <CommitNumber value={f.latencyMs} min={0} max={120_000} step={50} label="Latency in ms" testId={`fault-latency-${id}`} disabled={off} onCommit={(n) => void setFaults(id, { latencyMs: Math.round(n) })} />
        </RoleTip>
      </td>
      <td>
        <RoleTip can={can}>
          <CommitNumber value={f.errorRate} min={0} max={1} step={0.05} label="Error rate 0 to 1" testId={`fault-error-rate-${id}`} disabled={off} onCommit={(n) => void setFaults(id, { errorRate: n })} />
        </RoleTip>
      </td>
      <td className="sd-fault-toggles">
        <RoleTip can={can}>
          {(['reset', 'hang', 'down'] as const).map((key) => (
            <CheckControl key={key} inline kind="switch" label={key} checked={f[key]} disabled={off} action="sandbox:set-faults" onChange={toggle(key)} testId={`fault-${key}-${id}`} />
          ))}
        </RoleTip>
      </td>
      <td className="sd-actions">
        <RoleButton action="sandbox:set-faults" size="small" variant="minimal" text="Clear faults" disabled={!faulty} onClick={() => void setFaults(id, NO_FAULTS)} />
      </td>
    </tr>
  );
}

export function SandboxTable({ sandboxes }: { sandboxes: readonly SandboxView[] }) {
  if (sandboxes.length === 0) {
    return (
      <div className="sd-card-empty">
        <NonIdealState
          layout="horizontal"
          icon="lab-test"
          title="No simulators"
          description="Each installed connector ships a simulator of its back-office system; they are listed here with their fault controls."
        />
      </div>
    );
  }
  return (
    <HTMLTable compact className="sd-table sd-sandbox-table">
      <thead>
        <tr>
          <th>Simulator</th>
          <th>State</th>
          <th className="sd-num">Requests</th>
          <th className="sd-num">Faults injected</th>
          <th>Latency (ms)</th>
          <th>Error rate (0–1)</th>
          <th>Connection faults</th>
          <th aria-label="Actions" />
        </tr>
      </thead>
      <tbody>
        {sandboxes.map((s) => (
          <SandboxRow key={s.connectorId} sandbox={s} />
        ))}
      </tbody>
    </HTMLTable>
  );
}
