import {
  byItem, checkOnce, checkOverride, effectiveOf, scopeParams, toOverride, toPrice, type PriceChange, type PriceScope, type PricesRepo, type RawOverride, type RawPrice,
} from '../prices-repo';
import type { PgSession } from './pg-session';

/** Rows of a full export sent in one statement (a million prices are a hundred statements, not a million). */
const PAGE = 10_000;

/** The scope as a WHERE clause on its own partial index (`at` the parameter holding the level or the account). */
const scopeWhere = (s: PriceScope, at = '$1') => ('accountId' in s ? `account_id = ${at}` : `price_level = ${at}`);
const scopeValue = (s: PriceScope) => ('accountId' in s ? s.accountId : s.priceLevel);

/**
 * Imported ERP prices and manual overrides on PostgreSQL. Every statement of a full export names the imported table
 * only, so an export cannot reach an override; each writes a page of rows at once.
 */
export function createPgPricesRepo(db: PgSession): PricesRepo {
  /** Inserts rows into the scope, a page per statement. */
  async function insertRows(scope: PriceScope, rows: readonly { item: string; priceCents: number }[], exportId: string, now: number): Promise<void> {
    const s = scopeParams(scope);
    for (let at = 0; at < rows.length; at += PAGE) {
      const page = rows.slice(at, at + PAGE);
      await db.query(
        `INSERT INTO prices (price_level, account_id, item, price_cents, export_id, imported_at)
         SELECT $1, $2, item, price_cents, $3, $4 FROM unnest($5::text[], $6::bigint[]) AS p (item, price_cents)`,
        [s.level, s.account, exportId, now, page.map((r) => r.item), page.map((r) => r.priceCents)]);
    }
  }

  return {
    async replaceImportedPrices(scope, rows, exportId, now) {
      return await db.transaction(async () => {
        const deleted = await db.changes(`DELETE FROM prices WHERE ${scopeWhere(scope)}`, [scopeValue(scope)]);
        await insertRows(scope, rows, exportId, now);
        return { deleted, inserted: rows.length };
      });
    },
    importedScopes: async () => [
      ...(await db.rows<{ l: string }>(`SELECT price_level AS l FROM prices WHERE price_level IS NOT NULL GROUP BY price_level ORDER BY price_level COLLATE "C"`)).map((r) => ({ priceLevel: r.l })),
      ...(await db.rows<{ a: number }>(`SELECT DISTINCT account_id AS a FROM prices WHERE account_id IS NOT NULL ORDER BY 1`)).map((r) => ({ accountId: r.a })),
    ],
    // Only what differs is written, in one statement: the scope's current rows against the export, joined by item.
    async applyImportedPrices(scope, rows, exportId, now) {
      checkOnce(rows);
      const s = scopeParams(scope);
      return await db.transaction(async () => {
        // Each item's change, when the scope held prices before (a new scope is all created): old and new cents.
        const r = (await db.one<{ created: number; updated: number; removed: number; changes: PriceChange[] | null }>(
          `WITH p AS (SELECT * FROM unnest($5::text[], $6::bigint[]) AS p (item, price_cents)),
           cur AS (SELECT id, item, price_cents FROM prices WHERE ${scopeWhere(scope, '$7')}),
           removed AS (DELETE FROM prices d USING cur WHERE d.id = cur.id AND NOT EXISTS (SELECT 1 FROM p WHERE p.item = cur.item)
             RETURNING cur.item, cur.price_cents AS from_cents, NULL::bigint AS to_cents),
           updated AS (UPDATE prices u SET price_cents = p.price_cents, export_id = $3, imported_at = $4 FROM cur JOIN p ON p.item = cur.item
             WHERE u.id = cur.id AND cur.price_cents <> p.price_cents RETURNING cur.item, cur.price_cents AS from_cents, p.price_cents AS to_cents),
           created AS (INSERT INTO prices (price_level, account_id, item, price_cents, export_id, imported_at)
             SELECT $1, $2, p.item, p.price_cents, $3, $4 FROM p WHERE NOT EXISTS (SELECT 1 FROM cur WHERE cur.item = p.item)
             RETURNING item, NULL::bigint AS from_cents, price_cents AS to_cents),
           existed AS (SELECT EXISTS (SELECT 1 FROM cur) AS existed)
           SELECT (SELECT count(*)::int FROM created) AS created, (SELECT count(*)::int FROM updated) AS updated,
             (SELECT count(*)::int FROM removed) AS removed,
             CASE WHEN (SELECT existed FROM existed) THEN (SELECT json_agg(json_build_object('item', c.item, 'fromCents', c.from_cents, 'toCents', c.to_cents))
               FROM (SELECT * FROM removed UNION ALL SELECT * FROM updated UNION ALL SELECT * FROM created) c) END AS changes`,
          [s.level, s.account, exportId, now, rows.map((x) => x.item), rows.map((x) => x.priceCents), scopeValue(scope)]))!;
        const changes = (r.changes ?? []).map((c) => ({ item: c.item, fromCents: c.fromCents === null ? null : Number(c.fromCents), toCents: c.toCents === null ? null : Number(c.toCents) }));
        return { created: r.created, updated: r.updated, unchanged: rows.length - r.created - r.updated, removed: r.removed, changes: changes.sort(byItem) };
      });
    },
    importedPrices: async (scope) =>
      (await db.rows<RawPrice>(`SELECT * FROM prices WHERE ${scopeWhere(scope)} ORDER BY item COLLATE "C"`, [scopeValue(scope)])).map(toPrice),
    async addOverride(o, now) {
      checkOverride(o);
      const s = scopeParams(o.scope);
      return await db.transaction(async () => (await db.one<{ id: number }>(
        `INSERT INTO price_overrides (price_level, account_id, item, kind, price_cents, discount_percent, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [s.level, s.account, o.item, o.kind, o.kind === 'price' ? o.value : null, o.kind === 'discount' ? o.value : null, o.createdBy, now]))!.id);
    },
    overrides: async (scope) =>
      (await db.rows<RawOverride>(`SELECT * FROM price_overrides WHERE ${scopeWhere(scope)} ORDER BY item COLLATE "C", id`, [scopeValue(scope)])).map(toOverride),
    deleteOverride: async (id) => (await db.changes(`DELETE FROM price_overrides WHERE id = $1`, [id])) === 1,
    catalogue: async (limit) =>
      await db.rows<{ item: string; priceCents: number }>(
        `SELECT item, min(price_cents) AS "priceCents" FROM prices WHERE price_level IS NOT NULL GROUP BY item ORDER BY item COLLATE "C" LIMIT $1`, [limit]),
    async effectivePrice(accountId, item) {
      // The account's own row first, then its price level's.
      const params = [item, accountId];
      const level = `(SELECT price_level FROM accounts WHERE id = $2)`;
      const p = await db.one<RawPrice>(`SELECT * FROM prices WHERE item = $1 AND (account_id = $2 OR price_level = ${level}) ORDER BY account_id IS NULL LIMIT 1`, params);
      const o = await db.one<RawOverride>(`SELECT * FROM price_overrides WHERE item = $1 AND (account_id = $2 OR price_level = ${level}) ORDER BY account_id IS NULL LIMIT 1`, params);
      return effectiveOf(p, o);
    },
  };
}
