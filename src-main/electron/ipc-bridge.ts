import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { CHANNEL_NAMES, fail, type EventName, type Result } from '../../src-preload/contract';
import type { CoreHandle } from '../core/core-handle';

/** Main -> renderer events travel on one IPC channel each; src-preload/index.ts subscribes with the same prefix. */
export const EVENT_CHANNEL_PREFIX = 'syncdesk:event:';

export function eventChannel(event: EventName): string {
  return EVENT_CHANNEL_PREFIX + event;
}

type SenderInfo = Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>;

/**
 * Only the console's own main frame may call main: the sender must be this window's webContents, the frame its main
 * frame (a fenced frame's root also has no parent, hence the frame-tree id comparison), and the document the
 * console's own (app://syncdesk/index.html, whatever its fragment; no other app:// path, no file:// page). A null
 * senderFrame (navigated away or destroyed mid-call) is refused.
 */
export function isTrustedSender(event: SenderInfo, win: BrowserWindow, isOwnUrl: (url: string) => boolean): boolean {
  const frame = event.senderFrame;
  if (frame === null || win.isDestroyed()) return false;
  const contents = win.webContents;
  if (event.sender.id !== contents.id) return false;
  if (frame.parent !== null || frame.frameTreeNodeId !== contents.mainFrame.frameTreeNodeId) return false;
  return isOwnUrl(frame.url);
}

/**
 * Serves every contract channel to this window and streams the core's events to it. Returns a disconnect function,
 * which also runs when the window closes, so a window opened later (macOS re-activate) can connect again.
 */
export function connectWindowToCore(
  win: BrowserWindow,
  core: CoreHandle,
  isOwnUrl: (url: string) => boolean,
): () => void {
  for (const channel of CHANNEL_NAMES) {
    ipcMain.handle(channel, async (event, input: unknown): Promise<Result<unknown>> => {
      if (!isTrustedSender(event, win, isOwnUrl)) {
        return fail('forbidden', `${channel}: refused a call from outside the SyncDesk console`);
      }
      try {
        return await core.dispatch(channel, input);
      } catch (err) {
        // dispatch promises never to throw; if it does, the renderer still gets data, not a rejected promise.
        return fail('internal', `${channel}: ${err instanceof Error ? err.message : String(err)}`);
      }
    });
  }

  const unsubscribe = core.onEvent((event, payload) => {
    if (win.isDestroyed()) return;
    const contents = win.webContents;
    // Events carry domain data: they go to the console's document and to nothing else.
    if (!isOwnUrl(contents.mainFrame.url)) return;
    contents.send(eventChannel(event), payload);
  });

  let connected = true;
  const disconnect = (): void => {
    if (!connected) return;
    connected = false;
    unsubscribe();
    for (const channel of CHANNEL_NAMES) ipcMain.removeHandler(channel);
  };
  win.once('closed', disconnect);
  return disconnect;
}
