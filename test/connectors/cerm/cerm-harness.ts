// A real core (its store, engine, CERM simulator over HTTP) on a fresh data folder, for the CERM connector's tests: on
// SQLite unless a store is given (test/support/core-store.ts).
import { rmSync } from 'node:fs';
import { createCore } from '../../../src-main/core/create-core';
import { createCermConnector, CERM_ID } from '../../../src-main/connectors/cerm';
import { forgetCermTokens } from '../../../src-main/connectors/cerm/client';
import type { CermSandbox } from '../../../src-main/connectors/cerm/sandbox';
import type { FieldValue, RunSummary } from '../../../src-preload/contract';
import { FAST_RETRY, tempDir } from '../../support/harness';
import { memoryCredentials } from '../../support/memory-credentials';
import { sqliteCoreStore, type CoreStore } from '../../support/core-store';

export type CermHarness = Awaited<ReturnType<typeof startCermCore>>;

export async function startCermCore(opts: { customers?: number; dataDir?: string; store?: CoreStore } = {}) {
  forgetCermTokens();
  const dataDir = opts.dataDir ?? tempDir('syncdesk-cerm-');
  const store = await (opts.store ?? sqliteCoreStore).open(dataDir);
  const core = await createCore({
    ...store.core,
    mode: 'headless',
    dataDir,
    launch: { port: 0, listenerPort: 0, sandbox: true, listenerHost: '127.0.0.1' },
    connectors: [createCermConnector({ customers: opts.customers ?? 2_000 })],
    credentials: memoryCredentials(),
    jobRunner: { retry: FAST_RETRY, pollMs: 20, leaseMs: 5_000, concurrency: 4 },
  }).catch(async (err: unknown) => {
    await store.close();
    throw err;
  });
  const services = core.services;
  const repos = services.repos;
  const sandbox = services.sandboxes.get(CERM_ID) as CermSandbox;

  return {
    core,
    services,
    repos,
    /** Read-only SQL on the core's store, for assertions. */
    sql: store.sql,
    sandbox,
    dataDir,
    /** Saves settings the way the Connections screen does (the connection is verified first). */
    async configure(values: Record<string, FieldValue>): Promise<void> {
      const r = await core.dispatch('connections:save', { connectorId: CERM_ID, values, secrets: {} });
      if (!r.ok) throw new Error(r.error.message);
    },
    /** Sync Now on a task; resolves with the finished run. */
    async run(taskId: string): Promise<RunSummary> {
      const r = await core.dispatch('sync:run', { connectorId: CERM_ID, taskId });
      if (!r.ok) throw new Error(r.error.message);
      const run = await services.tasks.wait((r.data as { runId: number }).runId);
      if (!run) throw new Error('the run left no record');
      return run;
    },
    /** A local customer, optionally linked to a CERM customer. */
    async addCustomer(n: number, cermId?: string): Promise<number> {
      const id = await repos.customers.insert({ email: `person${n}@example.test`, firstName: `First${n}`, lastName: `Last${n}`, company: n % 2 ? `Company ${n}` : null, origin: 'registration' }, Date.now());
      if (cermId) await repos.externalIds.link('customer', id, CERM_ID, cermId, Date.now());
      return id;
    },
    async logLines(action: string): Promise<{ outcome: string; message: string; details: string | null }[]> {
      return await store.sql.all(`SELECT outcome, message, details FROM integration_log WHERE connector_id = ? AND action = ? ORDER BY id`, CERM_ID, action);
    },
    /** Stops the core; unless told to keep them (a restart on the same data follows), the data folder and store go. */
    async close(removeDir = true): Promise<void> {
      await core.close();
      if (!removeDir) return;
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A token for calling the simulator directly, as CERM's own clients would. */
export async function sandboxToken(sandbox: CermSandbox): Promise<string> {
  const c = sandbox.credentials;
  const res = await fetch(`${sandbox.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', client_id: c.clientId, client_secret: c.clientSecret, username: c.username, password: c.password }).toString(),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

/** The exact bytes the simulator answers for one customer list page. */
export async function sandboxPageBytes(sandbox: CermSandbox, page: number, pageSize: number): Promise<Buffer> {
  const res = await fetch(`${sandbox.url}/customer-api/v1/customers?page=${page}&pageSize=${pageSize}`, { headers: { authorization: `Bearer ${await sandboxToken(sandbox)}` } });
  if (res.status !== 200) throw new Error(`page ${page}: HTTP ${res.status}`);
  return Buffer.from(await res.arrayBuffer());
}
