/** The address to paste into Confirm's CRM Agent: the listener URL with the key as its query parameter. */
export function crmAgentUrl(base: string, key: string | null): string {
  const url = new URL(base);
  // The listener may already carry a key (or its placeholder): there is only ever one.
  url.searchParams.delete('key');
  if (key) {
    url.searchParams.set('key', key);
    return url.toString();
  }
  // Without the key, the placeholder shows where it goes (unescaped, so it reads as one).
  return `${url.origin}${url.pathname}${url.search ? `${url.search}&` : '?'}key=<key>`;
}

export type ListenerReach = 'loopback' | 'all-interfaces' | 'network';

/** Whether a listener bound where this URL says can be reached from another machine (Confirm OnDemand is in the cloud). */
export function listenerReach(base: string): ListenerReach {
  const host = new URL(base).hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host === '::1' || /^127\./.test(host)) return 'loopback';
  if (host === '0.0.0.0' || host === '::') return 'all-interfaces';
  return 'network';
}
