import { toRow, type AddressesRepo, type AddressFields, type ExternalChange, type Raw } from '../addresses-repo';
import type { PgSession } from './pg-session';

const UPSERT_SET = `customer_id = excluded.customer_id, kind = excluded.kind, name = excluded.name,
  street = excluded.street, number = excluded.number, postal_code = excluded.postal_code, city = excluded.city,
  country = excluded.country, email = excluded.email, phone = excluded.phone, updated_at = excluded.updated_at`;

const fieldValues = (a: AddressFields) => [a.kind, a.name, a.street, a.number, a.postalCode, a.city, a.country, a.email, a.phone];

export function createPgAddressesRepo(db: PgSession): AddressesRepo {
  const removeExternal = async (origin: string, externalId: string) =>
    (await db.changes(`DELETE FROM addresses WHERE origin = $1 AND external_id = $2`, [origin, externalId])) === 1;
  return {
    // Origins in byte order, as SQLite compares text, whatever the database's collation.
    ofCustomer: async (customerId) => (await db.rows<Raw>(`SELECT * FROM addresses WHERE customer_id = $1 ORDER BY origin COLLATE "C", id`, [customerId])).map(toRow),
    addLocal: async (customerId, a, now) => (await db.one<{ id: number }>(
      `INSERT INTO addresses (customer_id, kind, name, street, number, postal_code, city, country, email, phone, origin, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'local', $11) RETURNING id`, [customerId, ...fieldValues(a), now]))!.id,
    async externalMany(origin, externalIds) {
      if (externalIds.length === 0) return [];
      return (await db.rows<Raw>(`SELECT a.* FROM addresses a WHERE a.origin = $1 AND a.external_id = ANY($2::text[])`, [origin, externalIds])).map(toRow);
    },
    async getExternal(origin, externalId) {
      const r = await db.one<Raw>(`SELECT * FROM addresses WHERE origin = $1 AND external_id = $2`, [origin, externalId]);
      return r ? toRow(r) : null;
    },
    async upsertExternal(origin, externalId, customerId, a, now) {
      await db.query(
        `INSERT INTO addresses (customer_id, kind, name, street, number, postal_code, city, country, email, phone, origin, external_id, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         ON CONFLICT (origin, external_id) DO UPDATE SET ${UPSERT_SET}`, [customerId, ...fieldValues(a), origin, externalId, now]);
    },
    // A page in three statements whatever its size: judge every address against what is stored, write those that are
    // new or differ (one multi-row upsert), remove those the other system dropped (one delete).
    async applyExternalPage(origin, list, now) {
      if (list.length === 0) return [];
      return await db.transaction(async () => {
        const col = (f: (e: (typeof list)[number]) => unknown) => list.map(f);
        const columns = [
          col((e) => e.externalId), col((e) => e.customerId), col((e) => e.fields.kind), col((e) => e.fields.name), col((e) => e.fields.street),
          col((e) => e.fields.number), col((e) => e.fields.postalCode), col((e) => e.fields.city), col((e) => e.fields.country),
          col((e) => e.fields.email), col((e) => e.fields.phone),
        ];
        const PAGE = `unnest($2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[])
          WITH ORDINALITY AS p (external_id, customer_id, kind, name, street, number, postal_code, city, country, email, phone, n)`;
        // 0 not stored, 1 stored and different, 2 the same.
        const verdicts = (await db.rows<{ v: number }>(
          `SELECT CASE WHEN a.id IS NULL THEN 0
             WHEN (a.customer_id, a.kind, a.name, a.street, a.number, a.postal_code, a.city, a.country, a.email, a.phone)
               IS NOT DISTINCT FROM (p.customer_id, p.kind, p.name, p.street, p.number, p.postal_code, p.city, p.country, p.email, p.phone) THEN 2
             ELSE 1 END AS v
           FROM ${PAGE} LEFT JOIN addresses a ON a.origin = $1 AND a.external_id = p.external_id
           ORDER BY p.n`, [origin, ...columns])).map((r) => r.v);
        const write = list.map((e, i) => e.customerId !== null && verdicts[i] !== 2);
        const writeAt = (c: unknown[]) => c.filter((_, i) => write[i]);
        if (write.some(Boolean)) {
          // One row per external id: a later entry of the page for the same id wins, as writing them in turn would.
          await db.query(
            `INSERT INTO addresses (external_id, customer_id, kind, name, street, number, postal_code, city, country, email, phone, origin, updated_at)
             SELECT DISTINCT ON (external_id) external_id, customer_id, kind, name, street, number, postal_code, city, country, email, phone, $1, $13
             FROM ${PAGE} ORDER BY external_id, n DESC
             ON CONFLICT (origin, external_id) DO UPDATE SET ${UPSERT_SET}`, [origin, ...columns.map(writeAt), now]);
        }
        const removals = list.flatMap((e, i) => (e.customerId === null && verdicts[i] !== 0 ? [e.externalId] : []));
        const removed = new Set(removals.length
          ? (await db.rows<{ external_id: string }>(`DELETE FROM addresses WHERE origin = $1 AND external_id = ANY($2::text[]) RETURNING external_id`, [origin, removals])).map((r) => r.external_id)
          : []);
        // An address listed twice (it changed while the feed was read) is judged the second time against the first.
        const earlier = new Map<string, number>();
        const same = (i: number, j: number) => columns.every((c) => c[i] === c[j]);
        return list.map((e, i): ExternalChange | null => {
          if (e.customerId === null) return removed.delete(e.externalId) ? 'removed' : null;
          const first = earlier.get(e.externalId);
          earlier.set(e.externalId, i);
          if (first !== undefined) return same(first, i) ? 'unchanged' : 'updated';
          if (verdicts[i] === 2) return 'unchanged';
          return verdicts[i] === 0 ? 'created' : 'updated';
        });
      });
    },
    removeExternal,
    // Kept on PostgreSQL: dropping an index there takes a lock on the table that every engine's reads would wait on.
    beginBulkLoad: async () => false,
    countByOrigin: async (origin) => (await db.one<{ n: number }>(`SELECT count(*) AS n FROM addresses WHERE origin = $1`, [origin]))!.n,
  };
}
