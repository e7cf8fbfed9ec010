import { Callout, NonIdealState, Spinner } from '@blueprintjs/core';
import { Fragment, useEffect } from 'react';
import { useConnectionStore } from '../../api/connection-store';
import { PageHeader } from '../../components/page-header';
import { CermCustomersSection } from './cerm/cerm-customers-section';
import { ConnectionForm } from './connection-form';
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
              <ConnectionForm view={view} />
              {/* Connector-specific parts: CERM's customer download, and Confirm's GDPR note from the reference. */}
              {view.connectorId === 'cerm' && <CermCustomersSection view={view} />}
              {view.connectorId === 'confirm' && (
                <Callout intent="warning" icon="warning-sign" compact className="sd-compact-callout sd-gdpr-note" data-testid="confirm-gdpr-note">
                  Deleting personal data is not propagated by the integration: clear it in each system with that system&apos;s own tools.
                </Callout>
              )}
            </Fragment>
          ))}
        </div>
      )}
    </div>
  );
}
