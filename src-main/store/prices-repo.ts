import type { AsyncRepo } from './serial-writer';
import type { Db } from './database';
import { UniqueViolation } from './store-errors';

/** Whom a price is for: everyone on a price level, or one account. */
export type PriceScope = { priceLevel: string } | { accountId: number };

export interface ImportedPriceRow {
  id: number;
  scope: PriceScope;
  item: string;
  priceCents: number;
  exportId: string;
  importedAt: number;
}

export interface NewOverride {
  scope: PriceScope;
  item: string;
  /** 'price': value is the price in cents and replaces the imported one; 'discount': value is a percent off it. */
  kind: 'price' | 'discount';
  value: number;
  createdBy: string;
}

export interface OverrideRow extends NewOverride {
  id: number;
  createdAt: number;
}

export interface EffectivePrice {
  /** What the account pays: null when there is no price (no imported price, and no override price). */
  priceCents: number | null;
  /** The imported price used: the account's own before its price level's. */
  imported: ImportedPriceRow | null;
  /** The override applied: the account's own before its price level's. */
  override: OverrideRow | null;
}

/** One item's imported price in a scope that held prices before: its old and new cents (null: none). */
export interface PriceChange {
  item: string;
  fromCents: number | null;
  toCents: number | null;
}

/** What replacing a scope's imported prices did; `changes` lists each item's change, in item order, when the scope held prices before (a new scope is all created). */
export interface ImportedPricesApplied {
  created: number;
  updated: number;
  unchanged: number;
  removed: number;
  changes: PriceChange[];
}

export const byItem = (a: PriceChange, b: PriceChange) => (a.item < b.item ? -1 : a.item > b.item ? 1 : 0);

export type RawPrice = { id: number; price_level: string | null; account_id: number | null; item: string; price_cents: number; export_id: string; imported_at: number };
export type RawOverride = { id: number; price_level: string | null; account_id: number | null; item: string; kind: 'price' | 'discount'; price_cents: number | null; discount_percent: number | null; created_by: string; created_at: number };

const scopeOf = (r: { price_level: string | null; account_id: number | null }): PriceScope =>
  r.account_id !== null ? { accountId: r.account_id } : { priceLevel: r.price_level! };
export const toPrice = (r: RawPrice): ImportedPriceRow => ({ id: r.id, scope: scopeOf(r), item: r.item, priceCents: r.price_cents, exportId: r.export_id, importedAt: r.imported_at });
export const toOverride = (r: RawOverride): OverrideRow => ({
  id: r.id, scope: scopeOf(r), item: r.item, kind: r.kind, value: r.kind === 'price' ? r.price_cents! : r.discount_percent!, createdBy: r.created_by, createdAt: r.created_at,
});
export const scopeParams = (s: PriceScope) => ('accountId' in s ? { level: null, account: s.accountId } : { level: s.priceLevel, account: null });

/** An override's value checked: a discount is a percent in (0, 100], a price whole cents. */
export function checkOverride(o: NewOverride): void {
  if (o.kind === 'discount' && !(o.value > 0 && o.value <= 100)) throw new RangeError(`a discount is a percent above 0 and up to 100, not ${o.value}`);
  if (o.kind === 'price' && !(Number.isInteger(o.value) && o.value >= 0)) throw new RangeError(`a price is whole cents, not ${o.value}`);
}

/** The imported price with the override applied: an override price replaces it, a discount takes its percent off (to the cent). */
export function effectiveOf(p: RawPrice | undefined, o: RawOverride | undefined): EffectivePrice {
  const imported = p ? toPrice(p) : null;
  const override = o ? toOverride(o) : null;
  let priceCents = imported?.priceCents ?? null;
  if (override?.kind === 'price') priceCents = override.value;
  else if (override?.kind === 'discount' && priceCents !== null) priceCents = Math.round((priceCents * (100 - override.value)) / 100);
  return { priceCents, imported, override };
}

