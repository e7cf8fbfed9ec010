// A raised alert becomes a desktop notification through Electron's Notification; clicking it shows the window.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeNotification, resetElectronDouble } from './electron-double';
import { fakeCore } from './fake-core';
import { notifyAlerts } from '../../src-main/electron/desktop-notifications';
import type { Alert } from '../../src-preload/contract';

vi.mock('electron', () => import('./electron-double'));

const alert: Alert = {
  id: 7, kind: 'task_failing', connectorId: 'cerm', connectorName: 'CERM', taskId: 'download-customers',
  message: 'Download customers failed 3 runs in a row: CERM did not answer.', raisedAt: 1, acknowledgedAt: null, acknowledgedBy: null, clearedAt: null,
};

describe('desktop notifications of alerts', () => {
  beforeEach(() => resetElectronDouble());

  it('shows a raised alert as a notification named after its connection, and clicking it shows the window', () => {
    const core = fakeCore();
    const show = vi.fn();
    notifyAlerts(core, show);
    core.emit('alerts:changed', { raised: alert });
    expect(FakeNotification.instances.map((n) => [n.options, n.shown])).toEqual([[{ title: 'SyncDesk: CERM', body: alert.message }, true]]);
    expect(show).not.toHaveBeenCalled();
    FakeNotification.instances[0]!.emit('click');
    expect(show).toHaveBeenCalledTimes(1);
  });

  it('stays quiet for an acknowledged or cleared alert, for other events, where the desktop has no notifications, and once stopped', () => {
    const core = fakeCore();
    const stop = notifyAlerts(core, () => undefined);
    core.emit('alerts:changed', { raised: null });
    core.emit('errors:changed', {});
    FakeNotification.supported = false;
    core.emit('alerts:changed', { raised: alert });
    FakeNotification.supported = true;
    stop();
    core.emit('alerts:changed', { raised: alert });
    expect(FakeNotification.instances).toEqual([]);
    expect(core.listenerCount()).toBe(0);
  });
});
