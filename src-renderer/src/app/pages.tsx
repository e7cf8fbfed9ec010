import type { Route } from './router';
import { CasesPage } from '../features/cases/cases-page';
import { ConnectionsPage } from '../features/connections/connections-page';
import { CustomersPage } from '../features/customers/customers-page';
import { DepartmentsPage } from '../features/departments/departments-page';
import { LogPage } from '../features/log/log-page';
import { MappingsPage } from '../features/mappings/mappings-page';
import { ReferencesPage } from '../features/references/references-page';
import { RulesPage } from '../features/rules/rules-page';
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
    case 'cases':
      return <CasesPage caseId={route.caseId} />;
    case 'mappings':
      return <MappingsPage templateId={route.templateId} />;
    case 'rules':
      return <RulesPage />;
    case 'references':
      return <ReferencesPage />;
    case 'log':
      return <LogPage />;
    case 'settings':
      return <SettingsPage />;
  }
}
