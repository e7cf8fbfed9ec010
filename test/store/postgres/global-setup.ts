// One private PostgreSQL cluster for the run's PostgreSQL tests, with a template database that has every migration
// applied: each test's store is a copy of it (CREATE DATABASE .. TEMPLATE), a few tens of milliseconds.
import type { TestProject } from 'vitest/node';
import { openPgPool } from '../../../src-main/store/postgres/pool';
import { migratePg } from '../../../src-main/store/postgres/migrate';
import { startCluster } from '../../../src-main/bench/pg-cluster';
import { databaseUrl, TEMPLATE_DATABASE, type PostgresUnderTest } from './pg-store';

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: PostgresUnderTest;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const cluster = await startCluster();
  try {
    const started = performance.now();
    const maintenance = openPgPool(cluster.url, { max: 1 });
    await maintenance.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
    await maintenance.end();
    const template = openPgPool(databaseUrl(cluster.url, TEMPLATE_DATABASE), { max: 1 });
    await migratePg(template);
    await template.end();
    const templateMs = performance.now() - started;
    console.log(`postgres: private cluster on 127.0.0.1:${cluster.port} up in ${Math.round(cluster.startMs)} ms, template migrated in ${Math.round(templateMs)} ms`);
    project.provide('postgres', { url: cluster.url, startMs: cluster.startMs });
  } catch (err) {
    cluster.stop();
    throw err;
  }
  return () => cluster.stop();
}
