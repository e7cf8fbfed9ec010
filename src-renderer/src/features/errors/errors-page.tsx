import { Button, Checkbox, Classes, HTMLSelect, HTMLTable, InputGroup, NonIdealState, Tab, Tabs, Tag } from '@blueprintjs/core';
import { Fragment, useCallback, useEffect, useState } from 'react';
import type { ErrorFacets, ErrorFilter, ErrorGroup, ErrorPage as Page, ReasonKind } from '../../../../src-preload/contract';
import { BULK_LIMIT } from '../../../../src-preload/contract';
import { api } from '../../api/client';
import { namesFrom } from '../../components/source-names';
import { headlineAndDetail } from '../../components/field-issues';
import { callOrToast } from '../../api/call';
import { navigate } from '../../app/router';
import { formatCount, formatDateTime } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { showSuccess } from '../../components/toaster';
import { InDoubtPanel } from '../sync-status/in-doubt-panel';
import { ErrorDetail } from './error-detail';
import { askNotificationPermission, useErrorsStore } from './errors-store';
import { RoleButton } from '../../components/role-gate';

export type ErrorsTab = 'open' | 'in-doubt' | 'resolved';

const REASONS: Record<ReasonKind, string> = { rejected: 'Refused by the remote', gave_up: 'Gave up after retries', failed: 'Failed in a run' };

const dayStart = (d: string) => (d ? Date.parse(`${d}T00:00:00`) : undefined);
const dayEnd = (d: string) => (d ? Date.parse(`${d}T23:59:59.999`) : undefined);

