// Keeps the connection's ERP session open across a burst of jobs: each job's client shares it, and it is signed out
// once no job has used it for a moment. Without this every job would sign in and out (two more calls each, and a
// login that may fail is one more way for an attempt to fail).
import { createErpClient, type ErpClient } from './client';
import { sessionKey } from './session';
import type { ErpSettings } from './settings';

const IDLE_MS = 2_000;
const keepers = new Map<string, { client: ErpClient; timer: NodeJS.Timeout | null }>();

/** Call when a job starts; `release` when it ends. */
export function keepSession(s: ErpSettings): () => void {
  const key = sessionKey(s) as string;
  let k = keepers.get(key);
  if (!k) {
    const client = createErpClient(s);
    client.hold();
    keepers.set(key, (k = { client, timer: null }));
  }
  const kept = k;
  if (kept.timer) clearTimeout(kept.timer);
  kept.timer = null;
  return () => {
    if (kept.timer) clearTimeout(kept.timer);
    kept.timer = setTimeout(() => {
      if (keepers.get(key) === kept) keepers.delete(key);
      void kept.client.close();
    }, IDLE_MS);
    kept.timer.unref();
  };
}
