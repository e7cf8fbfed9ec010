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
        // The page read in order, as SQLite applies it: an id listed more than once (it changed, or went and came
        // back, while the feed was read) is judged each time against what the page made of it so far. Then the store
        // gets each id's end state: its last listing written, or removed, in one statement each.
        const same = (i: number, j: number) => columns.every((c) => c[i] === c[j]);
        const state = new Map<string, { stored: boolean; exists: boolean; last: number | null; changed: boolean }>();
        const changes = list.map((e, i): ExternalChange | null => {
          let s = state.get(e.externalId);
          if (!s) state.set(e.externalId, (s = { stored: verdicts[i] !== 0, exists: verdicts[i] !== 0, last: null, changed: false }));
          if (e.customerId === null) {
            if (!s.exists) return null;
            Object.assign(s, { exists: false, last: null, changed: true });
            return 'removed';
          }
          const asStored = s.last === null ? verdicts[i] === 2 : same(s.last, i);
          const verdict: ExternalChange = !s.exists ? 'created' : asStored ? 'unchanged' : 'updated';
          Object.assign(s, { exists: true, last: i, changed: s.changed || verdict !== 'unchanged' });
          return verdict;
        });
        const written = new Set([...state.values()].flatMap((s) => (s.exists && s.changed && s.last !== null ? [s.last] : [])));
        const writeAt = (c: unknown[]) => c.filter((_, i) => written.has(i));
        if (written.size > 0) {
          await db.query(
            `INSERT INTO addresses (external_id, customer_id, kind, name, street, number, postal_code, city, country, email, phone, origin, updated_at)
             SELECT external_id, customer_id, kind, name, street, number, postal_code, city, country, email, phone, $1, $13 FROM ${PAGE}
             ON CONFLICT (origin, external_id) DO UPDATE SET ${UPSERT_SET}`, [origin, ...columns.map(writeAt), now]);
        }
        const removals = [...state].flatMap(([id, s]) => (s.stored && !s.exists ? [id] : []));
        if (removals.length > 0) await db.query(`DELETE FROM addresses WHERE origin = $1 AND external_id = ANY($2::text[])`, [origin, removals]);
        return changes;
      });
    },
    removeExternal,
    // Kept on PostgreSQL: dropping an index there takes a lock on the table that every engine's reads would wait on.
    beginBulkLoad: async () => false,
    countByOrigin: async (origin) => (await db.one<{ n: number }>(`SELECT count(*) AS n FROM addresses WHERE origin = $1`, [origin]))!.n,
  };
}
