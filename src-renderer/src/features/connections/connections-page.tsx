import { Button, Callout, Card, NonIdealState, Spinner, Tag } from '@blueprintjs/core';
import { useEffect } from 'react';
import type { ConnectionView } from '../../../../src-preload/contract';
import { useConnectionStore } from '../../api/connection-store';
import { navigate } from '../../app/router';
import { PageHeader } from '../../components/page-header';
import { ConnectionStateTag } from '../../components/status-tags';
import { registry } from '../../connectors';
import { ConnectionForm } from './connection-form';
import type { ConnectionTab } from './connection-tabs';
import { ConnectorSections } from './connector-sections';
import { subscribeConnectionEvents, useConnectionsStore } from './connections-store';

/** Connections: a card per connection, each opening its own page with tabs (#/connections/<id>/<tab>). */
export function ConnectionsPage({ connectorId, tab }: { connectorId?: string; tab?: ConnectionTab }) {
  const connections = useConnectionsStore((s) => s.connections);
  const loaded = useConnectionsStore((s) => s.loaded);
  const loadError = useConnectionsStore((s) => s.loadError);
  const resyncs = useConnectionStore((s) => s.resyncs);

  useEffect(() => subscribeConnectionEvents(), []);
  useEffect(() => {
    void useConnectionsStore.getState().load();
  }, [resyncs]);

  const needsAttention = connections.filter((c) => c.state !== 'ready').length;
  const open = connectorId ? connections.find((c) => c.connectorId === connectorId) : undefined;

  return (
    <div className="sd-page sd-page-scroll">
      <PageHeader
        title={open ? open.displayName : 'Connections'}
        // An open connection's description is said once, whole, by its card below.
        subtitle={
          open
            ? undefined
            : loaded && connections.length > 0
              ? `${connections.length} connector${connections.length === 1 ? '' : 's'}${needsAttention ? ` · ${needsAttention} need attention` : ''}`
              : undefined
        }
        actions={
          connectorId ? <Button icon="arrow-left" size="small" variant="minimal" text="All connections" data-testid="connections-back" onClick={() => navigate({ name: 'connections' })} /> : undefined
        }
      />
      {loadError && (
        <Callout intent="danger" title="Could not load the connections" className="sd-block">
          {loadError.message}
        </Callout>
      )}
      {!loaded ? (
        <Spinner size={24} className="sd-block" />
      ) : connectorId ? (
        open ? (
          <ConnectionPage view={open} tab={tab ?? 'connection'} />
        ) : (
          <NonIdealState icon="search" title="No such connection" description={`No connector here is called "${connectorId}".`} />
        )
      ) : connections.length === 0 && !loadError ? (
        <NonIdealState
          icon="data-connection"
          title="No connectors installed"
          description="Connectors appear here once installed. Each brings its own settings (endpoint, account, credentials) and a connection test."
        />
      ) : (
        <div className="sd-connection-list">
          {connections.map((view) => (
            <ConnectionCard key={view.connectorId} view={view} />
          ))}
        </div>
      )}
    </div>
  );
}

function ConnectionCard({ view }: { view: ConnectionView }) {
  const id = view.connectorId;
  const where = view.sandbox ? (view.sandbox.target === 'simulator' && view.sandbox.simulatorUrl ? 'the simulator' : 'a typed address') : null;
  return (
    <Card compact className="sd-connection-card" data-testid={`connection-card-${id}`}>
      <div className="sd-connection-card-head">
        <strong>{view.displayName}</strong>
        <ConnectionStateTag state={view.state} />
        {where && (
          <Tag minimal intent="primary" className="sd-tag" icon="lab-test">
            sandbox: {where}
          </Tag>
        )}
      </div>
      <p className="sd-muted">{view.description}</p>
      {view.stateMessage && <p className="sd-warning-text">{view.stateMessage}</p>}
      <Button data-testid={`open-connection-${id}`} size="small" icon="cog" text="Open" onClick={() => navigate({ name: 'connections', connectorId: id })} />
    </Card>
  );
}

function ConnectionPage({ view, tab }: { view: ConnectionView; tab: ConnectionTab }) {
  const hasData = registry.connectionSections(view.connectorId).length > 0;
  return (
    <ConnectionForm
      key={view.connectorId}
      view={view}
      extensions={registry.fieldExtensions(view.connectorId)}
      tab={tab === 'data' && !hasData ? 'connection' : tab}
      onTab={(t) => navigate({ name: 'connections', connectorId: view.connectorId, tab: t })}
      data={hasData ? <ConnectorSections view={view} connectors={registry} /> : null}
    />
  );
}
