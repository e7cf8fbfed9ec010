import { Button, Callout } from '@blueprintjs/core';
import { useState } from 'react';
import type { LogEntry } from '../../../../src-preload/contract';
import { api } from '../../api/client';
import { settle } from '../../api/call';
import { formatDateTime } from '../../components/format';
import { showError, showInfo } from '../../components/toaster';
import { useCasesStore } from './cases-store';
import { RoleButton } from '../../components/role-gate';
import { PlainReason } from '../../components/field-issues';
import { useSourceNames } from '../../components/source-names';

// A case's failed integration where staff look at the case, not only in the log: what failed, why, and Retry.

/** The failures still standing: retryable, not dismissed, newest first, one per job (a job logs each attempt). */
export function standingFailures(log: readonly LogEntry[]): LogEntry[] {
  const seen = new Set<string>();
  const out: LogEntry[] = [];
  for (const e of [...log].sort((a, b) => b.ts - a.ts || b.id - a.id)) {
    if (!e.retryable || e.dismissed) continue;
    const key = e.jobId !== null ? `job:${e.jobId}` : `entry:${e.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(e);
  }
  return out;
}

export function CaseFailures({ log }: { log: readonly LogEntry[] }) {
  const failures = standingFailures(log);
  const [busy, setBusy] = useState<number | null>(null);
  const names = useSourceNames();
  if (failures.length === 0) return null;

  async function retry(entry: LogEntry) {
    setBusy(entry.id);
    const result = await settle(api().logRetry({ id: entry.id }));
    setBusy(null);
    if (!result.ok) return showError('Retry', result.error);
    showInfo(result.data.message);
    await useCasesStore.getState().refreshDetail();
  }

  return (
    <Callout intent="danger" icon="error" compact title="Integration failed" className="sd-compact-callout sd-block" data-testid="case-failures">
      {failures.map((f) => (
        <div key={f.id} className="sd-case-failure" data-testid="case-failure" data-entry={f.id}>
          <div>
            <span className="sd-strong">{names.source(f.connectorId, f.action)}</span> <span className="sd-muted">{formatDateTime(f.ts)}</span>
          </div>
          <PlainReason className="sd-case-failure-message" text={f.message} />
          <RoleButton action="log:retry" data-testid="case-failure-retry" size="small" icon="refresh" text="Retry" loading={busy === f.id} onClick={() => void retry(f)} />
        </div>
      ))}
    </Callout>
  );
}
