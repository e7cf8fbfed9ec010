// The bridge: the contract's named functions on window.syncdesk, and nothing else. ipcRenderer itself, a generic
// invoke and the IPC event objects never reach the page.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  buildApi,
  CHANNEL_NAMES,
  EVENT_NAMES,
  fail,
  type ChannelName,
  type EventName,
  type Result,
} from './contract';

// Matches EVENT_CHANNEL_PREFIX in src-main/electron/ipc-bridge.ts (a test sends an event through both ends).
const EVENT_CHANNEL_PREFIX = 'syncdesk:event:';

async function invoke(channel: ChannelName, input: unknown): Promise<Result<unknown>> {
  try {
    return (await ipcRenderer.invoke(channel, input)) as Result<unknown>;
  } catch (err) {
    // Only a broken bridge gets here (main answers with data, never throws); keep errors as data for the renderer.
    return fail('internal', err instanceof Error ? err.message : String(err));
  }
}

function subscribe(event: EventName, listener: (payload: unknown) => void): () => void {
  const channel = EVENT_CHANNEL_PREFIX + event;
  const forward = (_event: IpcRendererEvent, payload: unknown): void => listener(payload);
  ipcRenderer.on(channel, forward);
  return () => {
    ipcRenderer.removeListener(channel, forward);
  };
}

contextBridge.exposeInMainWorld('syncdesk', buildApi(invoke, subscribe, CHANNEL_NAMES, EVENT_NAMES));
