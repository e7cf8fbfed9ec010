// Preview run: every shipped task, run in preview against its simulator, leaves the store as it was and queues
// nothing, while it answers what the run would do; a real run started after it is set against it. On SQLite the
// database files stay the same bytes; on a team server's PostgreSQL (test/store/postgres/preview-matrix.test.ts)
// every table's rows stay the same, pg-boss's included.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shippedConnectors } from '../../src-main/connectors/registry';
import type { PreviewComparison, PreviewResult } from '../../src-preload/contract';
import { whenRunAlone, type CoreStore } from '../support/core-store';
import { startTestCore, until } from '../support/harness';

let h: Awaited<ReturnType<typeof startTestCore>>;

function fileFingerprint(): string {
  const file = h.services.paths.database;
  const hash = createHash('sha256');
  for (const f of [file, `${file}-wal`]) hash.update(existsSync(f) ? readFileSync(f) : Buffer.alloc(0));
  return hash.digest('hex');
}

/** Every table of the store's and pg-boss's schemas: its name and a digest of its rows as text, in order. */
async function rowsFingerprint(): Promise<string> {
  const tables = await h.sql.all<{ name: string }>(
    `SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables WHERE schemaname IN ('public', 'pgboss') ORDER BY 1`);
  expect(tables.map((t) => t.name)).toContain('pgboss.job');
  const digests: string[] = [];
  for (const { name } of tables)
    digests.push(`${name} ${await h.sql.value<string>(`SELECT count(*) || ' ' || md5(COALESCE(string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM ${name} t`)}`);
  return digests.join('\n');
}

async function call<T>(channel: string, input: unknown): Promise<T> {
  const r = await h.core.dispatch(channel as never, input as never);
  if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
  return r.data as T;
}

export function describePreview(store: CoreStore): void {
  const fingerprint = store.name === 'SQLite' ? async () => fileFingerprint() : rowsFingerprint;

  beforeAll(async () => {
    // No schedule, cleanup or backup fires during the test: only the previews could touch the store.
    h = await startTestCore({ store, core: { connectors: shippedConnectors(), schedulerTickMs: 3_600_000, opsTickMs: 3_600_000 } });
    // Whatever start-up wrote is settled (the log's search index catches up) before the first fingerprint.
    await new Promise((r) => setTimeout(r, 1_500));
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  describe(`preview run (${store.name})`, () => {
    it('runs every shipped task against its simulator and writes nothing: the store is the same after (SQLite: the same bytes; PostgreSQL: the same rows)', async () => {
      const tasks = h.services.registry.all().flatMap((c) => c.tasks.map((t) => ({ connectorId: c.id, taskId: t.id })));
      expect(tasks.length).toBeGreaterThanOrEqual(6);
      const jobsBefore = (await h.services.repos.jobs.counts()) as unknown;
      const results: PreviewResult[] = [];
      for (const t of tasks) {
        const before = await fingerprint();
        const p = await call<PreviewResult>('sync:preview', t);
        expect(await fingerprint(), `${t.connectorId}/${t.taskId} changed the database`).toBe(before);
        expect(p.status, `${t.connectorId}/${t.taskId}: ${p.message}`).not.toBe('failed');
        results.push(p);
      }
      expect(await h.services.repos.jobs.counts()).toEqual(jobsBefore);
      expect(await h.services.repos.runs.recent('cerm', 'download-customers', 5)).toEqual([]);
      // The previews did real work in their copies: the simulators' records would be created, and jobs queued.
      const download = results.find((r) => r.connectorId === 'cerm' && r.taskId === 'download-customers')!;
      expect(download.counts.created).toBeGreaterThan(0);
      const accounts = results.find((r) => r.connectorId === 'erp' && r.taskId === 'accounts')!;
      expect(accounts.counts.created).toBeGreaterThan(0);
      expect(accounts.items[0]!.message).toMatch(/^C\d+ /);
      const imported = results.find((r) => r.connectorId === 'accounting')!;
      expect(imported.jobs.length === 0 || imported.jobs.every((j) => j.count > 0)).toBe(true);
    }, 240_000);

    it('turns into the real run, which is set against the preview: the same when the remote did not change, the differences when it did', async () => {
      const t = { connectorId: 'erp', taskId: 'accounts' };
      const p = await call<PreviewResult>('sync:preview', t);
      const { runId } = await call<{ runId: number }>('sync:run', t);
      await until(async () => (await h.services.repos.runs.get(runId))?.status !== 'running', 'the run', 120_000);
      const same = await call<PreviewComparison>('sync:compare-preview', { previewId: p.previewId, runId });
      expect(same).toMatchObject({ finished: true, same: true, differences: 0 });

      // The ERP changes some accounts; a preview now says "updated" for them, and a run read before the change differs.
      const q = await call<PreviewResult>('sync:preview', t);
      expect(q.counts.created).toBe(0);
      await call('erp:sandbox-change-accounts', { count: 3 });
      const { runId: second } = await call<{ runId: number }>('sync:run', t);
      await until(async () => (await h.services.repos.runs.get(second))?.status !== 'running', 'the second run', 120_000);
      const changed = await call<PreviewComparison>('sync:compare-preview', { previewId: q.previewId, runId: second });
      expect(changed.same).toBe(false);
      expect(changed.differences).toBeGreaterThanOrEqual(3);
      expect(changed.summary).toMatch(/^The remote changed between the preview and the run/);

      // The same records updated in the preview and in the run, but to other values: the remote changed in between too.
      const { changed: rotated } = await call<{ changed: string[] }>('erp:sandbox-change-accounts', { count: 2 });
      const r = await call<PreviewResult>('sync:preview', t);
      expect(r.counts.updated).toBe(2);
      await call('erp:sandbox-change-accounts', { accountNumbers: rotated });
      const { runId: third } = await call<{ runId: number }>('sync:run', t);
      await until(async () => (await h.services.repos.runs.get(third))?.status !== 'running', 'the third run', 120_000);
      const values = await call<PreviewComparison>('sync:compare-preview', { previewId: r.previewId, runId: third });
      expect(values).toMatchObject({ finished: true, same: false, differences: 2 });
      expect(values.examples[0]).toMatch(/: updated \(.+→.+\), the preview said updated \(.+→.+\)$/);

      await expect(call('sync:compare-preview', { previewId: 9_999, runId: second })).rejects.toThrow(/no longer kept/);
      await expect(call('sync:preview', { connectorId: 'erp', taskId: 'no-such-task' })).rejects.toThrow(/no task/);
    }, 240_000);
  });
}

whenRunAlone(import.meta.url, describePreview);
