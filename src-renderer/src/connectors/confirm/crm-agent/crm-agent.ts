/** The address to paste into Confirm's CRM Agent: the listener URL with the key as its query parameter. */
export function crmAgentUrl(base: string, key: string | null): string {
  const url = new URL(base);
  if (key) url.searchParams.set('key', key);
  // Without the key, the placeholder shows where it goes.
  return key ? url.toString() : `${url.toString()}${url.search ? '&' : '?'}key=<key>`;
}
