import type { z } from 'zod';
import type { PriceLineView, PricePage } from '../../src-preload/contract/account-models';
import type { OverrideInput } from '../../src-preload/contract/account-channels';
import type { Repositories } from '../store/repositories';
import type { ImportedPriceRow, OverrideRow } from '../store/prices-repo';
import type { IntegrationLog } from '../engine/integration-log';
import { AppErrorException } from '../errors/app-error';
import { NotFound, UniqueViolation } from '../store/store-errors';

export interface PriceServiceDeps {
  repos: Repositories;
  log: IntegrationLog;
  now: () => number;
}

const scopeName = (s: { accountId: number } | { priceLevel: string }) => ('accountId' in s ? 'account' : 'price_level') as 'account' | 'price_level';

/** The account's own row before its price level's. */
function pick<T extends { scope: { accountId: number } | { priceLevel: string } }>(rows: T[] | undefined): T | null {
  if (!rows?.length) return null;
  return rows.find((r) => 'accountId' in r.scope) ?? rows[0]!;
}

function lineOf(item: string, imported: ImportedPriceRow | null, override: OverrideRow | null): PriceLineView {
  let priceCents = imported?.priceCents ?? null;
  if (override?.kind === 'price') priceCents = override.value;
  else if (override?.kind === 'discount' && priceCents !== null) priceCents = Math.round((priceCents * (100 - override.value)) / 100);
  return {
    item,
    imported: imported ? { priceCents: imported.priceCents, scope: scopeName(imported.scope), importedAt: imported.importedAt } : null,
    override: override ? { id: override.id, kind: override.kind, value: override.value, scope: scopeName(override.scope), createdBy: override.createdBy, createdAt: override.createdAt } : null,
    priceCents,
  };
}

/** An account's pricing page: imported ERP prices and manual overrides told apart, by item, a keyset page at a time. */
export function createPriceService(deps: PriceServiceDeps) {
  const { repos, log, now } = deps;

  async function page(input: { accountId: number; q?: string; cursor: string | null; limit: number }): Promise<PricePage> {
    const a = await repos.accounts.get(input.accountId);
    if (!a) throw new AppErrorException('not_found', `There is no account ${input.accountId}.`);
    const scopes = [{ accountId: a.id }, ...(a.priceLevel ? [{ priceLevel: a.priceLevel }] : [])];
    const imported = new Map<string, ImportedPriceRow[]>();
    const overrides = new Map<string, OverrideRow[]>();
    for (const s of scopes) {
      for (const p of await repos.prices.importedPrices(s)) imported.set(p.item, [...(imported.get(p.item) ?? []), p]);
      for (const o of await repos.prices.overrides(s)) overrides.set(o.item, [...(overrides.get(o.item) ?? []), o]);
    }
    const q = input.q?.trim().toLowerCase() ?? '';
    const items = [...new Set([...imported.keys(), ...overrides.keys()])].filter((i) => i.toLowerCase().startsWith(q)).sort();
    const after = input.cursor === null ? items : items.filter((i) => i > input.cursor!);
    const rows = after.slice(0, input.limit).map((i) => lineOf(i, pick(imported.get(i)), pick(overrides.get(i))));
    return {
      rows,
      nextCursor: after.length > input.limit ? rows[rows.length - 1]!.item : null,
      importedCount: items.filter((i) => imported.has(i)).length,
      overrideCount: items.filter((i) => overrides.has(i)).length,
    };
  }

  async function addOverride(input: z.infer<typeof OverrideInput>, by: string): Promise<{ id: number }> {
    if ('accountId' in input.scope && !(await repos.accounts.get(input.scope.accountId))) throw new AppErrorException('not_found', `There is no account ${input.scope.accountId}.`);
    const whom = 'accountId' in input.scope ? `account ${input.scope.accountId}` : `price level ${input.scope.priceLevel}`;
    try {
      const id = await repos.prices.addOverride({ ...input, createdBy: by }, now());
      await log.write({ connectorId: 'platform', action: 'price:override', entityType: 'price_override', entityId: String(id), outcome: 'success', message: `${input.kind} override on ${input.item} for ${whom}: ${input.value}${input.kind === 'discount' ? '%' : ' cents'}` });
      return { id };
    } catch (err) {
      if (err instanceof UniqueViolation)
        throw new AppErrorException('conflict', `${input.item} has an override for ${whom} already: delete that one first.`, [{ path: 'item', message: 'has an override already' }]);
      if (err instanceof NotFound) throw new AppErrorException('not_found', `There is no ${whom}.`);
      throw err;
    }
  }

  async function deleteOverride(id: number): Promise<{ deleted: boolean }> {
    const deleted = await repos.prices.deleteOverride(id);
    if (deleted) await log.write({ connectorId: 'platform', action: 'price:override-delete', entityType: 'price_override', entityId: String(id), outcome: 'success', message: `override ${id} deleted by staff` });
    return { deleted };
  }

  return { page, addOverride, deleteOverride };
}

export type PriceService = ReturnType<typeof createPriceService>;
