/**
 * Works through a long list in chunks, one transaction each (through `work`), letting the event loop turn between
 * them: a bulk action over thousands of rows never holds the store, or the main thread, for long.
 */
export async function inChunks<T>(items: readonly T[], size: number, work: (chunk: readonly T[]) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) {
    await work(items.slice(i, i + size));
    if (i + size < items.length) await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
