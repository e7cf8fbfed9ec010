import { registry } from '../connectors';
import type { NavContext, NavItem, RendererRegistry } from '../connectors/registry';

export type { NavItem } from '../connectors/registry';

const PLATFORM: readonly NavItem[] = [
  { route: 'sync-status', label: 'Sync Status', icon: 'refresh', testId: 'nav-sync-status', alsoActiveFor: ['run'] },
  { route: 'connections', label: 'Connections', icon: 'data-connection', testId: 'nav-connections' },
  { route: 'customers', label: 'Customers', icon: 'people', testId: 'nav-customers' },
  { route: 'departments', label: 'Departments', icon: 'office', testId: 'nav-departments' },
  { route: 'cases', label: 'Cases', icon: 'clipboard', testId: 'nav-cases' },
];

// Customers > Accounts leads the Customers group; connectors' customer screens (e.g. an import) join it.
const CUSTOMERS_GROUP: readonly NavItem[] = [{ route: 'accounts', label: 'Accounts', icon: 'office', testId: 'nav-accounts', group: 'Customers' }];

// The platform's email screens: what was sent (or caught, in sandbox mode) and the SMTP server it goes through.
const MAIL: readonly NavItem[] = [
  { route: 'sent-mail', label: 'Sent mail', icon: 'envelope', testId: 'nav-sent-mail', group: 'Email' },
  { route: 'email-settings', label: 'Email settings', icon: 'send-message', testId: 'nav-email-settings', group: 'Email' },
];

// A team server's staff screens, for its admins; the desktop's way to a team server, in the Electron window only.
const STAFF: readonly NavItem[] = [
  { route: 'staff-users', label: 'Users', icon: 'people', testId: 'nav-staff-users', group: 'Team', shownWhen: (w) => w.role === 'admin' },
  { route: 'staff-audit', label: 'Audit', icon: 'history', testId: 'nav-staff-audit', group: 'Team', shownWhen: (w) => w.role === 'admin' },
  { route: 'team-server', label: 'Team server', icon: 'globe-network', testId: 'nav-team-server', group: 'Team', shownWhen: (w) => w.mode === 'electron' },
];

const TRAILING: readonly NavItem[] = [
  { route: 'errors', label: 'Errors', icon: 'error', testId: 'nav-errors' },
  { route: 'log', label: 'Integration Log', icon: 'th-list', testId: 'nav-log' },
  { route: 'maintenance', label: 'Maintenance', icon: 'wrench', testId: 'nav-maintenance' },
  { route: 'settings', label: 'Settings', icon: 'cog', testId: 'nav-settings' },
];

/**
 * Keeps each group's items together, groups in the order they first appear: two connectors contributing to one
 * group (e.g. "Customers") share its heading instead of drawing it twice.
 */
export function groupTogether(items: readonly NavItem[]): NavItem[] {
  const order: string[] = [];
  const byGroup = new Map<string, NavItem[]>();
  for (const item of items) {
    const group = item.group ?? '';
    if (!byGroup.has(group)) {
      order.push(group);
      byGroup.set(group, []);
    }
    byGroup.get(group)!.push(item);
  }
  return order.flatMap((g) => byGroup.get(g)!);
}

/** The platform's screens, Customers > Accounts, then each connector's (in list order, a group's items together), then email, the log and settings. */
export function appNav(connectors: RendererRegistry): readonly NavItem[] {
  return [...PLATFORM, ...groupTogether([...CUSTOMERS_GROUP, ...connectors.nav]), ...MAIL, ...TRAILING, ...STAFF];
}

/** The items shown here: those without a condition, and those whose condition holds. */
export function navShown(items: readonly NavItem[], where: NavContext): NavItem[] {
  return items.filter((item) => !item.shownWhen || item.shownWhen(where));
}

// A later platform screen is one entry here plus a page in pages.tsx.
export const NAV_ITEMS: readonly NavItem[] = appNav(registry);
