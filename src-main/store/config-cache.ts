/**
 * Rows that describe configuration (mapping templates, case fields) are read on every job and every incoming update
 * but change only when staff edit them, so they are kept in memory once read. The repositories that write them drop
 * the cache, and so does any transaction that rolls back (a read inside it may have seen what it undid). Cached
 * values are frozen: a caller that tried to change one would change every later reader's copy.
 */
export function createConfigCache() {
  const entries = new Map<string, unknown>();
  return {
    get<T>(key: string, load: () => T): T {
      if (!entries.has(key)) entries.set(key, deepFreeze(load()));
      return entries.get(key) as T;
    },
    clear(): void {
      entries.clear();
    },
  };
}

export type ConfigCache = ReturnType<typeof createConfigCache>;

/** Freezes plain objects and arrays all the way down; a Map's values are frozen (the Map itself is not exposed). */
export function deepFreeze<T>(value: T): T {
  if (value instanceof Map) {
    for (const v of value.values()) deepFreeze(v);
  } else if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}
