import '@blueprintjs/core/lib/css/blueprint.css';
import './styles/theme.css';
import './styles/base.css';
import './styles/tables.css';
import './styles/screens.css';
import './styles/customers.css';
import './styles/cases.css';
import './styles/mail.css';
import './styles/accounts.css';
import './styles/staff.css';
import { FocusStyleManager, NonIdealState } from '@blueprintjs/core';
import { Icons } from '@blueprintjs/icons';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { initClient } from './api/client';
import { App } from './app/app';
import { followOsTheme } from './app/preferences-store';
import { startRouter, useRouter } from './app/router';
import { enterScreen } from './components/toaster';
import { ROUTES } from './app/routes';
import { TeamGate } from './features/staff/team-gate';
import { focusRefusedFields } from './components/focus-refused';

FocusStyleManager.onlyShowFocusOnTabs();
focusRefusedFields();
// Icon paths are lazy chunks; fetching them up front keeps icons drawn while the server is unreachable.
void Icons.loadAll();

function MissingToken() {
  return (
    <div className="sd-fullscreen">
      <NonIdealState
        icon="key"
        title="This console needs its session link"
        description="Open SyncDesk from the address printed when the server started (the line beginning with “console:”). It carries a one-time token that this page was opened without."
      />
    </div>
  );
}

followOsTheme();
startRouter(ROUTES);
// Toasts belong to the screen they were shown on (a row picked on the same list is not another screen).
enterScreen(ROUTES.screenOf(useRouter.getState().route));
useRouter.subscribe((state) => enterScreen(ROUTES.screenOf(state.route)));
const client = initClient();
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(<StrictMode>{client.ok ? <App /> : <TeamGate app={() => <App />} missingToken={() => <MissingToken />} />}</StrictMode>);
}
