import { Callout, Spinner } from '@blueprintjs/core';
import { useEffect } from 'react';
import { useConnectionStore } from '../../api/connection-store';
import { PageHeader } from '../../components/page-header';
import { AlertsSection } from './alerts-section';
import { BackupsSection } from './backups-section';
import { ConfigSection } from './config-section';
import { useMaintenanceStore } from './maintenance-store';
import { RetentionSection } from './retention-section';

/** Settings > Maintenance: backups and restore, retention and cleanup, alerts, configuration export and import. */
export function MaintenancePage() {
  const retention = useMaintenanceStore((s) => s.retention);
  const backups = useMaintenanceStore((s) => s.backups);
  const loadError = useMaintenanceStore((s) => s.loadError);
  const resyncs = useConnectionStore((s) => s.resyncs);
  useEffect(() => {
    void useMaintenanceStore.getState().load();
  }, [resyncs]);
  return (
    <div className="sd-page sd-page-scroll sd-maintenance" data-testid="maintenance-page">
      <PageHeader title="Maintenance" subtitle="Backups, retention, alerts and the configuration file." />
      {loadError && (
        <Callout intent="danger" title="Could not load maintenance" className="sd-block">
          {loadError.message}
        </Callout>
      )}
      {!retention || !backups ? (
        !loadError && <Spinner size={24} className="sd-block" />
      ) : (
        <div className="sd-stack">
          <BackupsSection view={backups} />
          <RetentionSection view={retention} />
          <AlertsSection />
          <ConfigSection />
        </div>
      )}
    </div>
  );
}
