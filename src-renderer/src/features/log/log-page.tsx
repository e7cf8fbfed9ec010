import { Button } from '@blueprintjs/core';
import { useCallback, useEffect, useMemo } from 'react';
import type { LogEntry } from '../../../../src-preload/contract';
import { useConnectionStore } from '../../api/connection-store';
import { PageHeader } from '../../components/page-header';
import { EmptyTable, LoadErrorFooter, VirtualTable } from '../../components/virtual-table';
import { useConnectionsStore } from '../connections/connections-store';
import { logColumns } from './log-columns';
import { useSourceNames } from '../../components/source-names';
import { LogDetails } from './log-details';
import { isFiltered } from './log-filter';
import { LogFilters } from './log-filters';
import { subscribeLogEvents, useLogStore } from './log-store';
import { RoleButton } from '../../components/role-gate';

export function LogPage() {
  const names = useSourceNames();
  const columns = useMemo(() => logColumns(names), [names]);
  const entries = useLogStore((s) => s.entries);
  const loading = useLogStore((s) => s.loading);
  const exhausted = useLogStore((s) => s.exhausted);
  const error = useLogStore((s) => s.error);
  const queryId = useLogStore((s) => s.queryId);
  const pendingNew = useLogStore((s) => s.pendingNew);
  const selectedId = useLogStore((s) => s.selectedId);
  const filter = useLogStore((s) => s.filter);
  const exporting = useLogStore((s) => s.exporting);
  const connections = useConnectionsStore((s) => s.connections);
  const resyncs = useConnectionStore((s) => s.resyncs);

  useEffect(() => subscribeLogEvents(), []);
  useEffect(() => {
    void useLogStore.getState().reload();
  }, [resyncs]);
  useEffect(() => {
    if (!useConnectionsStore.getState().loaded) void useConnectionsStore.getState().load();
  }, []);

  // Connectors known to the core, plus any seen in the log (a removed connector's entries stay filterable).
  const connectors = useMemo(() => {
    const known = new Map(connections.map((c) => [c.connectorId, c.displayName]));
    for (const e of entries.slice(0, 500)) if (!known.has(e.connectorId)) known.set(e.connectorId, e.connectorId);
    if (filter.connectorId && !known.has(filter.connectorId)) known.set(filter.connectorId, filter.connectorId);
    return [...known].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
  }, [connections, entries, filter.connectorId]);

  const loadMore = useCallback(() => void useLogStore.getState().loadMore(), []);
  const onRowClick = useCallback((e: LogEntry) => void useLogStore.getState().select(e.id), []);
  const onScrollTop = useCallback((atTop: boolean) => useLogStore.getState().setAtTop(atTop), []);
  const { reload, exportCsv } = useLogStore.getState();

  const count = `${entries.length.toLocaleString()}${exhausted ? '' : '+'} entr${entries.length === 1 ? 'y' : 'ies'}`;
  let subtitle: string | undefined = `${count} ${isFiltered(filter) ? 'matching the filter' : 'loaded'} · newest first`;
  if (entries.length === 0) subtitle = loading ? 'Loading…' : error || !exhausted ? undefined : 'No entries';

  return (
    <div className="sd-page sd-page-fill">
      <PageHeader
        title="Integration Log"
        subtitle={subtitle}
        actions={
          <>
            <Button icon="refresh" size="small" variant="minimal" text="Refresh" onClick={() => void reload()} />
            <RoleButton
              action="log:export"
              data-testid="log-export"
              icon="export"
              size="small"
              text={isFiltered(filter) ? 'Export matching entries (CSV)' : 'Export all entries (CSV)'}
              title={isFiltered(filter) ? 'Exports every entry the search and filters find, not only those loaded' : 'Exports the whole log, newest first'}
              loading={exporting}
              onClick={() => void exportCsv()}
            />
          </>
        }
      />
      <LogFilters connectors={connectors} />
      <div className="sd-split">
        <div className="sd-split-main">
          {pendingNew > 0 && (
            <div className="sd-pill-wrap">
              <Button className="sd-pill" data-testid="log-new-entries" icon="arrow-up" intent="primary" size="small" onClick={() => void reload()}>
                {pendingNew} new entr{pendingNew === 1 ? 'y' : 'ies'}
              </Button>
            </div>
          )}
          <VirtualTable
            rows={entries}
            columns={columns}
            rowKey={(e) => e.id}
            rowTestId="log-row"
            rowAttributes={(e) => ({ 'data-outcome': e.outcome, 'data-id': String(e.id) })}
            rowClassName={(e) => (e.dismissed ? 'is-dismissed' : undefined)}
            selectedKey={selectedId}
            onRowClick={onRowClick}
            loading={loading}
            hasMore={!exhausted}
            onEndReached={loadMore}
            onScrollTopChange={onScrollTop}
            resetKey={queryId}
            error={error ? <LoadErrorFooter message={error.message} onRetry={entries.length ? loadMore : () => void reload()} /> : undefined}
            endLabel="End of log"
            empty={
              isFiltered(filter) ? (
                <EmptyTable title="No entries match" description="Change or clear the filters to see more of the log." />
              ) : (
                <EmptyTable title="The log is empty" description="Every action the sync engine takes is recorded here." />
              )
            }
          />
        </div>
        <LogDetails />
      </div>
    </div>
  );
}
