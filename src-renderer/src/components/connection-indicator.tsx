import { useConnectionStore } from '../api/connection-store';

export function ConnectionIndicator() {
  const mode = useConnectionStore((s) => s.mode);
  const state = useConnectionStore((s) => s.state);
  const connected = state === 'connected';
  let label = 'Connected';
  if (state === 'connecting') label = 'Connecting…';
  else if (!connected) label = 'Disconnected — reconnecting';
  return (
    <div
      className={`sd-conn ${connected ? 'is-connected' : 'is-disconnected'}`}
      data-testid="connection-indicator"
      data-state={connected ? 'connected' : 'disconnected'}
      role="status"
      title={`${label}: live updates from the SyncDesk ${mode === 'headless' ? 'server' : 'core'}`}
    >
      <span className="sd-conn-dot" />
      <span>{label}</span>
    </div>
  );
}
