// The "Prices from the ERP" task: the full price export (the sales price inquiry with no filter) replaces the
// imported prices of each scope it lists (a price class = a price level, or one customer = one account), and empties
// every scope that held imported prices before but is listed with none. Manual overrides are another table, which
// this task has no way to write: an export, even an empty one, cannot reach them. Each scope is replaced whole inside
// one transaction (a reader sees the old prices or the new, never half), only its differences written; small scopes
// share a transaction up to a thousand rows, and the task yields between transactions, so the contract's calls
// are answered while an export runs.
import type { TaskSpec } from '../connector';
import type { ImportedPricesApplied, PriceChange, PriceScope } from '../../store/prices-repo';
import type { FieldChange } from '../../../src-preload/contract';
import { createErpClient } from './client';
import { erpSettingsOf } from './settings';
import { PRICES_TASK_ID } from './ids';
import { grouped, plural } from '../../engine/count-words';

const CLASS = 'Customer Price Class';
const CUSTOMER = 'Customer';
/** Rows written per transaction at most, unless one scope alone is larger (it stays whole). */
const CHUNK_ROWS = 1_000;

type ScopeKey = string;
const keyOf = (s: PriceScope): ScopeKey => ('priceLevel' in s ? `level:${s.priceLevel}` : `account:${s.accountId}`);

const money = (cents: number | null) => (cents === null ? null : (cents / 100).toFixed(2));
/** A scope's changed prices as field changes: one field per item. */
const fieldChanges = (changes: PriceChange[]): FieldChange[] => changes.map((c) => ({ field: `price of ${c.item}`, from: money(c.fromCents), to: money(c.toCents) }));

