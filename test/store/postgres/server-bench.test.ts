// `npm run bench -- server` at a tiny scale (the built out/main/bench.js, `npm run build` first) on the run's private
// cluster through --database: the counts it reports are checked, never its timings.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';

const BENCH = join(process.cwd(), 'out', 'main', 'bench.js');

describe('npm run bench -- server', () => {
  it('raises every Enquiry once with 1 and 2 engines and on SQLite, downloads every CERM customer on both stores, and ends with one JSON line', async () => {
    expect(existsSync(BENCH), 'run `npm run build` first').toBe(true);
    const { url } = inject('postgres');
    const run = spawnSync(process.execPath, [BENCH, 'server', '--customers', '2000', '--enquiries', '50', '--engines', '1,2', '--rounds', '1', '--database', url], {
      encoding: 'utf8',
      timeout: 180_000,
      env: { ...process.env, SYNCDESK_DATABASE_URL: undefined },
    });
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Team server: CERM and Confirm on PostgreSQL against SQLite/);
    const json = JSON.parse(lines.at(-1)!) as Record<string, unknown>;
    expect(json).toMatchObject({
      scenario: 'server',
      customers: 2000,
      enquiries: 50,
      engines: [1, 2],
      rounds: 1,
      cerm_fetched: 2000,
      cerm_rerun_unchanged: 2000,
      // SQLite, then PostgreSQL with 1 and with 2 engines: 50 cases each, every one raised once in the simulator.
      raise_cases: 150,
      raised_exactly_once: 150,
      duplicated: 0,
      missing: 0,
      // A raise and its read-back per case.
      jobs_done: 300,
      jobs_not_done: 0,
      latency_ms: 5,
    });
    for (const key of ['cerm_sqlite_s', 'cerm_postgres_s', 'cerm_ratio_postgres_to_sqlite', 'cerm_postgres_limit_s', 'confirm_sqlite_s', 'engines_1_s', 'engines_2_s', 'engines_1_per_s', 'engines_2_per_s', 'speedup_2_engines', 'engines_2_api_p99_ms'])
      expect({ key, positive: typeof json[key] === 'number' && (json[key] as number) > 0 }).toEqual({ key, positive: true });
    expect(json.engines_2_cpu_s).toMatchObject({ engines: expect.any(Number) });
    expect(json).not.toHaveProperty('engines_3_s');
    // The scratch databases it made beside the given one are gone.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      expect((await client.query(`SELECT datname FROM pg_database WHERE datname LIKE 'syncdesk_bench_%'`)).rows).toEqual([]);
    } finally {
      await client.end();
    }
  }, 200_000);
});
