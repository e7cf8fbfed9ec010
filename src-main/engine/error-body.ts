/** The first non-empty text among `keys` of a JSON error body (at most 300 characters), or null when there is none. */
export function messageOfErrorBody(text: string, keys: readonly string[]): string | null {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  for (const key of keys) {
    const v = (body as Record<string, unknown>)[key];
    if (typeof v === 'string' && v.trim()) return v.trim().slice(0, 300);
  }
  return null;
}