export function createPricesTask(): TaskSpec {
  return {
    id: PRICES_TASK_ID,
    name: 'Prices from the ERP',
    description:
      'Reads the full ERP price export and replaces the imported prices of each price level and customer with it; a level the export lists no price for is emptied. Manual overrides entered on the platform are never changed or deleted.',
    defaultIntervalMinutes: 24 * 60,
    async run(ctx) {
      const s = erpSettingsOf(ctx.settings);
      const client = createErpClient(s, { signal: ctx.signal });
      // The export in memory as compact per-scope maps (item → cents): a scope's prices come spread over many pages.
      const levels = new Map<string, Map<string, number>>();
      const customers = new Map<string, Map<string, number>>();
      let read = 0;
      let ignored = 0;
      try {
        for await (const page of client.prices()) {
          read += page.length;
          ctx.counts.fetched += page.length;
          for (const p of page) {
            // Quantity breaks and other price types have no place in the platform's price table.
            if (p.breakQty > 0 || !p.priceCode || (p.priceType !== CLASS && p.priceType !== CUSTOMER)) {
              ignored++;
              continue;
            }
            const into = p.priceType === CLASS ? levels : customers;
            let m = into.get(p.priceCode);
            if (!m) into.set(p.priceCode, (m = new Map()));
            m.set(p.inventoryId, Math.round(p.price * 100));
          }
          await ctx.progress(read, null, `reading prices (${plural(read, 'price')})`);
          await ctx.yieldNow();
        }
      } finally {
        await client.close();
      }

      const exportId = `erp-run-${ctx.runId}`;
      type Work = { scope: PriceScope | { customerId: string }; label: string; entityType: string; rows: Map<string, number> };
      const work: Work[] = [];
      for (const [level, rows] of levels) work.push({ scope: { priceLevel: level }, label: `price level ${level}`, entityType: 'price-level', rows });
      for (const [customerId, rows] of customers) work.push({ scope: { customerId }, label: `account ${customerId}`, entityType: 'account-prices', rows });
      const touched = new Set<ScopeKey>();
      let done = 0;

      // Small scopes (a customer's few prices) share a transaction, up to CHUNK_ROWS rows: a million prices are about a
      // thousand commits, not one a customer, and each is short. A scope is whole inside its chunk: a reader never sees it half done.
      async function applyChunk(chunk: Work[]): Promise<void> {
        // The chunk's run items go in its own commit (the run's item buffer writes through the open transaction).
        await ctx.repos.transaction(async (tx) => {
          const out: { x: Work; scope: PriceScope | null; d: Awaited<ReturnType<typeof tx.prices.applyImportedPrices>> | null }[] = [];
          const ids = await tx.accounts.idsByAccountNumber(chunk.flatMap((x) => ('customerId' in x.scope ? [x.scope.customerId] : [])));
          for (const x of chunk) {
            let scope: PriceScope;
            if ('customerId' in x.scope) {
              const id = ids.get(x.scope.customerId);
              if (id === undefined) {
                out.push({ x, scope: null, d: null });
                continue;
              }
              scope = { accountId: id };
            } else scope = x.scope;
            out.push({ x, scope, d: await tx.prices.applyImportedPrices(scope, [...x.rows].map(([item, priceCents]) => ({ item, priceCents })), exportId, ctx.now()) });
          }
          await logChunk(out);
        });
        await ctx.progress(done, null, `replacing imported prices (${plural(done, 'scope')})`);
        await ctx.yieldNow();
      }

      async function logChunk(results: { x: Work; scope: PriceScope | null; d: ImportedPricesApplied | null }[]): Promise<void> {
        for (const { x, scope, d } of results) {
          done++;
          if (!scope || !d) {
            const id = (x.scope as { customerId: string }).customerId;
            await ctx.item('customer-prices', id, 'skipped', `${plural(x.rows.size, 'price')} for ERP customer ${id} not imported: no account with this number here (run Accounts from the ERP first)`);
            continue;
          }
          touched.add(keyOf(scope));
          const entityId = 'priceLevel' in scope ? scope.priceLevel : String(scope.accountId);
          const counts = `${grouped(d.created)} new, ${grouped(d.updated)} changed, ${grouped(d.unchanged)} unchanged, ${grouped(d.removed)} removed`;
          if (d.created === 0 && d.updated === 0 && d.removed === 0) await ctx.item(x.entityType, entityId, 'unchanged', `${x.label}: ${plural(x.rows.size, 'price')} as before`);
          else {
            const emptied = x.rows.size === 0 ? ' (the export lists no price for it: emptied; its manual overrides are kept)' : '';
            const created = d.unchanged + d.updated + d.removed === 0;
            await ctx.item(x.entityType, entityId, created ? 'created' : 'updated', `${x.label}: ${counts}${emptied}`, created ? undefined : fieldChanges(d.changes));
          }
        }
      }

      async function applyAll(list: Work[]): Promise<void> {
        let chunk: Work[] = [];
        let size = 0;
        for (const x of list) {
          if (chunk.length && size + x.rows.size > CHUNK_ROWS) {
            await applyChunk(chunk);
            chunk = [];
            size = 0;
          }
          chunk.push(x);
          size += x.rows.size;
        }
        if (chunk.length) await applyChunk(chunk);
      }

      await applyAll(work);
      // Every scope that still holds imported prices the export did not list: emptied.
      const emptied: Work[] = [];
      for (const scope of await ctx.repos.prices.importedScopes()) {
        if (touched.has(keyOf(scope))) continue;
        const label = 'priceLevel' in scope ? `price level ${scope.priceLevel}` : `account ${(await ctx.repos.accounts.get(scope.accountId))?.accountNumber ?? scope.accountId}`;
        emptied.push({ scope, label, entityType: 'priceLevel' in scope ? 'price-level' : 'account-prices', rows: new Map() });
      }
      await applyAll(emptied);
      const scopes = touched;
      const c = ctx.counts;
      return {
        message:
          `Read the full ERP price export (${plural(read, 'price')}${ignored ? `, ${grouped(ignored)} quantity-break or other prices left out` : ''}) into ${plural(scopes.size, 'scope')}: ` +
          `${grouped(c.created)} new, ${grouped(c.updated)} replaced, ${grouped(c.unchanged)} unchanged, ${grouped(c.skipped)} skipped. Manual overrides untouched.`,
      };
    },
  };
}
