import { Notification } from 'electron';
import type { CoreHandle } from '../core/core-handle';

/** A raised alert becomes a desktop notification (the window's banner shows it too); clicking it shows the window. */
export function notifyAlerts(core: CoreHandle, show: () => void): () => void {
  return core.onEvent((event, payload) => {
    if (event !== 'alerts:changed' || !Notification.isSupported()) return;
    const raised = (payload as { raised: { connectorName: string; message: string } | null }).raised;
    if (!raised) return;
    const n = new Notification({ title: `SyncDesk: ${raised.connectorName}`, body: raised.message });
    n.on('click', show);
    n.show();
  });
}
