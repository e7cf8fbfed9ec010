import { afterEach, describe, expect, it } from 'vitest';
import { startErpCore, type ErpCore } from './erp-core';
import { ERP_ID } from '../../../src-main/connectors/erp';

let h: ErpCore | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('the ERP connection on the platform', () => {
  it('changes accounts "in the ERP" from the sandbox control, and the next sync overwrites them here', async () => {
    h = await startErpCore({ customers: 30 });
    await h.run('accounts');
    const before = (await h.repos.accounts.byAccountNumber('C000004'))!;
    const { changed } = await h.call('erp:sandbox-change-accounts', { count: 1, accountNumbers: ['C000004'] });
    expect(changed).toEqual(['C000004']);
    const erp = h.sandbox.customer('C000004');
    expect(erp.SalespersonID).not.toBe(before.repCode);
    const run = await h.run('accounts');
    expect((await h.repos.accounts.get(before.id))!.repCode).toBe(erp.SalespersonID);
    expect(run.counts.updated).toBeGreaterThanOrEqual(1);
    expect((await h.call('erp:sandbox-change-accounts', { count: 5 })).changed).toHaveLength(5);
    await expect(h.call('erp:sandbox-change-accounts', { count: 1, accountNumbers: ['NOPE-1'] })).rejects.toMatchObject({ code: 'not_found', message: 'The sandbox ERP has no customer NOPE-1.' });
  });

  it('shows the accounts cursor on the channel and on Sync Status, and Reset clears it', async () => {
    h = await startErpCore({ customers: 20 });
    expect(await h.call('erp:accounts-cursor', {})).toEqual({ at: null, savedAt: null });
    const task = h.services.registry.get(ERP_ID)!.tasks.find((t) => t.id === 'accounts')!;
    expect(await task.position!(h.repos)).toMatch(/^No cursor: the next sync reads every ERP account/);
    await h.run('accounts');
    const c = await h.call('erp:accounts-cursor', {});
    expect(c.at).toBe(Math.max(...h.sandbox.customers.map((x) => x.modified)));
    expect(c.savedAt).not.toBeNull();
    expect(await task.position!(h.repos)).toContain(`the next sync reads the changes since ${new Date(c.at!).toISOString().slice(0, 19).replace('T', ' ')} UTC`);
    expect(await h.call('erp:reset-accounts-cursor', {})).toEqual({ at: null, savedAt: null });
  });

  it('brings the accounts policy: editing follows the connection setting, the ERP owns terms, rep code and price level', async () => {
    h = await startErpCore({ customers: 5 });
    const policy = h.parts!.accounts!;
    expect(policy).toMatchObject({ connectorId: ERP_ID, systemName: 'ERP', erpOwnedFields: ['paymentTerms', 'repCode', 'priceLevel'] });
    expect(await policy.editing()).toBe('allowed');
    await h.call('connections:save', { connectorId: ERP_ID, values: { accountEditing: 'restricted' }, secrets: {} });
    expect(await policy.editing()).toBe('restricted');
  });
});
