// What the desktop may open as a team server's console, and what such a window may reach: plain functions, so they
// are tested under Node without Electron. The window itself keeps the console's security (sandbox, no Node, the CSP,
// every permission refused); this module decides the addresses.

export type TeamServerUrl = { ok: true; origin: string; url: string } | { ok: false; message: string };

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);

/** 127.0.0.0/8, ::1 and localhost: traffic that never leaves the machine, so plain http is no risk there. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase();
  if (LOOPBACK_HOSTS.has(h) || h.endsWith('.localhost')) return true;
  const parts = h.split('.');
  return parts.length === 4 && parts[0] === '127' && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

/**
 * A team server's address as typed: https (or http on this machine only), the server's address alone (a path, query,
 * fragment or a user name would be carried along unchecked, and the console lives at the root). Answers the origin
 * it allows and the URL the window opens, or why not in plain words.
 */
export function parseTeamServerUrl(text: string): TeamServerUrl {
  const typed = text.trim();
  if (!typed) return { ok: false, message: 'Enter the team server’s address, e.g. https://syncdesk.example.com.' };
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(typed) ? typed : `https://${typed}`);
  } catch {
    return { ok: false, message: `“${typed}” is not a web address (e.g. https://syncdesk.example.com).` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, message: `The address must start with https://, not ${url.protocol}//.` };
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname))
    return { ok: false, message: 'Use https:// for a team server on another machine: over plain http anyone on the network could read the sign-in.' };
  if (url.username || url.password) return { ok: false, message: 'Leave the user name and password out of the address: you sign in on the server’s page.' };
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash)
    return { ok: false, message: `Give the server’s address alone, without a path: ${url.origin}` };
  return { ok: true, origin: url.origin, url: `${url.origin}/` };
}

/** A URL of exactly that server: same scheme, host and port, and no user name or password riding along. */
export function isTeamServerUrl(candidate: string, origin: string): boolean {
  try {
    const url = new URL(candidate);
    return url.origin === origin && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

/**
 * Where a window may navigate or redirect. The console's own window (the one with the bridge) stays on its app://
 * document; a team server's window stays on that server's origin. Neither reaches the other's, nor anything else (a
 * link elsewhere goes to the browser, asked first, as before).
 */
export function mayNavigate(url: string, window: 'local' | 'team', isOwnUrl: (url: string) => boolean, teamOrigin: string | null): boolean {
  if (window === 'local') return isOwnUrl(url);
  return teamOrigin !== null && isTeamServerUrl(url, teamOrigin);
}
