// The server bench's CERM part: the same customer download (a first run, then an unchanged re-run) through a real core
// on SQLite and on PostgreSQL, each store fresh, against one simulator child; and each store's limit, the same fetches
// stored by the smallest correct program. A contract call every 10 ms during the engine's runs.
import { join } from 'node:path';
import { createCore } from '../core/create-core';
import { createCermConnector, CERM_ID } from '../connectors/cerm';
import type { EncryptionKeys } from '../secrets/encryption-keys';
import { benchCore, pointAtRemote } from './cerm-scenario';
import { limitDownload } from './cerm-limit';
import { limitDownloadPg } from './server-limit';
import { startProbe } from './contract-probe';
import { profilePhase, seconds } from './measure';

export const CERM_PAGE_SIZE = 500;

export type StoreKind = 'sqlite' | 'postgres';

export interface CermStoreRound {
  store: StoreKind;
  firstS: number;
  rerunS: number;
  limitS: number;
  fetched: number;
  rerunUnchanged: number;
  latencies: number[];
}

type Core = Awaited<ReturnType<typeof createCore>>;

async function storeCore(store: StoreKind, n: number, dir: string, database: string | null, keys: EncryptionKeys): Promise<Core> {
  if (store === 'sqlite') return await benchCore(n, dir);
  return await createCore({
    mode: 'headless',
    dataDir: join(dir, 'data'),
    launch: { port: 0, listenerPort: 0, sandbox: false, listenerHost: '127.0.0.1' },
    connectors: [createCermConnector({ customers: n })],
    postgres: { url: database!, keys },
  });
}

/** One store's round: the engine's first download and unchanged re-run, then the limit on a store of its own. */
export async function cermStoreRound(opts: {
  store: StoreKind;
  simUrl: string;
  customers: number;
  dir: string;
  newDatabase: () => Promise<string>;
  keys: EncryptionKeys;
  round: number;
}): Promise<CermStoreRound> {
  const { store, simUrl, customers: n, dir } = opts;
  const database = store === 'postgres' ? await opts.newDatabase() : null;
  const core = await storeCore(store, n, dir, database, opts.keys);
  const latencies: number[] = [];
  let first;
  let rerun;
  try {
    await pointAtRemote(core, simUrl);
    const { tasks } = core.services;
    const run = async (phase: string) => {
      const probe = startProbe(async () => await core.dispatch('cerm:downloads', {}));
      const t0 = process.hrtime.bigint();
      const r = await profilePhase(`server-cerm-${store}-${phase}-${opts.round}`, async () => await tasks.wait((await tasks.start(CERM_ID, 'download-customers', 'manual')).runId));
      const s = seconds(t0);
      latencies.push(...(await probe.stop()));
      if (r?.status !== 'success') throw new Error(`download-customers on ${store} ended ${r?.status}: ${r?.message}`);
      return { s, counts: r.counts };
    };
    first = await run('first');
    rerun = await run('rerun');
  } finally {
    await core.close();
  }
  const limit = store === 'sqlite'
    ? await limitDownload(simUrl, join(dir, 'limit.db'), join(dir, 'limit.json'), CERM_PAGE_SIZE)
    : await limitDownloadPg(simUrl, await opts.newDatabase(), join(dir, 'limit.json'), CERM_PAGE_SIZE);
  if (limit.records !== first.counts.fetched) throw new Error(`the ${store} limit read ${limit.records} customers, the engine ${first.counts.fetched}`);
  return { store, firstS: first.s, rerunS: rerun.s, limitS: limit.seconds, fetched: first.counts.fetched, rerunUnchanged: rerun.counts.unchanged, latencies };
}
