import type { AsyncRepo } from './serial-writer';
import type { Db } from './database';
import { containsPattern } from './like';
import { createDeferredIndexes } from './deferred-indexes';
import type { CermCustomerView } from '../../src-preload/contract';
import type { RecordChange } from './sync-state-repo';

/** A mirrored CERM customer: what staff see, and which download last wrote it (an unchanged one is not rewritten). */
export interface CermCustomerRow extends CermCustomerView {
  downloadId: number | null;
  updatedAt: number;
}

export interface Raw {
  cerm_id: string;
  number: string | null;
  name: string;
  cost_code: string | null;
  email: string | null;
  phone: string | null;
  street: string | null;
  postal_code: string | null;
  city: string | null;
  country: string | null;
  vat_number: string | null;
  download_id: number | null;
  updated_at: number;
}

export function toRow(r: Raw): CermCustomerRow {
  return {
    cermId: r.cerm_id,
    number: r.number,
    name: r.name,
    costCode: r.cost_code,
    email: r.email,
    phone: r.phone,
    street: r.street,
    postalCode: r.postal_code,
    city: r.city,
    country: r.country,
    vatNumber: r.vat_number,
    downloadId: r.download_id,
    updatedAt: r.updated_at,
  };
}

/** CERM's customer list as last downloaded: the cost codes the auto-link rule matches, the table staff browse. */
export function createCermCustomersRepo(db: Db) {
  const upsert = db.prepare(`
    INSERT INTO cerm_customers (cerm_id, number, name, cost_code, email, phone, street, postal_code, city, country, vat_number, download_id, updated_at)
    VALUES (@cermId, @number, @name, @costCode, @email, @phone, @street, @postalCode, @city, @country, @vatNumber, @downloadId, @updatedAt)
    ON CONFLICT (cerm_id) DO UPDATE SET number = excluded.number, name = excluded.name, cost_code = excluded.cost_code,
      email = excluded.email, phone = excluded.phone, street = excluded.street, postal_code = excluded.postal_code,
      city = excluded.city, country = excluded.country, vat_number = excluded.vat_number, download_id = excluded.download_id,
      updated_at = excluded.updated_at`);
  // The download's statements bind by position: better-sqlite3 binds an array faster than an object's named fields.
  const put = db.prepare(`
    INSERT INTO cerm_customers (cerm_id, number, name, cost_code, email, phone, street, postal_code, city, country, vat_number, download_id, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (cerm_id) DO UPDATE SET number = excluded.number, name = excluded.name, cost_code = excluded.cost_code,
      email = excluded.email, phone = excluded.phone, street = excluded.street, postal_code = excluded.postal_code,
      city = excluded.city, country = excluded.country, vat_number = excluded.vat_number, download_id = excluded.download_id,
      updated_at = excluded.updated_at`);
  // One statement judges a whole page against the mirror: 0 new, 1 changed, 2 the same (COMPARED fields, in order).
  const judge = db
    .prepare(`
    SELECT CASE WHEN c.cerm_id IS NULL THEN 0
      WHEN c.number IS j.value ->> 1 AND c.name IS j.value ->> 2 AND c.cost_code IS j.value ->> 3 AND c.email IS j.value ->> 4
        AND c.phone IS j.value ->> 5 AND c.street IS j.value ->> 6 AND c.postal_code IS j.value ->> 7 AND c.city IS j.value ->> 8
        AND c.country IS j.value ->> 9 AND c.vat_number IS j.value ->> 10 THEN 2 ELSE 1 END
    FROM json_each(?) j LEFT JOIN cerm_customers c ON c.cerm_id = j.value ->> 0
    ORDER BY j.key`)
    .pluck();
  // Unchanged customers are not rewritten: which download saw them is kept beside the mirror, in a table of this
  // connection's own (TEMP: never synced to disk, rolled back with the transaction). Only the download that saw them
  // reads it, when it prunes, in the same process: a download cut short by a crash prunes nothing.
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS cerm_customers_seen (download_id INTEGER NOT NULL, cerm_id TEXT NOT NULL, PRIMARY KEY (download_id, cerm_id)) WITHOUT ROWID`);
  const markSeen = db.prepare(`INSERT OR IGNORE INTO temp.cerm_customers_seen (download_id, cerm_id) SELECT ?, value FROM json_each(?)`);
  const forgetSeen = db.prepare(`DELETE FROM temp.cerm_customers_seen WHERE download_id <= ?`);
  const get = db.prepare(`SELECT * FROM cerm_customers WHERE cerm_id = ?`);
  const removeOthers = db.prepare(`DELETE FROM cerm_customers WHERE download_id IS NOT @d
    AND cerm_id NOT IN (SELECT cerm_id FROM temp.cerm_customers_seen WHERE download_id = @d)
    AND cerm_id NOT IN (SELECT cerm_customer_id FROM departments WHERE cerm_customer_id IS NOT NULL)`);
  const count = db.prepare(`SELECT COUNT(*) FROM cerm_customers`).pluck();
  const storedOf = db.prepare(`SELECT c.* FROM json_each(?) j CROSS JOIN cerm_customers c ON c.cerm_id = j.value`);

  return {
    /** Writes one page of customers in the caller's transaction. */
    upsertMany(rows: CermCustomerRow[]): void {
      for (const r of rows) upsert.run(r);
    },
    /**
     * Stores downloaded rows in the caller's transaction and says what it did to each, in order: new, changed, or
     * unchanged (judged against the mirror in one statement; only new and changed rows are rewritten).
     */
    applyPage(rows: CermCustomerView[], downloadId: number, now: number): RecordChange[] {
      return this.applyPageWithBefore(rows, downloadId, now).changes;
    },
    /**
     * applyPage, answering too the stored rows it changed as they were before (read only when some row changed: an
     * unchanged page costs the one judging statement).
     */
    applyPageWithBefore(rows: CermCustomerView[], downloadId: number, now: number): { changes: RecordChange[]; before: CermCustomerRow[] } {
      if (rows.length === 0) return { changes: [], before: [] };
      const fields = rows.map((r) => [r.cermId, r.number, r.name, r.costCode, r.email, r.phone, r.street, r.postalCode, r.city, r.country, r.vatNumber]);
      const verdicts = judge.all(JSON.stringify(fields)) as number[];
      const changed = [...new Set(rows.filter((_, i) => verdicts[i] === 1).map((r) => r.cermId))];
      const before = changed.length ? (storedOf.all(JSON.stringify(changed)) as Raw[]).map(toRow) : [];
      const same: string[] = [];
      // A customer listed twice (a list that shifted while it was read) is judged the second time against the first.
      const earlier = new Map<string, number>();
      const changes = verdicts.map((v, i): RecordChange => {
        const first = earlier.get(rows[i]!.cermId);
        earlier.set(rows[i]!.cermId, i);
        if (first !== undefined) {
          if (fields[first]!.every((x, k) => x === fields[i]![k])) return 'unchanged';
          put.run(...fields[i]!, downloadId, now);
          return 'updated';
        }
        if (v === 2) {
          same.push(rows[i]!.cermId);
          return 'unchanged';
        }
        put.run(...fields[i]!, downloadId, now);
        return v === 0 ? 'created' : 'updated';
      });
      if (same.length) markSeen.run(downloadId, JSON.stringify(same));
      return { changes, before };
    },
    get(cermId: string): CermCustomerRow | null {
      const r = get.get(cermId) as Raw | undefined;
      return r ? toRow(r) : null;
    },
    /** After a complete download: customers CERM no longer lists go, unless a department still points at them. */
    pruneExcept(downloadId: number): number {
      const n = removeOthers.run({ d: downloadId }).changes;
      forgetSeen.run(downloadId);
      return n;
    },
    count: (): number => count.get() as number,
    /**
     * In the caller's transaction, before a download's first page: an empty mirror takes the download without its
     * name and cost-code indexes, which `maintenance.buildDeferredIndexesOffThread()` builds once it is stored (or the
     * next start, after a crash). Answers whether they were set aside.
     */
    beginBulkLoad: (): boolean => createDeferredIndexes(db).deferIfEmpty('cerm_customers'),
    /** Keyset page by name then id, searched on name, number, cost code and email. */
    search(opts: { q?: string; after?: { name: string; cermId: string } | null; limit: number }): { rows: CermCustomerRow[]; next: { name: string; cermId: string } | null } {
      const where: string[] = [];
      const params: Record<string, unknown> = { limit: opts.limit + 1 };
      if (opts.q) {
        where.push(`(name LIKE @q ESCAPE '\\' OR number LIKE @q ESCAPE '\\' OR cost_code LIKE @q ESCAPE '\\' OR email LIKE @q ESCAPE '\\' OR cerm_id LIKE @q ESCAPE '\\')`);
        params.q = containsPattern(opts.q);
      }
      if (opts.after) {
        // The first term lets SQLite seek the name index instead of walking it from the start on every page.
        where.push('name COLLATE NOCASE >= @an AND (name COLLATE NOCASE > @an OR cerm_id > @ai)');
        params.an = opts.after.name;
        params.ai = opts.after.cermId;
      }
      const sql = `SELECT * FROM cerm_customers ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY name COLLATE NOCASE, cerm_id LIMIT @limit`;
      const rows = (db.prepare(sql).all(params) as Raw[]).map(toRow);
      const more = rows.length > opts.limit;
      const page = rows.slice(0, opts.limit);
      const last = page[page.length - 1];
      return { rows: page, next: more && last ? { name: last.name, cermId: last.cermId } : null };
    },
    /** Every row in name order (or those the search finds), read in keyset chunks (no cursor stays open across the writer's pauses). */
    *iterate(chunk = 1000, q?: string): Generator<CermCustomerRow> {
      let after: { name: string; cermId: string } | null = null;
      do {
        const page = this.search({ q, after, limit: chunk });
        yield* page.rows;
        after = page.next;
      } while (after);
    },
  };
}

/** The repository as the store port gives it (every method answers a promise). */
export type CermCustomersRepo = AsyncRepo<ReturnType<typeof createCermCustomersRepo>>;
