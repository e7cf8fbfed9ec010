import type { IconName } from '@blueprintjs/icons';
import type { RouteName } from './router';

export interface NavItem {
  route: Exclude<RouteName, 'run'>;
  label: string;
  icon: IconName;
  testId: string;
  /** Routes that highlight this item, besides its own. */
  alsoActiveFor?: RouteName[];
  /** Items sharing a group sit under its heading; a change of group draws a divider. */
  group?: string;
}

// Later screens (Accounts, Email) are one entry here plus a page in pages.tsx.
export const NAV_ITEMS: readonly NavItem[] = [
  { route: 'sync-status', label: 'Sync Status', icon: 'refresh', testId: 'nav-sync-status', alsoActiveFor: ['run'] },
  { route: 'connections', label: 'Connections', icon: 'data-connection', testId: 'nav-connections' },
  { route: 'customers', label: 'Customers', icon: 'people', testId: 'nav-customers' },
  { route: 'departments', label: 'Departments', icon: 'office', testId: 'nav-departments' },
  { route: 'cases', label: 'Cases', icon: 'clipboard', testId: 'nav-cases' },
  { route: 'mappings', label: 'Mappings', icon: 'flow-linear', testId: 'nav-mappings', group: 'Confirm' },
  { route: 'rules', label: 'Rules', icon: 'automatic-updates', testId: 'nav-rules', group: 'Confirm' },
  { route: 'references', label: 'References', icon: 'tag', testId: 'nav-references', group: 'Confirm' },
  { route: 'log', label: 'Integration Log', icon: 'th-list', testId: 'nav-log' },
  { route: 'settings', label: 'Settings', icon: 'cog', testId: 'nav-settings' },
];
