// "Refresh lookups" reads Confirm afresh and what it reads replaces the cached entry: the next ordinary read (the one
// save validation makes) returns it, not the entry from before the refresh.
import { afterEach, describe, expect, it } from 'vitest';
import type { MappingRow } from '../../../src-preload/contract';
import { createLookupsCache } from '../../../src-main/connectors/confirm/lookups-cache';
import { clientFor, startConfirmSandbox } from './confirm-harness';
import { startConfirmCore, type ConfirmCore } from './confirm-core';
import type { ConfirmSandbox } from '../../../src-main/connectors/confirm/sandbox';

let sandbox: ConfirmSandbox | null = null;
let h: ConfirmCore | null = null;
afterEach(async () => {
  await sandbox?.stop();
  await h?.close();
  sandbox = null;
  h = null;
});

const NEW_STATUS = { code: '0450', name: 'Awaiting parts', outstanding: true, inactive: false };

describe('Refresh lookups', () => {
  it('a fresh read replaces the cached entry: the next ordinary read returns it without asking Confirm', async () => {
    sandbox = await startConfirmSandbox();
    const c = clientFor(sandbox, { cacheLookupsSeconds: 600 });
    expect((await c.getEnquiryLookups()).statuses.map((s) => s.code)).not.toContain('0450');
    sandbox.lookups.statuses.push(NEW_STATUS);
    expect((await c.getEnquiryLookups()).statuses.map((s) => s.code)).not.toContain('0450');
    expect((await c.getEnquiryLookups({ fresh: true })).statuses.map((s) => s.code)).toContain('0450');
    expect((await c.getEnquiryLookups()).statuses.map((s) => s.code)).toContain('0450');
    expect(sandbox.operationCount('GetEnquiryLookups')).toBe(2);
    // Customer lookups the same way.
    await c.getCustomerLookups();
    sandbox.lookups.customerTypes.push({ code: 'NEW', name: 'New type' });
    await c.getCustomerLookups({ fresh: true });
    expect((await c.getCustomerLookups()).customerTypes.map((t) => t.code)).toContain('NEW');
    expect(sandbox.operationCount('GetCustomerLookups')).toBe(2);
  });

  it('a fresh read does not join a load already under way, and an older load ending later does not undo it', async () => {
    const cache = createLookupsCache();
    let finishOld: (v: string) => void = () => undefined;
    const old = cache.get('k', 600, () => new Promise<string>((resolve) => (finishOld = resolve)));
    const fresh = cache.get('k', 600, async () => 'fresh', { fresh: true });
    // Joining the old load would leave the fresh read waiting for it.
    expect(await Promise.race([fresh, new Promise((resolve) => setTimeout(() => resolve('still waiting'), 200))])).toBe('fresh');
    finishOld('old');
    expect(await old).toBe('old');
    expect(await cache.get('k', 600, async () => 'loaded again')).toBe('fresh');
    // With caching off a fresh read stores nothing either.
    await cache.get('off', 0, async () => 'a', { fresh: true });
    expect(await cache.get('off', 0, async () => 'b')).toBe('b');
  });

  it('a status code added in Confirm is accepted by template save validation after Refresh lookups', async () => {
    h = await startConfirmCore();
    const ref = await h.call('references:save', { name: 'Enquiry Number' });
    const template = (status: string) => ({
      name: `Set status ${status}`,
      type: 'update_enquiry',
      referenceId: ref.id,
      rows: [{ direction: 'out', target: { kind: 'field', name: 'EnquiryStatusCode' }, source: { kind: 'static', value: status } }] as MappingRow[],
    });
    await h.call('templates:save', template('0100'));
    h.sandbox.lookups.statuses.push(NEW_STATUS);
    // Within the cache window the new code is not known yet.
    await expect(h.call('templates:save', template('0450'))).rejects.toThrow('The template cannot be saved: Row 1 source: 0450 is not an enquiry status code in Confirm: pick one from the list.');
    const refreshed = await h.call('confirm:lookups', { fresh: true });
    expect(refreshed.fromCache).toBe(false);
    expect(refreshed.statuses.map((s) => s.code)).toContain('0450');
    const saved = await h.call('templates:save', template('0450'));
    expect(saved.name).toBe('Set status 0450');
    // The refresh answered from Confirm once; the save after it used the refreshed entry.
    const cached = await h.call('confirm:lookups', { fresh: false });
    expect(cached.fromCache).toBe(true);
    expect(cached.statuses.map((s) => s.code)).toContain('0450');
  });
});
