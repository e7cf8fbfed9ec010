import { create } from 'zustand';
import type { Alert, AlertsView, ErrorCounts } from '../../../../src-preload/contract';
import { api } from '../../api/client';
import { settle } from '../../api/call';
import { useConnectionStore } from '../../api/connection-store';

interface ErrorsState {
  counts: ErrorCounts | null;
  alerts: AlertsView;
  /** Bumped on every change: open lists reload. */
  version: number;
  loadCounts(): Promise<void>;
  loadAlerts(): Promise<void>;
}

export const useErrorsStore = create<ErrorsState>()((set) => ({
  counts: null,
  alerts: { alerts: [], paused: [] },
  version: 0,
  async loadCounts() {
    const r = await settle(api().errorsCounts({}));
    if (r.ok) set((s) => ({ counts: r.data, version: s.version + 1 }));
  },
  async loadAlerts() {
    const r = await settle(api().alertsList({}));
    if (r.ok) set({ alerts: r.data });
  },
}));

/**
 * A desktop notification for a raised alert, in a browser (headless mode) once staff allowed it; the Electron shell
 * shows its own from main, so the window does not notify twice.
 */
function notify(alert: Alert): void {
  if (useConnectionStore.getState().mode !== 'headless' || typeof Notification === 'undefined') return;
  const show = () => new Notification(`SyncDesk: ${alert.connectorName}`, { body: alert.message, tag: `alert-${alert.id}` });
  if (Notification.permission === 'granted') show();
  else if (Notification.permission === 'default') void Notification.requestPermission().then((p) => p === 'granted' && show());
}

/** Asks the browser for permission to notify (a click's answer, as browsers want). */
export async function askNotificationPermission(): Promise<NotificationPermission | 'unsupported'> {
  if (typeof Notification === 'undefined') return 'unsupported';
  return Notification.permission === 'default' ? await Notification.requestPermission() : Notification.permission;
}

let countsTimer: ReturnType<typeof setTimeout> | null = null;

/** Keeps the counts and alerts current from main's events; once, for the whole app. */
export function subscribeErrorEvents(): () => void {
  const store = useErrorsStore.getState();
  void store.loadCounts();
  void store.loadAlerts();
  const offs = [
    api().onErrorsChanged(() => {
      // A burst of failures makes one reload.
      countsTimer ??= setTimeout(() => {
        countsTimer = null;
        void useErrorsStore.getState().loadCounts();
      }, 300);
    }),
    api().onAlertsChanged(({ raised }) => {
      if (raised) notify(raised);
      void useErrorsStore.getState().loadAlerts();
    }),
    api().onConnectionsChanged(() => void useErrorsStore.getState().loadAlerts()),
  ];
  return () => offs.forEach((off) => off());
}
