import type { Route } from './router';
import { ConnectionsPage } from '../features/connections/connections-page';
import { CustomersPage } from '../features/customers/customers-page';
import { DepartmentsPage } from '../features/departments/departments-page';
import { LogPage } from '../features/log/log-page';
import { RunDetailPage } from '../features/run-detail/run-detail-page';
import { SettingsPage } from '../features/settings/settings-page';
import { SyncStatusPage } from '../features/sync-status/sync-status-page';

export function Page({ route }: { route: Route }) {
  switch (route.name) {
    case 'sync-status':
      return <SyncStatusPage />;
    case 'run':
      return <RunDetailPage key={route.runId} runId={route.runId} />;
    case 'connections':
      return <ConnectionsPage />;
    case 'customers':
      return <CustomersPage customerId={route.customerId} />;
    case 'departments':
      return <DepartmentsPage departmentId={route.departmentId} />;
    case 'log':
      return <LogPage />;
    case 'settings':
      return <SettingsPage />;
  }
}
