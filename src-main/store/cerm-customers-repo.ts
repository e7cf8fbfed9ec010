import type { AsyncRepo } from './serial-writer';
import type { Db } from './database';
import { containsPattern } from './like';
import type { CermCustomerView } from '../../src-preload/contract';

/** A mirrored CERM customer: what staff see, and which download last brought it. */
export interface CermCustomerRow extends CermCustomerView {
  downloadId: number | null;
  updatedAt: number;
}

interface Raw {
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

function toRow(r: Raw): CermCustomerRow {
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
  const get = db.prepare(`SELECT * FROM cerm_customers WHERE cerm_id = ?`);
  const removeOthers = db.prepare(`DELETE FROM cerm_customers WHERE download_id IS NOT ? AND cerm_id NOT IN (SELECT cerm_customer_id FROM departments WHERE cerm_customer_id IS NOT NULL)`);
  const count = db.prepare(`SELECT COUNT(*) FROM cerm_customers`).pluck();

  return {
    /** Writes one page of customers in the caller's transaction. */
    upsertMany(rows: CermCustomerRow[]): void {
      for (const r of rows) upsert.run(r);
    },
    get(cermId: string): CermCustomerRow | null {
      const r = get.get(cermId) as Raw | undefined;
      return r ? toRow(r) : null;
    },
    /** After a complete download: customers CERM no longer lists go, unless a department still points at them. */
    pruneExcept(downloadId: number): number {
      return removeOthers.run(downloadId).changes;
    },
    count: (): number => count.get() as number,
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
