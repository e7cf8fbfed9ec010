import type { IconName } from '@blueprintjs/icons';
import type { RouteName } from './router';

export interface NavItem {
  route: Exclude<RouteName, 'run'>;
  label: string;
  icon: IconName;
  testId: string;
  /** Routes that highlight this item, besides its own. */
  alsoActiveFor?: RouteName[];
}

// Later screens (Accounts, Cases, Mappings, Email) are one entry here plus a page in pages.tsx.
export const NAV_ITEMS: readonly NavItem[] = [
  { route: 'sync-status', label: 'Sync Status', icon: 'refresh', testId: 'nav-sync-status', alsoActiveFor: ['run'] },
  { route: 'connections', label: 'Connections', icon: 'data-connection', testId: 'nav-connections' },
  { route: 'customers', label: 'Customers', icon: 'people', testId: 'nav-customers' },
  { route: 'departments', label: 'Departments', icon: 'office', testId: 'nav-departments' },
  { route: 'log', label: 'Integration Log', icon: 'th-list', testId: 'nav-log' },
  { route: 'settings', label: 'Settings', icon: 'cog', testId: 'nav-settings' },
];
