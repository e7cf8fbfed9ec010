import { Button, Icon } from '@blueprintjs/core';
import { ConnectionIndicator } from '../components/connection-indicator';
import { NAV_ITEMS } from './nav-items';
import { Page } from './pages';
import { navigate, useRouter } from './router';

export function App() {
  const route = useRouter((s) => s.route);
  return (
    <div className="sd-shell">
      <nav className="sd-sidebar" aria-label="Main">
        <div className="sd-brand">
          <Icon icon="exchange" size={16} />
          <span className="sd-brand-name">SyncDesk</span>
        </div>
        <div className="sd-nav">
          {NAV_ITEMS.map((item) => {
            const active = route.name === item.route || (item.alsoActiveFor?.includes(route.name) ?? false);
            return (
              <Button
                key={item.route}
                data-testid={item.testId}
                icon={item.icon}
                text={item.label}
                title={item.label}
                variant="minimal"
                alignText="start"
                fill
                active={active}
                aria-current={active ? 'page' : undefined}
                onClick={() => navigate({ name: item.route })}
              />
            );
          })}
        </div>
        <div className="sd-sidebar-foot">
          <ConnectionIndicator />
        </div>
      </nav>
      <main className="sd-main">
        <Page route={route} />
      </main>
    </div>
  );
}
