import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { createCore, type CoreOptions } from '../../src-main/core/create-core';
import { createKeytarStore } from '../../src-main/secrets/credential-store';
import { createTestkitConnector, TESTKIT_ID, type WidgetSandbox } from './testkit-connector';

export const FAST_RETRY = { maxAttempts: 10, baseDelayMs: 4, maxDelayMs: 40 };

export function tempDir(prefix = 'syncdesk-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A real core on a fresh data folder with the test connector and its simulator, retries scaled down. */
export async function startTestCore(opts: { widgets?: number; core?: Partial<CoreOptions>; dataDir?: string } = {}) {
  const dataDir = opts.dataDir ?? tempDir();
  const service = `SyncDesk-test-${randomUUID()}`;
  const core = await createCore({
    mode: 'headless',
    dataDir,
    launch: { port: 0, listenerPort: 0, sandbox: true, listenerHost: '127.0.0.1' },
    connectors: [createTestkitConnector({ widgets: opts.widgets })],
    credentials: createKeytarStore({ service }),
    jobRunner: { retry: FAST_RETRY, pollMs: 20, leaseMs: 5_000, concurrency: 4 },
    ...opts.core,
  });
  const sandbox = core.services.sandboxes.get(TESTKIT_ID) as WidgetSandbox;
  return {
    core,
    services: core.services,
    sandbox,
    dataDir,
    keychainService: service,
    async close(removeDir = true) {
      await core.close();
      if (removeDir) rmSync(dataDir, { recursive: true, force: true });
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

const peeks = new Map<string, Database.Database>();

/**
 * A read-only connection of the test's own on a core's database file, for assertions written in SQL: the store hands
 * out no handle of its own. WAL lets it read every committed change while the core writes.
 */
export function peekDb(file: string): Database.Database {
  let db = peeks.get(file);
  if (!db) {
    db = new Database(file, { readonly: true, fileMustExist: true });
    peeks.set(file, db);
  }
  return db;
}
