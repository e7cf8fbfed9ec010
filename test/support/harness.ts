import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createCore, type CoreOptions } from '../../src-main/core/create-core';
import { createKeytarStore } from '../../src-main/secrets/credential-store';
import { createTestkitConnector, TESTKIT_ID, type WidgetSandbox } from './testkit-connector';
import { sqliteCoreStore, type CoreStore } from './core-store';

export { peekDb } from './core-store';

export const FAST_RETRY = { maxAttempts: 10, baseDelayMs: 4, maxDelayMs: 40 };

export function tempDir(prefix = 'syncdesk-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * A real core on a fresh data folder with the test connector and its simulator, retries scaled down; on SQLite in the
 * data folder unless another store is given (a fresh PostgreSQL database, let go with close()).
 */
export async function startTestCore(opts: { widgets?: number; core?: Partial<CoreOptions>; dataDir?: string; store?: CoreStore } = {}) {
  const dataDir = opts.dataDir ?? tempDir();
  const service = `SyncDesk-test-${randomUUID()}`;
  const store = await (opts.store ?? sqliteCoreStore).open(dataDir);
  const core = await createCore({
    ...store.core,
    mode: 'headless',
    dataDir,
    launch: { port: 0, listenerPort: 0, sandbox: true, listenerHost: '127.0.0.1' },
    connectors: [createTestkitConnector({ widgets: opts.widgets })],
    credentials: createKeytarStore({ service }),
    jobRunner: { retry: FAST_RETRY, pollMs: 20, leaseMs: 5_000, concurrency: 4 },
    ...opts.core,
  }).catch(async (err: unknown) => {
    await store.close();
    throw err;
  });
  const sandbox = core.services.sandboxes.get(TESTKIT_ID) as WidgetSandbox;
  return {
    core,
    services: core.services,
    sandbox,
    dataDir,
    /** Read-only SQL on the core's store, for assertions. */
    sql: store.sql,
    keychainService: service,
    /** Stops the core; unless told to keep them (a restart on the same data follows), the data folder and store go. */
    async close(removeDir = true) {
      await core.close();
      if (!removeDir) return;
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function until<T>(fn: () => T | Promise<T>, what: string, timeoutMs = 30_000, everyMs = 25): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