/** The Errors workspace: per connector and task, open / in doubt / resolved, with bulk actions over the filter. */
export function ErrorsPage({ connectorId, tab = 'open' }: { connectorId?: string; tab?: ErrorsTab }) {
  const counts = useErrorsStore((s) => s.counts);
  const version = useErrorsStore((s) => s.version);
  const [facets, setFacets] = useState<ErrorFacets>([]);
  const names = namesFrom(facets);
  const [source, setSource] = useState('');
  const [reason, setReason] = useState<ReasonKind | ''>('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [page, setPage] = useState<Page | null>(null);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [open, setOpen] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState('');

  const filter: ErrorFilter = {
    status: tab === 'resolved' ? 'resolved' : 'open',
    ...(connectorId ? { connectorId } : {}),
    ...(source ? { source } : {}),
    ...(reason ? { reasonKind: reason } : {}),
    ...(from ? { from: dayStart(from) } : {}),
    ...(to ? { to: dayEnd(to) } : {}),
  };
  const key = JSON.stringify(filter);
  const load = useCallback(async () => {
    if (tab === 'in-doubt') return;
    const r = await callOrToast('Load the errors', api().errorsPage({ ...(JSON.parse(key) as ErrorFilter), limit: 200 }));
    if (r) setPage(r);
  }, [key, tab]);
  useEffect(() => {
    void callOrToast('Load the filters', api().errorsFacets({})).then((f) => f && setFacets(f));
  }, []);
  useEffect(() => {
    void load();
  }, [load, version]);
  useEffect(() => {
    setSelected(new Set());
    setOpen(null);
  }, [key]);

  const go = (next: { connectorId?: string; tab?: ErrorsTab }) => navigate({ name: 'errors', connectorId: next.connectorId, tab: next.tab });
  const sources = facets.find((f) => f.connectorId === connectorId)?.sources ?? [];
  const refresh = async () => {
    setSelected(new Set());
    await useErrorsStore.getState().loadCounts();
    await load();
  };
  const bulk = async (what: 'retry' | 'resolve', all: boolean) => {
    setBusy(true);
    const ids = [...selected];
    const n = note.trim() || undefined;
    const r =
      what === 'retry'
        ? await callOrToast('Retry', all ? api().errorsRetryAll({ filter }) : api().errorsRetry({ ids }))
        : await callOrToast('Resolve', all ? api().errorsResolveAll({ filter, note: n }) : api().errorsResolve({ ids, note: n }));
    setBusy(false);
    if (r) showSuccess(r.message);
    await refresh();
  };

  const groups = page?.groups ?? [];
  const total = page?.total ?? 0;
  const allMatching = Math.min(total, BULK_LIMIT);
  const toggle = (g: ErrorGroup) => {
    const next = new Set(selected);
    if (next.has(g.id)) next.delete(g.id);
    else next.add(g.id);
    setSelected(next);
  };

  return (
    <div className="sd-page sd-page-scroll" data-testid="errors-page">
      <PageHeader
        title="Errors"
        subtitle={counts ? `${formatCount(counts.open)} open · ${formatCount(counts.inDoubt)} in doubt` : undefined}
        actions={<Button size="small" variant="minimal" icon="notifications" text="Desktop notifications" onClick={() => void askNotificationPermission().then((p) => showSuccess(`Desktop notifications: ${p}`))} />}
      />
      <div className="sd-inline sd-block sd-error-filters">
        <HTMLSelect aria-label="Connector" value={connectorId ?? ''} onChange={(e) => (setSource(''), go({ connectorId: e.target.value || undefined, tab }))}>
          <option value="">Every connector</option>
          {facets.map((f) => (
            <option key={f.connectorId} value={f.connectorId}>
              {f.name}
              {counts?.byConnector[f.connectorId] ? ` (${counts.byConnector[f.connectorId]})` : ''}
            </option>
          ))}
        </HTMLSelect>
        <HTMLSelect aria-label="Task or job" value={source} disabled={!connectorId} onChange={(e) => setSource(e.target.value)}>
          <option value="">Every task and job</option>
          {sources.map((s) => (
            <option key={s.id} value={s.id}>
              {s.kind === 'task' ? 'Task: ' : 'Job: '}
              {s.name}
            </option>
          ))}
        </HTMLSelect>
        <HTMLSelect aria-label="Reason" value={reason} onChange={(e) => setReason(e.target.value as ReasonKind | '')}>
          <option value="">Every reason</option>
          {Object.entries(REASONS).map(([k, v]) => (
            <option key={k} value={k}>
              {v}
            </option>
          ))}
        </HTMLSelect>
        <InputGroup size="small" type="date" aria-label="From" value={from} onChange={(e) => setFrom(e.target.value)} />
        <InputGroup size="small" type="date" aria-label="To" value={to} onChange={(e) => setTo(e.target.value)} />
      </div>
      <Tabs id="errors-tabs" selectedTabId={tab} onChange={(t) => go({ connectorId, tab: t as ErrorsTab })}>
        <Tab id="open" title={`Open${counts ? ` (${formatCount(connectorId ? (counts.byConnector[connectorId] ?? 0) : counts.open)})` : ''}`} />
        <Tab id="in-doubt" title={`In doubt${counts ? ` (${counts.inDoubt})` : ''}`} />
        <Tab id="resolved" title="Resolved" />
      </Tabs>
      {/* The tab strip's panel, under the ids Blueprint's selected tab points at (aria-controls, labelledby). */}
      <div role="tabpanel" id={`${Classes.TAB_PANEL}_errors-tabs_${tab}`} aria-labelledby={`${Classes.TAB}-title_errors-tabs_${tab}`}>
      {tab === 'in-doubt' ? (
        <div className="sd-block">
          <InDoubtPanel refreshKey={version} />
          {counts?.inDoubt === 0 && <NonIdealState icon="tick" title="No job in doubt" description="Jobs whose remote effect is unknown wait here for your choice." />}
        </div>
      ) : (
        <>
          {tab === 'open' && total > 0 && (
            <div className="sd-inline sd-block sd-bulk-bar" data-testid="bulk-bar">
              <span>{selected.size > 0 ? `${formatCount(selected.size)} selected` : `${total > BULK_LIMIT ? `more than ${formatCount(BULK_LIMIT)}` : formatCount(total)} match the filter`}</span>
              <InputGroup size="small" placeholder="Note (optional)" aria-label="Bulk resolution note" value={note} onChange={(e) => setNote(e.target.value)} />
              {selected.size > 0 ? (
                <>
                  <RoleButton action="errors:retry" size="small" intent="primary" loading={busy} text={`Retry ${selected.size}`} onClick={() => void bulk('retry', false)} />
                  <RoleButton action="errors:resolve" size="small" loading={busy} text={`Resolve ${selected.size}`} onClick={() => void bulk('resolve', false)} />
                </>
              ) : (
                <>
                  <RoleButton action="errors:retry-all" size="small" intent="primary" loading={busy} text={`Retry all ${formatCount(allMatching)}`} onClick={() => void bulk('retry', true)} />
                  <RoleButton action="errors:resolve-all" size="small" loading={busy} text={`Resolve all ${formatCount(allMatching)}`} onClick={() => void bulk('resolve', true)} />
                </>
              )}
            </div>
          )}
          {page && groups.length === 0 ? (
            <NonIdealState icon={tab === 'open' ? 'tick-circle' : 'history'} title={tab === 'open' ? 'No open errors' : 'Nothing resolved yet'} description="Failures are grouped by record: one row however often it failed." />
          ) : (
            <HTMLTable compact className="sd-table sd-errors-table" data-testid="errors-table">
              <thead>
                <tr>
                  {tab === 'open' && (
                    <th>
                      <Checkbox
                        aria-label="Select every error shown"
                        checked={groups.length > 0 && groups.every((g) => selected.has(g.id))}
                        onChange={(e) => setSelected(new Set((e.target as HTMLInputElement).checked ? groups.map((g) => g.id) : []))}
                      />
                    </th>
                  )}
                  <th>Record</th>
                  <th>Reason</th>
                  <th>Failures</th>
                  <th>{tab === 'open' ? 'Last failed' : 'Resolved'}</th>
                </tr>
              </thead>
              <tbody>
                {groups.map((g) => (
                  <Fragment key={g.id}>
                    <tr data-testid={`error-row-${g.entityId}`} className="sd-clickable" onClick={() => setOpen(open === g.id ? null : g.id)}>
                      {tab === 'open' && (
                        <td onClick={(e) => e.stopPropagation()}>
                          <Checkbox aria-label={`Select ${g.entityId}`} checked={selected.has(g.id)} onChange={() => toggle(g)} />
                        </td>
                      )}
                      <td>
                        <strong>{g.entityType === 'task' ? names.source(g.connectorId, g.entityId) : `${g.entityType ? `${g.entityType} ` : ''}${g.entityId}`}</strong>
                        <div className="sd-muted" data-testid="error-source">
                          {names.connector(g.connectorId)} · {names.source(g.connectorId, g.source)}
                        </div>
                      </td>
                      <td>
                        <Tag minimal intent={g.reasonKind === 'rejected' ? 'danger' : 'warning'}>
                          {REASONS[g.reasonKind]}
                        </Tag>
                        <div className="sd-error-reason">{headlineAndDetail(g.reason).headline}</div>
                      </td>
                      <td>{formatCount(g.failures)}</td>
                      <td>
                        {tab === 'open' ? (
                          formatDateTime(g.lastFailedAt)
                        ) : (
                          <span data-testid={`resolved-by-${g.entityId}`}>
                            {formatDateTime(g.resolvedAt)} · resolved by {g.resolvedBy}
                            {g.resolutionNote ? `: ${g.resolutionNote}` : ''}
                          </span>
                        )}
                      </td>
                    </tr>
                    {open === g.id && (
                      <tr>
                        <td colSpan={tab === 'open' ? 5 : 4}>
                          <ErrorDetail id={g.id} version={version} onChanged={() => void refresh()} />
                        </td>
                      </tr>
                    )}
                  </Fragment>
                ))}
              </tbody>
            </HTMLTable>
          )}
          {page?.nextCursor && <p className="sd-muted">Showing the latest {groups.length} of {total > BULK_LIMIT ? `more than ${formatCount(BULK_LIMIT)}` : formatCount(total)}.</p>}
        </>
      )}
      </div>
    </div>
  );
}
