import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { tempDir } from '../../support/harness';
import { bundleChild, runChild } from '../../support/crash-child-runner';
import { CermSandbox } from '../../../src-main/connectors/cerm/sandbox';
import { openDatabase } from '../../../src-main/store/database';

const CUSTOMERS = 20_000;
const MIRROR_INDEXES = ['cerm_customers_cost_code', 'cerm_customers_name'];
let sandbox: CermSandbox;
let url: string;
let script: string;

beforeAll(async () => {
  script = await bundleChild('test/connectors/cerm/download-crash-child.ts', 'test-child-cerm-download');
  sandbox = new CermSandbox(5, CUSTOMERS);
  sandbox.replyDelayMs = 5;
  url = await sandbox.start();
}, 120_000);

afterAll(async () => {
  await sandbox?.stop();
});

const indexesOf = (db: Database.Database) =>
  db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'cerm_customers' AND sql IS NOT NULL ORDER BY name`).pluck().all() as string[];

describe('a first CERM download across a crash', () => {
  it('loads an empty mirror without its search indexes, and the next start builds them, though the process was killed (SIGKILL) part-way', async () => {
    const dataDir = tempDir('syncdesk-cerm-download-crash-');
    const file = join(dataDir, 'syncdesk.db');
    try {
      const cut = await runChild(script, [dataDir, url], (stored) => stored >= 3_000);
      expect(cut.stderr).toBe('');
      expect(cut.killed, `the child was not killed; it said: ${cut.lastLines.join(' | ')}`).toBe(true);

      // As the kill left it: part of the list stored, the indexes set aside with their definitions kept.
      const raw = new Database(file, { readonly: true });
      const stored = raw.prepare(`SELECT COUNT(*) FROM cerm_customers`).pluck().get() as number;
      const waiting = raw.prepare(`SELECT name FROM deferred_indexes ORDER BY name`).pluck().all();
      const left = indexesOf(raw);
      raw.close();
      expect(stored).toBeGreaterThanOrEqual(3_000);
      expect(stored).toBeLessThan(CUSTOMERS);
      expect(waiting).toEqual(MIRROR_INDEXES);
      expect(left).toEqual([]);

      // The next start builds them before anything reads the mirror.
      const db = openDatabase(file);
      expect(indexesOf(db)).toEqual(MIRROR_INDEXES);
      expect(db.prepare(`SELECT COUNT(*) FROM deferred_indexes`).pluck().get()).toBe(0);
      expect(db.prepare(`EXPLAIN QUERY PLAN SELECT cerm_id FROM cerm_customers WHERE cost_code = ? COLLATE NOCASE`).all('CC000001').map((r) => (r as { detail: string }).detail).join(' ')).toMatch(/cerm_customers_cost_code/);
      db.close();

      // A download run to its end (the mirror no longer empty: its indexes stay) holds the whole list.
      const whole = await runChild(script, [dataDir, url], null);
      expect(whole.stderr).toBe('');
      expect(whole.lastLines.find((l) => l.startsWith('RUN '))).toMatch(/^RUN success /);
      const after = new Database(file, { readonly: true });
      expect(after.prepare(`SELECT COUNT(*) FROM cerm_customers`).pluck().get()).toBe(CUSTOMERS);
      expect(indexesOf(after)).toEqual(MIRROR_INDEXES);
      after.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});