/** The items of an export, each once (an export naming one twice for a scope is refused). */
export function checkOnce(rows: readonly { item: string }[]): void {
  const seen = new Set<string>();
  for (const r of rows) {
    if (seen.has(r.item)) throw new UniqueViolation(`the export names the item ${r.item} twice for one scope`);
    seen.add(r.item);
  }
}

export function createPricesRepo(db: Db) {
  // Only the imported table is named here: a full export cannot reach an override.
  // One statement per scope, so each deletes through its own partial index (an OR with a null side scans).
  const clearLevel = db.prepare(`DELETE FROM prices WHERE price_level = @level`);
  const clearAccount = db.prepare(`DELETE FROM prices WHERE account_id = @account`);
  const updateImported = db.prepare(`UPDATE prices SET price_cents = @priceCents, export_id = @exportId, imported_at = @now WHERE id = @id`);
  const deleteImported = db.prepare(`DELETE FROM prices WHERE id = ?`);
  const insertImported = db.prepare(`INSERT INTO prices (price_level, account_id, item, price_cents, export_id, imported_at) VALUES (@level, @account, @item, @priceCents, @exportId, @now)`);
  const importedOfLevel = db.prepare(`SELECT * FROM prices WHERE price_level = @level ORDER BY item`);
  const importedOfAccount = db.prepare(`SELECT * FROM prices WHERE account_id = @account ORDER BY item`);
  // What an export compares with, in no order (an ORDER BY made each scope's read about six times slower).
  const currentOfLevel = db.prepare(`SELECT id, item, price_cents FROM prices WHERE price_level = @level`);
  const currentOfAccount = db.prepare(`SELECT id, item, price_cents FROM prices WHERE account_id = @account`);
  const insertOverride = db.prepare(`INSERT INTO price_overrides (price_level, account_id, item, kind, price_cents, discount_percent, created_by, created_at)
    VALUES (@level, @account, @item, @kind, @priceCents, @discount, @createdBy, @now)`);
  const overridesOf = db.prepare(`SELECT * FROM price_overrides WHERE (price_level = @level OR account_id = @account) ORDER BY item, id`);
  const deleteOverride = db.prepare(`DELETE FROM price_overrides WHERE id = ?`);
  const levels = db.prepare(`SELECT DISTINCT price_level FROM prices WHERE price_level IS NOT NULL ORDER BY price_level`).pluck();
  const accountsWithPrices = db.prepare(`SELECT DISTINCT account_id FROM prices WHERE account_id IS NOT NULL ORDER BY account_id`).pluck();
  const levelOf = db.prepare(`SELECT price_level FROM accounts WHERE id = ?`).pluck();
  // One row per item (its lowest price-level price): what a shop can sell, at about what it costs.
  const catalogue = db.prepare(`SELECT item, MIN(price_cents) AS priceCents FROM prices WHERE price_level IS NOT NULL GROUP BY item ORDER BY item LIMIT ?`);
  // The account's own row first, then its level's (ORDER BY account_id IS NULL).
  const importedFor = db.prepare(`SELECT * FROM prices WHERE item = @item AND (account_id = @account OR price_level = @level) ORDER BY account_id IS NULL LIMIT 1`);
  const overrideFor = db.prepare(`SELECT * FROM price_overrides WHERE item = @item AND (account_id = @account OR price_level = @level) ORDER BY account_id IS NULL LIMIT 1`);

  return {
    /**
     * A full price export of one scope: the imported prices of that scope are replaced by these rows, in one
     * transaction; an empty export empties them. Overrides are never touched. Answers how many went and came.
     */
    replaceImportedPrices(scope: PriceScope, rows: readonly { item: string; priceCents: number }[], exportId: string, now: number): { deleted: number; inserted: number } {
      const s = scopeParams(scope);
      return db.transaction(() => {
        const deleted = (s.account === null ? clearLevel.run({ level: s.level }) : clearAccount.run({ account: s.account })).changes;
        for (const r of rows) insertImported.run({ ...s, item: r.item, priceCents: r.priceCents, exportId, now });
        return { deleted, inserted: rows.length };
      })();
    },
    /** Every scope that holds imported prices (a full export empties the ones it no longer lists). */
    importedScopes: (): PriceScope[] => [
      ...(levels.all() as string[]).map((priceLevel) => ({ priceLevel })),
      ...(accountsWithPrices.all() as number[]).map((accountId) => ({ accountId })),
    ],
    /**
     * The same end as replaceImportedPrices (the scope holds exactly these rows afterwards, in one transaction), but
     * only what differs is written: a daily export that changes a few prices writes a few rows, so the transaction
     * stays short however large the scope. Unchanged rows keep the export id that last set them.
     */
    applyImportedPrices(scope: PriceScope, rows: readonly { item: string; priceCents: number }[], exportId: string, now: number): ImportedPricesApplied {
      const s = scopeParams(scope);
      return db.transaction(() => {
        const current = new Map(((s.account === null ? currentOfLevel.all({ level: s.level }) : currentOfAccount.all({ account: s.account })) as Pick<RawPrice, 'id' | 'item' | 'price_cents'>[]).map((r) => [r.item, r]));
        const out: ImportedPricesApplied = { created: 0, updated: 0, unchanged: 0, removed: 0, changes: [] };
        const existed = current.size > 0;
        const seen = new Set<string>();
        for (const r of rows) {
          if (seen.has(r.item)) throw new UniqueViolation(`the export names the item ${r.item} twice for one scope`);
          seen.add(r.item);
          const was = current.get(r.item);
          if (!was) {
            insertImported.run({ ...s, item: r.item, priceCents: r.priceCents, exportId, now });
            out.created++;
            if (existed) out.changes.push({ item: r.item, fromCents: null, toCents: r.priceCents });
          } else if (was.price_cents !== r.priceCents) {
            updateImported.run({ id: was.id, priceCents: r.priceCents, exportId, now });
            out.updated++;
            out.changes.push({ item: r.item, fromCents: was.price_cents, toCents: r.priceCents });
          } else out.unchanged++;
        }
        for (const [item, was] of current)
          if (!seen.has(item)) {
            deleteImported.run(was.id);
            out.removed++;
            out.changes.push({ item, fromCents: was.price_cents, toCents: null });
          }
        out.changes.sort(byItem);
        return out;
      })();
    },
    importedPrices(scope: PriceScope): ImportedPriceRow[] {
      const s = scopeParams(scope);
      return ((s.account === null ? importedOfLevel.all({ level: s.level }) : importedOfAccount.all({ account: s.account })) as RawPrice[]).map(toPrice);
    },
    /** A manual price or discount; one per scope and item (a second is a UniqueViolation: delete the first). */
    addOverride(o: NewOverride, now: number): number {
      checkOverride(o);
      return Number(insertOverride.run({
        ...scopeParams(o.scope), item: o.item, kind: o.kind, priceCents: o.kind === 'price' ? o.value : null,
        discount: o.kind === 'discount' ? o.value : null, createdBy: o.createdBy, now,
      }).lastInsertRowid);
    },
    overrides: (scope: PriceScope): OverrideRow[] => (overridesOf.all(scopeParams(scope)) as RawOverride[]).map(toOverride),
    deleteOverride: (id: number): boolean => deleteOverride.run(id).changes === 1,
    /** Items with a price-level price, in item order (the storefront simulator sells these). */
    catalogue: (limit: number): { item: string; priceCents: number }[] => catalogue.all(limit) as { item: string; priceCents: number }[],
    /**
     * What the account pays for the item: the imported price (the account's own, else its price level's) with the
     * override (likewise) applied: an override price replaces it, a discount takes its percent off (rounded to the cent).
     */
    effectivePrice(accountId: number, item: string): EffectivePrice {
      const level = (levelOf.get(accountId) as string | null | undefined) ?? null;
      const params = { item, account: accountId, level };
      const p = importedFor.get(params) as RawPrice | undefined;
      const o = overrideFor.get(params) as RawOverride | undefined;
      return effectiveOf(p, o);
    },
  };
}

/** The repository as the store port gives it (every method answers a promise). */
export type PricesRepo = AsyncRepo<ReturnType<typeof createPricesRepo>>;
