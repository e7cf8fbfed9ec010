// A core with the ERP connector in sandbox mode: its simulator on a real socket, a real store (SQLite unless another is
// given: test/support/core-store.ts), the engine's own runner.
import { createCore } from '../../../src-main/core/create-core';
import { createErpConnector, ERP_ID } from '../../../src-main/connectors/erp';
import type { ErpSandbox } from '../../../src-main/connectors/erp/sandbox';
import { forgetErpSessions } from '../../../src-main/connectors/erp/session';
import type { ChannelInput, ChannelName, ChannelOutput, FieldValue, RunSummary } from '../../../src-preload/contract';
import { memoryCredentials } from '../../support/memory-credentials';
import { FAST_RETRY, tempDir, until } from '../../support/harness';
import { sqliteCoreStore, type CoreStore } from '../../support/core-store';
import { placeOrder } from './place-order';
import type { NewOrder } from '../../../src-main/store/orders-repo';
import type { ConnectorParts } from '../../../src-main/connectors/connector';

export async function startErpCore(opts: { customers?: number; prices?: number; items?: number; dataDir?: string; values?: Record<string, FieldValue>; store?: CoreStore } = {}) {
  forgetErpSessions();
  const dataDir = opts.dataDir ?? tempDir('syncdesk-erp-');
  const store = await (opts.store ?? sqliteCoreStore).open(dataDir);
  const connector = createErpConnector({ customers: opts.customers ?? 120, prices: opts.prices ?? 1_500, items: opts.items ?? 200 });
  // What the core's install got back (the accounts policy among it), kept for the tests to ask.
  let parts: ConnectorParts | null = null;
  const install = connector.install!.bind(connector);
  connector.install = (host) => (parts = install(host));
  const core = await createCore({
    ...store.core,
    mode: 'headless',
    dataDir,
    launch: { port: 0, listenerPort: 0, sandbox: true, listenerHost: '127.0.0.1' },
    connectors: [connector],
    credentials: memoryCredentials(),
    jobRunner: { retry: FAST_RETRY, pollMs: 20, leaseMs: 5_000 },
  }).catch(async (err: unknown) => {
    await store.close();
    throw err;
  });
  const services = core.services;
  const sandbox = services.sandboxes.get(ERP_ID) as ErpSandbox;

  async function call<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
    const r = await core.dispatch(channel, input);
    if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
    return r.data as ChannelOutput<C>;
  }
  if (opts.values) await call('connections:save', { connectorId: ERP_ID, values: opts.values, secrets: {} });

  return {
    core,
    services,
    repos: services.repos,
    sandbox,
    parts: parts as ConnectorParts | null,
    dataDir,
    call,
    /** Read-only SQL on the core's store, for assertions. */
    sql: store.sql,
    async run(taskId: 'accounts' | 'prices'): Promise<RunSummary> {
      const started = await call('sync:run', { connectorId: ERP_ID, taskId });
      const run = await services.tasks.wait(started.runId);
      if (!run) throw new Error('the run left no record');
      return run;
    },
    async items(runId: number) {
      return (await services.repos.runs.items(runId, 0, 100_000)).items;
    },
    order: (o: NewOrder) => placeOrder(services, o),
    async settled(): Promise<void> {
      await services.jobs.whenSettled();
    },
    async logOf(jobId: number): Promise<string[]> {
      return (await services.repos.log.page({ connectorId: ERP_ID }, null, 500)).entries.filter((e) => e.jobId === jobId).map((e) => e.message).reverse();
    },
    until,
    async close() {
      await core.close();
      await store.close();
    },
  };
}

export type ErpCore = Awaited<ReturnType<typeof startErpCore>>;
