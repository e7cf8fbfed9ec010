import type { CermCustomerView } from '../../../src-preload/contract';
import { toRow, type CermCustomerRow, type CermCustomersRepo, type Raw } from '../cerm-customers-repo';
import { containsPattern } from '../like';
import type { RecordChange } from '../sync-state-repo';
import type { PgSession } from './pg-session';

const COLUMNS = 'cerm_id, number, name, cost_code, email, phone, street, postal_code, city, country, vat_number';
const UPSERT_SET = `number = excluded.number, name = excluded.name, cost_code = excluded.cost_code,
  email = excluded.email, phone = excluded.phone, street = excluded.street, postal_code = excluded.postal_code,
  city = excluded.city, country = excluded.country, vat_number = excluded.vat_number, download_id = excluded.download_id,
  updated_at = excluded.updated_at`;
/** A page as eleven parallel text arrays ($1..$11), numbered in the order given. */
const PAGE = `unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
  WITH ORDINALITY AS p (${COLUMNS}, n)`;

type Fields = (string | null)[];
const fieldsOf = (r: CermCustomerView): Fields => [r.cermId, r.number, r.name, r.costCode, r.email, r.phone, r.street, r.postalCode, r.city, r.country, r.vatNumber];
const columnsOf = (rows: Fields[]) => Array.from({ length: 11 }, (_, k) => rows.map((f) => f[k]));

type After = { name: string; cermId: string } | null;

/** CERM's customer list as last downloaded, on PostgreSQL; a downloaded page costs three statements whatever its size. */
export function createPgCermCustomersRepo(db: PgSession): CermCustomersRepo {
  /** One multi-row upsert; an id given twice keeps its last row (one statement may not write a row twice). */
  async function put(rows: Fields[], downloadId: number | null, updatedAt: number | null, perRow?: { downloadId: (number | null)[]; updatedAt: number[] }) {
    if (rows.length === 0) return;
    const dl = perRow ? perRow.downloadId : rows.map(() => downloadId);
    const at = perRow ? perRow.updatedAt : rows.map(() => updatedAt);
    await db.query(
      `INSERT INTO cerm_customers (${COLUMNS}, download_id, updated_at)
       SELECT DISTINCT ON (p.cerm_id) ${COLUMNS.split(', ').map((c) => `p.${c}`).join(', ')}, x.download_id, x.updated_at
       FROM ${PAGE} JOIN unnest($12::bigint[], $13::bigint[]) WITH ORDINALITY AS x (download_id, updated_at, n) ON x.n = p.n
       ORDER BY p.cerm_id, p.n DESC
       ON CONFLICT (cerm_id) DO UPDATE SET ${UPSERT_SET}`, [...columnsOf(rows), dl, at]);
  }

  async function search(opts: { q?: string; after?: After; limit: number }): Promise<{ rows: CermCustomerRow[]; next: After }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    if (opts.q) {
      const q = p(containsPattern(opts.q));
      where.push(`(name ILIKE ${q} ESCAPE '\\' OR number ILIKE ${q} ESCAPE '\\' OR cost_code ILIKE ${q} ESCAPE '\\' OR email ILIKE ${q} ESCAPE '\\' OR cerm_id ILIKE ${q} ESCAPE '\\')`);
    }
    // Names in any case, then ids in byte order (as SQLite orders them), whatever the database's collation.
    if (opts.after) {
      const an = p(opts.after.name);
      const ai = p(opts.after.cermId);
      where.push(`(lower(name) COLLATE "C" > lower(${an}) COLLATE "C" OR (lower(name) = lower(${an}) AND cerm_id COLLATE "C" > ${ai}))`);
    }
    const rows = (await db.rows<Raw>(
      `SELECT * FROM cerm_customers ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY lower(name) COLLATE "C", cerm_id COLLATE "C" LIMIT ${p(opts.limit + 1)}`, params)).map(toRow);
    const more = rows.length > opts.limit;
    const page = rows.slice(0, opts.limit);
    const last = page[page.length - 1];
    return { rows: page, next: more && last ? { name: last.name, cermId: last.cermId } : null };
  }

  return {
    async upsertMany(rows) {
      await put(rows.map(fieldsOf), null, null, { downloadId: rows.map((r) => r.downloadId), updatedAt: rows.map((r) => r.updatedAt) });
    },
    async applyPage(rows, downloadId, now) {
      return (await this.applyPageWithBefore(rows, downloadId, now)).changes;
    },
    async applyPageWithBefore(rows, downloadId, now) {
      if (rows.length === 0) return { changes: [], before: [] };
      const fields = rows.map(fieldsOf);
      return await db.transaction(async () => {
        // 0 new, 1 changed, 2 the same, judged against the mirror in one statement.
        const verdicts = (await db.rows<{ v: number }>(
          `SELECT CASE WHEN c.cerm_id IS NULL THEN 0
             WHEN (c.number, c.name, c.cost_code, c.email, c.phone, c.street, c.postal_code, c.city, c.country, c.vat_number)
               IS NOT DISTINCT FROM (p.number, p.name, p.cost_code, p.email, p.phone, p.street, p.postal_code, p.city, p.country, p.vat_number) THEN 2
             ELSE 1 END AS v
           FROM ${PAGE} LEFT JOIN cerm_customers c ON c.cerm_id = p.cerm_id ORDER BY p.n`, columnsOf(fields))).map((r) => r.v);
        const changed = [...new Set(rows.filter((_, i) => verdicts[i] === 1).map((r) => r.cermId))];
        const before = changed.length ? (await db.rows<Raw>(`SELECT * FROM cerm_customers WHERE cerm_id = ANY($1::text[])`, [changed])).map(toRow) : [];
        const writes: Fields[] = [];
        const same: string[] = [];
        // A customer listed twice (a list that shifted while it was read) is judged the second time against the first.
        const earlier = new Map<string, number>();
        const changes = verdicts.map((v, i): RecordChange => {
          const id = rows[i]!.cermId;
          const before = earlier.get(id);
          earlier.set(id, i);
          if (before !== undefined) {
            if (fields[before]!.every((x, k) => x === fields[i]![k])) return 'unchanged';
            writes.push(fields[i]!);
            return 'updated';
          }
          if (v === 2) {
            same.push(id);
            return 'unchanged';
          }
          writes.push(fields[i]!);
          return v === 0 ? 'created' : 'updated';
        });
        await put(writes, downloadId, now);
        // Unchanged customers only learn which download listed them (for the prune); their time of change stays.
        if (same.length) await db.query(`UPDATE cerm_customers SET download_id = $1 WHERE cerm_id = ANY($2::text[])`, [downloadId, same]);
        return { changes, before };
      });
    },
    async get(cermId) {
      const r = await db.one<Raw>(`SELECT * FROM cerm_customers WHERE cerm_id = $1`, [cermId]);
      return r ? toRow(r) : null;
    },
    pruneExcept: async (downloadId) => await db.changes(
      `DELETE FROM cerm_customers WHERE download_id IS DISTINCT FROM $1
         AND cerm_id NOT IN (SELECT cerm_customer_id FROM departments WHERE cerm_customer_id IS NOT NULL)`, [downloadId]),
    // PostgreSQL keeps the mirror's indexes through a load.
    beginBulkLoad: async () => false,
    count: async () => (await db.one<{ n: number }>(`SELECT count(*) AS n FROM cerm_customers`))!.n,
    search,
    async *iterate(chunk = 1000, q?: string) {
      let after: After = null;
      do {
        const page: Awaited<ReturnType<typeof search>> = await search({ q, after, limit: chunk });
        yield* page.rows;
        after = page.next;
      } while (after);
    },
  };
}
