import { registry } from '../connectors';
import { definePage, plainPage, type PageDef, type RendererRegistry } from '../connectors/registry';
import { AccountsPage } from '../features/accounts/accounts-page';
import { CasesPage } from '../features/cases/cases-page';
import { ConnectionsPage } from '../features/connections/connections-page';
import { CustomersPage } from '../features/customers/customers-page';
import { DepartmentsPage } from '../features/departments/departments-page';
import { LogPage } from '../features/log/log-page';
import { MaintenancePage } from '../features/maintenance/maintenance-page';
import { ErrorsPage } from '../features/errors/errors-page';
import { MailSettingsPage } from '../features/mail/mail-settings-page';
import { SentMailPage } from '../features/mail/sent-mail-page';
import { RunDetailPage } from '../features/run-detail/run-detail-page';
import { SettingsPage } from '../features/settings/settings-page';
import { SyncStatusPage } from '../features/sync-status/sync-status-page';
import { AuditPage } from '../features/staff/audit-page';
import { TeamServerPage } from '../features/staff/team-server-page';
import { UsersPage } from '../features/staff/users-page';
import type { Route, RouteName } from './routes';

/** The platform's own screens; a connector's come from its folder through the registry. */
export const SHELL_PAGES: readonly PageDef[] = [
  plainPage('sync-status', () => <SyncStatusPage />),
  definePage({
    name: 'run',
    pattern: /^runs\/(\d{1,15})$/,
    parse: (m) => ({ name: 'run', runId: Number(m[1]) }),
    format: (r) => `#/runs/${r.runId}`,
    render: (r) => <RunDetailPage key={r.runId} runId={r.runId} />,
    screen: (r) => `run/${r.runId}`,
  }),
  definePage({
    name: 'connections',
    // #/connections lists them; #/connections/<id>/<tab> is one connection's page.
    pattern: /^connections(?:\/([a-z0-9-]{1,40})(?:\/(connection|behaviour|advanced|data))?)?$/,
    parse: (m) => (m[1] ? { name: 'connections', connectorId: m[1], ...(m[2] ? { tab: m[2] as 'connection' } : {}) } : { name: 'connections' }),
    format: (r) => (r.connectorId ? `#/connections/${r.connectorId}${r.tab ? `/${r.tab}` : ''}` : '#/connections'),
    render: (r) => <ConnectionsPage connectorId={r.connectorId} tab={r.tab} />,
    screen: (r) => `connections/${r.connectorId ?? ''}`,
  }),
  definePage({
    name: 'customers',
    pattern: /^customers(?:\/(\d{1,15}))?$/,
    parse: (m) => (m[1] ? { name: 'customers', customerId: Number(m[1]) } : { name: 'customers' }),
    format: (r) => (r.customerId ? `#/customers/${r.customerId}` : '#/customers'),
    render: (r) => <CustomersPage customerId={r.customerId} />,
  }),
  definePage({
    name: 'accounts',
    pattern: /^accounts(?:\/(\d{1,15}))?$/,
    parse: (m) => (m[1] ? { name: 'accounts', accountId: Number(m[1]) } : { name: 'accounts' }),
    format: (r) => (r.accountId ? `#/accounts/${r.accountId}` : '#/accounts'),
    render: (r) => <AccountsPage accountId={r.accountId} />,
  }),
  definePage({
    name: 'departments',
    pattern: /^departments(?:\/(\d{1,15}))?$/,
    parse: (m) => (m[1] ? { name: 'departments', departmentId: Number(m[1]) } : { name: 'departments' }),
    format: (r) => (r.departmentId ? `#/departments/${r.departmentId}` : '#/departments'),
    render: (r) => <DepartmentsPage departmentId={r.departmentId} />,
  }),
  definePage({
    name: 'cases',
    pattern: /^cases(?:\/(\d{1,15}))?$/,
    parse: (m) => (m[1] ? { name: 'cases', caseId: Number(m[1]) } : { name: 'cases' }),
    format: (r) => (r.caseId ? `#/cases/${r.caseId}` : '#/cases'),
    render: (r) => <CasesPage caseId={r.caseId} />,
  }),
  plainPage('log', () => <LogPage />),
  definePage({
    name: 'errors',
    // #/errors[/<connector>][?tab]: the tab is the last part (open, in-doubt, resolved).
    pattern: /^errors(?:\/([a-z][a-z0-9-]{0,39}))?(?:\/(open|in-doubt|resolved))?$/,
    parse: (m) => {
      const [, a, b] = m;
      const tabs = ['open', 'in-doubt', 'resolved'];
      const connectorId = a && !tabs.includes(a) ? a : undefined;
      const tab = (b ?? (a && tabs.includes(a) ? a : undefined)) as 'open' | 'in-doubt' | 'resolved' | undefined;
      return { name: 'errors', ...(connectorId ? { connectorId } : {}), ...(tab ? { tab } : {}) };
    },
    format: (r) => `#/errors${r.connectorId ? `/${r.connectorId}` : ''}${r.tab && r.tab !== 'open' ? `/${r.tab}` : ''}`,
    render: (r) => <ErrorsPage key={r.connectorId ?? ''} connectorId={r.connectorId} tab={r.tab} />,
  }),
  plainPage('settings', () => <SettingsPage />),
  definePage({
    name: 'email-settings',
    pattern: /^settings\/email$/,
    parse: () => ({ name: 'email-settings' }),
    format: () => '#/settings/email',
    render: () => <MailSettingsPage />,
  }),
  definePage({
    name: 'maintenance',
    pattern: /^settings\/maintenance$/,
    parse: () => ({ name: 'maintenance' }),
    format: () => '#/settings/maintenance',
    render: () => <MaintenancePage />,
  }),
  definePage({
    name: 'sent-mail',
    // messageId opens one message the sandbox's catcher received.
    pattern: /^sent-mail(?:\/(\d{1,15}))?$/,
    parse: (m) => (m[1] ? { name: 'sent-mail', messageId: Number(m[1]) } : { name: 'sent-mail' }),
    format: (r) => (r.messageId ? `#/sent-mail/${r.messageId}` : '#/sent-mail'),
    render: (r) => <SentMailPage messageId={r.messageId} />,
  }),
  definePage({ name: 'staff-users', pattern: /^team\/users$/, parse: () => ({ name: 'staff-users' }), format: () => '#/team/users', render: () => <UsersPage /> }),
  definePage({ name: 'staff-audit', pattern: /^team\/audit$/, parse: () => ({ name: 'staff-audit' }), format: () => '#/team/audit', render: () => <AuditPage /> }),
  plainPage('team-server', () => <TeamServerPage />),
];

export function appPages(connectors: RendererRegistry): readonly PageDef[] {
  return [...SHELL_PAGES, ...connectors.pages];
}

export const PAGES = appPages(registry);

const BY_NAME = new Map<RouteName, PageDef>(PAGES.map((p) => [p.name, p]));

export function Page({ route }: { route: Route }) {
  return BY_NAME.get(route.name)?.render(route) ?? null;
}
