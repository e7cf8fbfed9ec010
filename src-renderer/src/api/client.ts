import {
  buildApi,
  CHANNEL_NAMES,
  EVENT_NAMES,
  type SyncDeskApi,
} from '../../../src-preload/contract';
import { useConnectionStore } from './connection-store';
import { EventSocket } from './event-socket';
import { createHttpInvoke } from './http-invoke';
import { takeSessionToken } from './session-token';
import { useStaffStore } from './staff-store';
import type { StaffSession } from '../../../src-preload/contract';

declare global {
  interface Window {
    syncdesk?: SyncDeskApi;
  }
}

export type ClientInit = { ok: true; mode: 'electron' | 'headless' } | { ok: false; reason: 'missing_token' };

let instance: SyncDeskApi | null = null;
let headlessToken: string | null = null;

/** Picks the transport once, before the first render: the preload's bridge in Electron, HTTP + WebSocket in a browser. */
export function initClient(): ClientInit {
  if (window.syncdesk) {
    instance = window.syncdesk;
    useConnectionStore.setState({ mode: 'electron', state: 'connected' });
    return { ok: true, mode: 'electron' };
  }
  const token = takeSessionToken();
  if (!token) return { ok: false, reason: 'missing_token' };
  headlessToken = token;
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  const socket = new EventSocket(
    `${scheme}//${window.location.host}/events?token=${encodeURIComponent(token)}`,
    (state) => useConnectionStore.getState().setState(state),
  );
  useConnectionStore.setState({ mode: 'headless', state: 'connecting' });
  instance = buildApi(createHttpInvoke(token), (event, listener) => socket.subscribe(event, listener), CHANNEL_NAMES, EVENT_NAMES);
  socket.start();
  return { ok: true, mode: 'headless' };
}

/** A team server: the console over the session cookie, every call carrying the session's CSRF token. */
export function initTeamClient(session: StaffSession): void {
  useStaffStore.setState({ user: session.user, csrfToken: session.csrfToken });
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  // A session ended elsewhere (signed out in another tab, expired, the user disabled): back to the sign-in screen.
  const socket = new EventSocket(
    `${scheme}//${window.location.host}/events`,
    (state) => useConnectionStore.getState().setState(state),
    () => window.location.reload(),
  );
  useConnectionStore.setState({ mode: 'headless', state: 'connecting' });
  instance = buildApi(createHttpInvoke({ csrfToken: session.csrfToken }), (event, listener) => socket.subscribe(event, listener), CHANNEL_NAMES, EVENT_NAMES);
  socket.start();
}

export function api(): SyncDeskApi {
  if (!instance) throw new Error('SyncDesk client used before initClient()');
  return instance;
}

/**
 * A link the browser can follow to fetch a file the server prepared. An <a download> cannot send the
 * Authorization header, so a same-origin URL without a token gets the session token as a query parameter.
 */
export function authorizedDownloadUrl(url: string): string {
  const resolved = new URL(url, window.location.href);
  if (headlessToken && resolved.origin === window.location.origin && !resolved.searchParams.has('token')) {
    resolved.searchParams.set('token', headlessToken);
  }
  return resolved.toString();
}
