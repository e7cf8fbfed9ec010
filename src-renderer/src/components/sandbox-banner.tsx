import { Button, Callout } from '@blueprintjs/core';
import { useEffect } from 'react';
import { useConnectionStore } from '../api/connection-store';
import { navigate } from '../app/router';
import { useSettingsStore } from '../features/settings/settings-store';

/** One banner across the app while sandbox mode is on: nothing here reaches a real system unless a connection is pointed at one. */
export function SandboxBanner() {
  const on = useSettingsStore((s) => s.settings?.sandboxMode ?? false);
  const resyncs = useConnectionStore((s) => s.resyncs);
  useEffect(() => {
    void useSettingsStore.getState().load();
  }, [resyncs]);
  if (!on) return null;
  return (
    <Callout intent="primary" icon="lab-test" compact className="sd-compact-callout sd-sandbox-banner" data-testid="sandbox-banner" role="status">
      <span className="sd-inline">
        <span>
          <strong>Sandbox mode.</strong> Connections talk to built-in simulators unless one is pointed at a typed address on its page; demo data only.
        </span>
        <Button size="small" variant="minimal" text="Sandbox settings" onClick={() => navigate({ name: 'settings' })} />
      </span>
    </Callout>
  );
}
