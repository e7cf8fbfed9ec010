import { Callout, NonIdealState, Spinner } from '@blueprintjs/core';
import { Fragment, useEffect } from 'react';
import { useConnectionStore } from '../../api/connection-store';
import { PageHeader } from '../../components/page-header';
import { registry } from '../../connectors';
import { ConnectionForm } from './connection-form';
import { ConnectorSections } from './connector-sections';
import { subscribeConnectionEvents, useConnectionsStore } from './connections-store';

export function ConnectionsPage() {
  const connections = useConnectionsStore((s) => s.connections);
  const loaded = useConnectionsStore((s) => s.loaded);
  const loadError = useConnectionsStore((s) => s.loadError);
  const resyncs = useConnectionStore((s) => s.resyncs);

  useEffect(() => subscribeConnectionEvents(), []);
  useEffect(() => {
    void useConnectionsStore.getState().load();
  }, [resyncs]);

  const needsAttention = connections.filter((c) => c.state !== 'ready').length;

  return (
    <div className="sd-page sd-page-scroll">
      <PageHeader
        title="Connections"
        subtitle={
          loaded && connections.length > 0
            ? `${connections.length} connector${connections.length === 1 ? '' : 's'}${needsAttention ? ` · ${needsAttention} need attention` : ''}`
            : undefined
        }
      />
      {loadError && (
        <Callout intent="danger" title="Could not load the connections" className="sd-block">
          {loadError.message}
        </Callout>
      )}
      {!loaded ? (
        <Spinner size={24} className="sd-block" />
      ) : connections.length === 0 && !loadError ? (
        <NonIdealState
          icon="data-connection"
          title="No connectors installed"
          description="Connectors appear here once installed. Each brings its own settings (endpoint, account, credentials) and a connection test."
        />
      ) : (
        <div className="sd-stack">
          {connections.map((view) => (
            <Fragment key={view.connectorId}>
              <ConnectionForm view={view} extensions={registry.fieldExtensions(view.connectorId)} />
              <ConnectorSections view={view} connectors={registry} />
            </Fragment>
          ))}
        </div>
      )}
    </div>
  );
}
