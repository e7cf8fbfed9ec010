import { Button, HTMLSelect, Icon, Tag } from '@blueprintjs/core';
import { Fragment, useEffect } from 'react';
import { AlertBanner } from '../components/alert-banner';
import { subscribeErrorEvents, useErrorsStore } from '../features/errors/errors-store';
import { ConnectionIndicator } from '../components/connection-indicator';
import { SandboxBanner } from '../components/sandbox-banner';
import { SignedInUser } from '../features/staff/signed-in-user';
import { useConnectionStore } from '../api/connection-store';
import { useStaffStore } from '../api/staff-store';
import { NAV_ITEMS, navShown, type NavItem } from './nav-items';
import { Page } from './pages';
import { usePreferences, type ThemeChoice } from './preferences-store';
import { navigate, useRouter, type Route } from './router';

// A nav route needs no params; TypeScript cannot see that across the Route union.
const open = (item: NavItem) => navigate({ name: item.route } as Route);

/** Help (the first-run checklist again) and the theme: system, light or dark. */
function SidebarTools() {
  const theme = usePreferences((s) => s.theme);
  useEffect(() => {
    void usePreferences.getState().load();
  }, []);
  const help = () => {
    navigate({ name: 'sync-status' });
    void usePreferences.getState().showChecklist();
  };
  return (
    <div className="sd-sidebar-tools">
      <Button data-testid="help-open" icon="help" text="Help" variant="minimal" size="small" title="Show the first-run checklist" onClick={help} />
      <Icon icon="contrast" size={12} className="sd-sidebar-theme-icon" aria-hidden />
      <HTMLSelect
        data-testid="theme-select"
        aria-label="Theme"
        title="Theme"
        minimal
        value={theme}
        onChange={(e) => void usePreferences.getState().setTheme(e.currentTarget.value as ThemeChoice)}
      >
        <option value="system">System</option>
        <option value="light">Light</option>
        <option value="dark">Dark</option>
      </HTMLSelect>
    </div>
  );
}

export function App() {
  const route = useRouter((s) => s.route);
  const openErrors = useErrorsStore((s) => s.counts?.open ?? 0);
  const role = useStaffStore((s) => s.user?.role ?? null);
  const mode = useConnectionStore((s) => s.mode);
  const items = navShown(NAV_ITEMS, { mode, role });
  useEffect(() => subscribeErrorEvents(), []);
  return (
    <div className="sd-shell">
      <nav className="sd-sidebar" aria-label="Main">
        <div className="sd-brand">
          <Icon icon="exchange" size={16} />
          <span className="sd-brand-name">SyncDesk</span>
        </div>
        <div className="sd-nav">
          {items.map((item, i) => {
            const active = route.name === item.route || (item.alsoActiveFor?.includes(route.name) ?? false);
            const groupChange = i > 0 && (item.group ?? '') !== (items[i - 1].group ?? '');
            return (
              <Fragment key={item.route}>
                {groupChange && (item.group ? <div className="sd-nav-group">{item.group}</div> : <div className="sd-nav-divider" />)}
                <Button
                  data-testid={item.testId}
                  icon={item.icon}
                  text={item.label}
                  title={item.label}
                  variant="minimal"
                  alignText="start"
                  fill
                  active={active}
                  aria-current={active ? 'page' : undefined}
                  onClick={() => open(item)}
                  endIcon={
                    item.route === 'errors' && openErrors > 0 ? (
                      <Tag round minimal intent="danger" className="sd-nav-badge" data-testid="errors-count-badge" aria-label={`${openErrors} open errors`}>
                        {openErrors > 9999 ? '9999+' : openErrors}
                      </Tag>
                    ) : undefined
                  }
                />
              </Fragment>
            );
          })}
        </div>
        <div className="sd-sidebar-foot">
          <SignedInUser />
          <SidebarTools />
          <ConnectionIndicator />
        </div>
      </nav>
      <main className="sd-main">
        <AlertBanner />
        <SandboxBanner />
        <Page route={route} />
      </main>
    </div>
  );
}
