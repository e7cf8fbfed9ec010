// Headless mode: the token arrives once in the URL, then lives in sessionStorage so a reload keeps working
// while the address bar (and anything copied from it) no longer carries it.

const STORAGE_KEY = 'syncdesk.token';

export interface TokenSplit {
  token: string | null;
  /** The search string without the token parameter ('' or '?a=b'). */
  search: string;
}

export function splitToken(search: string): TokenSplit {
  const params = new URLSearchParams(search);
  const token = params.get('token');
  params.delete('token');
  const rest = params.toString();
  return { token: token && token.length > 0 ? token : null, search: rest ? `?${rest}` : '' };
}

export function takeSessionToken(): string | null {
  const { token, search } = splitToken(window.location.search);
  if (token) {
    try {
      window.sessionStorage.setItem(STORAGE_KEY, token);
    } catch {
      // Storage can be disabled; the token still works for this page load.
    }
    const { pathname, hash } = window.location;
    window.history.replaceState(window.history.state, '', `${pathname}${search}${hash}`);
    return token;
  }
  try {
    return window.sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}
