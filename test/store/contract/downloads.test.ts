import { describe, expect, it } from 'vitest';
import { freshStore, onSqliteWhenRun, type StoreFactory, type StoreOf } from './store-under-test';

/** The aggregates this contract uses. */
type Store = StoreOf<'downloads'>;

/** Downloads: a raw snapshot of what a connector fetched, its progress, and how it ended. */
export function describeDownloadsContract(name: string, factory: StoreFactory<Store>): void {
  describe(`${name} store: downloads`, () => {
    const store = freshStore(factory);

    it('starts a download as running, with nothing fetched yet', async () => {
      const { downloads } = store();
      const id = await downloads.start('mis', 'customers', 1_000);
      expect(await downloads.get(id)).toEqual({
        id, connectorId: 'mis', kind: 'customers', status: 'running', startedAt: 1_000, finishedAt: null, records: 0, pages: 0, rawFile: null, rawBytes: 0, message: null, host: null,
      });
      expect(await downloads.get(id + 1)).toBeNull();
    });

    it('keeps the host name of the engine that writes the raw file', async () => {
      const { downloads } = store();
      const id = await downloads.start('mis', 'customers', 0, 'engine-b.example');
      await downloads.progress(id, 10, 1, 100, '/srv/syncdesk/downloads/mis-customers-1.json');
      await downloads.finish(id, 'complete', null, 5);
      expect(await downloads.latestComplete('mis', 'customers')).toMatchObject({ id, host: 'engine-b.example', rawFile: '/srv/syncdesk/downloads/mis-customers-1.json' });
    });

    it('records progress, then the end with its status and message', async () => {
      const { downloads } = store();
      const id = await downloads.start('mis', 'customers', 0);
      await downloads.progress(id, 250, 3, 48_000, 'downloads/mis-customers-1.json');
      expect(await downloads.get(id)).toMatchObject({ status: 'running', records: 250, pages: 3, rawBytes: 48_000, rawFile: 'downloads/mis-customers-1.json' });
      await downloads.finish(id, 'failed', 'page 4 timed out', 900);
      expect(await downloads.get(id)).toMatchObject({ status: 'failed', finishedAt: 900, message: 'page 4 timed out', records: 250, pages: 3 });
    });

    it('answers the latest complete download of a connector and kind, passing over running and failed ones', async () => {
      const { downloads } = store();
      expect(await downloads.latestComplete('mis', 'customers')).toBeNull();
      const done = await downloads.start('mis', 'customers', 0);
      await downloads.finish(done, 'complete', null, 10);
      const failed = await downloads.start('mis', 'customers', 20);
      await downloads.finish(failed, 'failed', 'down', 30);
      await downloads.start('mis', 'customers', 40);
      const otherKind = await downloads.start('mis', 'contacts', 50);
      await downloads.finish(otherKind, 'complete', null, 60);
      const otherConnector = await downloads.start('erp', 'customers', 70);
      await downloads.finish(otherConnector, 'complete', null, 80);
      expect(await downloads.latestComplete('mis', 'customers')).toMatchObject({ id: done, status: 'complete', finishedAt: 10 });
      const later = await downloads.start('mis', 'customers', 90);
      await downloads.finish(later, 'complete', null, 95);
      expect((await downloads.latestComplete('mis', 'customers'))!.id).toBe(later);
    });

    it('lists the recent downloads of a connector and kind, newest first, up to the limit', async () => {
      const { downloads } = store();
      const ids = await Promise.all([0, 1, 2, 3].map(async (t) => await downloads.start('mis', 'customers', t)));
      await downloads.start('mis', 'contacts', 9);
      await downloads.start('erp', 'customers', 9);
      expect((await downloads.recent('mis', 'customers', 3)).map((d) => d.id)).toEqual([ids[3], ids[2], ids[1]]);
      expect(await downloads.recent('mis', 'customers', 10)).toHaveLength(4);
      expect(await downloads.recent('mis', 'orders', 10)).toEqual([]);
    });
  });
}

onSqliteWhenRun(import.meta.url, describeDownloadsContract);
