import { existsSync, statSync } from 'node:fs';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { startCluster } from '../../../src-main/bench/pg-cluster';

describe('the private test cluster', () => {
  it('listens on 127.0.0.1 and a socket folder of its own, for the tests\' role, and leaves nothing behind when stopped', async () => {
    const cluster = await startCluster();
    let stopped = false;
    try {
      const admin = new pg.Client(cluster.adminUrl);
      await admin.connect();
      const setting = async (name: string) => (await admin.query<{ v: string }>(`SELECT current_setting($1) AS v`, [name])).rows[0]!.v;
      expect(await setting('listen_addresses')).toBe('127.0.0.1');
      expect(await setting('unix_socket_directories')).toBe(cluster.dir);
      expect(Number(await setting('port'))).toBe(cluster.port);
      await admin.end();
      const client = new pg.Client(cluster.url);
      await client.connect();
      expect((await client.query<{ u: string; d: string }>('SELECT current_user AS u, current_database() AS d')).rows[0]).toEqual({ u: 'syncdesk', d: 'syncdesk' });
      await client.end();
      expect(statSync(cluster.dir).isDirectory()).toBe(true);
      cluster.stop();
      stopped = true;
      expect(existsSync(cluster.dir)).toBe(false);
      const late = new pg.Client(cluster.url);
      await expect(late.connect()).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      if (!stopped) cluster.stop();
    }
  });
});
