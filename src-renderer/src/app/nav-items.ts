import { registry } from '../connectors';
import type { NavItem, RendererRegistry } from '../connectors/registry';

export type { NavItem } from '../connectors/registry';

const PLATFORM: readonly NavItem[] = [
  { route: 'sync-status', label: 'Sync Status', icon: 'refresh', testId: 'nav-sync-status', alsoActiveFor: ['run'] },
  { route: 'connections', label: 'Connections', icon: 'data-connection', testId: 'nav-connections' },
  { route: 'customers', label: 'Customers', icon: 'people', testId: 'nav-customers' },
  { route: 'departments', label: 'Departments', icon: 'office', testId: 'nav-departments' },
  { route: 'cases', label: 'Cases', icon: 'clipboard', testId: 'nav-cases' },
];

const TRAILING: readonly NavItem[] = [
  { route: 'log', label: 'Integration Log', icon: 'th-list', testId: 'nav-log' },
  { route: 'settings', label: 'Settings', icon: 'cog', testId: 'nav-settings' },
];

/** The platform's screens, then each connector's (in list order), then the log and settings. */
export function appNav(connectors: RendererRegistry): readonly NavItem[] {
  return [...PLATFORM, ...connectors.nav, ...TRAILING];
}

// Later platform screens (Accounts, Email) are one entry here plus a page in pages.tsx.
export const NAV_ITEMS: readonly NavItem[] = appNav(registry);
