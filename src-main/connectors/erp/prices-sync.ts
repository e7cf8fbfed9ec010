// The "Prices from the ERP" task: the full price export (the sales price inquiry with no filter) replaces the
// imported prices of each scope it lists (a price class = a price level, or one customer = one account), and empties
// every scope that held imported prices before but is listed with none. Manual overrides are another table, which
// this task has no way to write: an export, even an empty one, cannot reach them. Each scope is replaced in one
// transaction of its own (a reader sees the old prices or the new, never half), and the task yields between scopes,
// so the contract's calls are answered while an export runs.
import type { TaskSpec } from '../connector';
import type { PriceScope } from '../../store/prices-repo';
import { createErpClient } from './client';
import { erpSettingsOf } from './settings';
import { PRICES_TASK_ID } from './ids';

const CLASS = 'Customer Price Class';
const CUSTOMER = 'Customer';

type ScopeKey = string;
const keyOf = (s: PriceScope): ScopeKey => ('priceLevel' in s ? `level:${s.priceLevel}` : `account:${s.accountId}`);

const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

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
      const scopes: { scope: PriceScope; label: string; entityType: string; rows: Map<string, number> }[] = [];
      for (const [level, rows] of levels) scopes.push({ scope: { priceLevel: level }, label: `price level ${level}`, entityType: 'price-level', rows });
      for (const [customerId, rows] of customers) {
        const account = await ctx.repos.accounts.byAccountNumber(customerId);
        if (!account) {
          await ctx.item('customer-prices', customerId, 'skipped', `${plural(rows.size, 'price')} for ERP customer ${customerId} not imported: no account with this number here (run Accounts from the ERP first)`);
          continue;
        }
        scopes.push({ scope: { accountId: account.id }, label: `account ${customerId}`, entityType: 'account-prices', rows });
      }
      const listed = new Set(scopes.map((x) => keyOf(x.scope)));
      for (const scope of await ctx.repos.prices.importedScopes()) {
        if (listed.has(keyOf(scope))) continue;
        const label = 'priceLevel' in scope ? `price level ${scope.priceLevel}` : `account ${(await ctx.repos.accounts.get(scope.accountId))?.accountNumber ?? scope.accountId}`;
        scopes.push({ scope, label, entityType: 'priceLevel' in scope ? 'price-level' : 'account-prices', rows: new Map() });
      }

      let done = 0;
      for (const x of scopes) {
        const entityId = 'priceLevel' in x.scope ? x.scope.priceLevel : String(x.scope.accountId);
        // One transaction per scope, writing only what differs from what is stored.
        const d = await ctx.repos.prices.applyImportedPrices(x.scope, [...x.rows].map(([item, priceCents]) => ({ item, priceCents })), exportId, ctx.now());
        const counts = `${d.created} new, ${d.updated} changed, ${d.unchanged} unchanged, ${d.removed} removed`;
        if (d.created === 0 && d.updated === 0 && d.removed === 0) await ctx.item(x.entityType, entityId, 'unchanged', `${x.label}: ${plural(x.rows.size, 'price')} as before`);
        else {
          const emptied = x.rows.size === 0 ? ' (the export lists no price for it: emptied; its manual overrides are kept)' : '';
          await ctx.item(x.entityType, entityId, d.unchanged + d.updated + d.removed === 0 ? 'created' : 'updated', `${x.label}: ${counts}${emptied}`);
        }
        done++;
        await ctx.progress(done, scopes.length, `replacing imported prices (${x.label})`);
        await ctx.yieldNow();
      }
      const c = ctx.counts;
      return {
        message:
          `Read the full ERP price export (${plural(read, 'price')}${ignored ? `, ${ignored} quantity-break or other prices left out` : ''}) into ${plural(scopes.length, 'scope')}: ` +
          `${c.created} new, ${c.updated} replaced, ${c.unchanged} unchanged, ${c.skipped} skipped. Manual overrides untouched.`,
      };
    },
  };
}
