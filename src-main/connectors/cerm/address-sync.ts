// "Sync addresses from CERM": addresses of customers linked to a CERM customer, brought in and kept current.
// Incremental: CERM's change feed is read from a keyset cursor (LastModified, Id) that commits with each page.
import type { TaskContext } from '../connector';
import type { Repositories } from '../../store/repositories';
import type { AddressFields, AddressRow } from '../../store/addresses-repo';
import { hashRecord } from '../../store/sync-state-repo';
import { createCermClient, isLastPage, type CermClient, type FeedCursor } from './client';
import type { CermAddressRecord } from './parse';
import { cermSettingsOf } from './settings';
import { CERM_ID } from './ids';

export const ADDRESS_TASK_ID = 'sync-addresses';
/** remote_records entity: "this CERM customer's addresses were all read while it was linked to local customer N". */
const BASELINE = 'address-owner';

type Action = 'created' | 'updated' | 'unchanged';
interface Applied {
  action: Action;
  message?: string;
}

const FIELDS: (keyof AddressFields)[] = ['kind', 'name', 'street', 'number', 'postalCode', 'city', 'country', 'email', 'phone'];

function sameAddress(row: AddressRow, customerId: number, f: AddressFields): boolean {
  return row.customerId === customerId && FIELDS.every((k) => row[k] === f[k]);
}

/** Applies one CERM address to the store (in the caller's transaction); null when it concerns nothing here. */
async function applyAddress(repos: Repositories, a: CermAddressRecord, customerId: number | undefined, now: number): Promise<Applied | null> {
  const existing = await repos.addresses.getExternal(CERM_ID, a.id);
  if (!a.active || customerId === undefined) {
    if (!existing || !await repos.addresses.removeExternal(CERM_ID, a.id)) return null;
    return { action: 'updated', message: a.active ? `removed: it now belongs to CERM customer ${a.cermCustomerId}, not linked here` : 'removed: no longer active in CERM' };
  }
  if (existing && sameAddress(existing, customerId, a.fields)) return { action: 'unchanged' };
  await repos.addresses.upsertExternal(CERM_ID, a.id, customerId, a.fields, now);
  return existing ? { action: 'updated', message: `customer ${customerId}` } : { action: 'created', message: `customer ${customerId}` };
}

function readCursor(text: string | null): FeedCursor | null {
  if (!text) return null;
  const c = JSON.parse(text) as Partial<FeedCursor>;
  return typeof c.since === 'string' && typeof c.afterId === 'string' ? { since: c.since, afterId: c.afterId } : null;
}

/**
 * The feed's keyset is only as safe as CERM's change stamps: a change stamped in the same second as the last one seen
 * but with a lower id, or committed late with an earlier stamp, would sort before the cursor. Starting each run a little
 * earlier catches those; what was already applied comes back as unchanged.
 */
export function rewind(cursor: FeedCursor, seconds: number): FeedCursor {
  const ms = Date.parse(cursor.since);
  if (seconds <= 0 || !Number.isFinite(ms)) return cursor;
  return { since: new Date(ms - seconds * 1000).toISOString(), afterId: '' };
}

async function record(ctx: TaskContext, applied: { id: string; result: Applied | null }[]): Promise<void> {
  for (const { id, result } of applied) if (result) await ctx.item('address', id, result.action, result.message);
}

/**
 * Customers linked since they were last read (new links, or a CERM id moved to another local customer) get all their
 * addresses read once; after that the change feed keeps them current.
 */
async function readNewLinks(ctx: TaskContext, client: CermClient, links: Map<string, number>): Promise<number> {
  const { repos } = ctx;
  const fresh: [string, number][] = [];
  for (const [cermId, localId] of links) if ((await repos.syncState.hashOf(CERM_ID, BASELINE, cermId)) !== hashRecord(localId)) fresh.push([cermId, localId]);
  let done = 0;
  for (const [cermId, localId] of fresh) {
    const list = await client.addressesOfCustomer(cermId);
    const now = ctx.now();
    const applied = await repos.transaction(async () => {
      const out: { id: string; result: Applied | null }[] = [];
      for (const a of list) if (a.cermCustomerId === cermId) out.push({ id: a.id, result: await applyAddress(repos, a, localId, now) });
      const kept = new Set(list.filter((a) => a.active).map((a) => a.id));
      for (const row of await repos.addresses.ofCustomer(localId)) {
        if (row.origin !== CERM_ID || !row.externalId || kept.has(row.externalId)) continue;
        await repos.addresses.removeExternal(CERM_ID, row.externalId);
        out.push({ id: row.externalId, result: { action: 'updated', message: `removed: CERM customer ${cermId} no longer has it` } });
      }
      await repos.syncState.observe(CERM_ID, BASELINE, cermId, localId, ctx.runId, now);
      return out;
    });
    ctx.counts.fetched += list.length;
    await record(ctx, applied);
    await ctx.progress(++done, fresh.length, 'newly linked customers');
    if (done % 20 === 0) await ctx.yieldNow();
  }
  return fresh.length;
}

/** Pages through the change feed from the cursor; each page and the cursor after it commit together. */
async function followFeed(ctx: TaskContext, client: CermClient, links: Map<string, number>, start: FeedCursor | null, pageSize: number): Promise<number> {
  const { repos } = ctx;
  let cursor = start;
  let read = 0;
  for (let page = 1; ; page++) {
    const { records, total } = await client.addressesChanged(cursor, pageSize);
    const last = records[records.length - 1];
    const now = ctx.now();
    const applied = await repos.transaction(async () => {
      const out: { id: string; result: Applied | null }[] = [];
      for (const a of records) out.push({ id: a.id, result: await applyAddress(repos, a, links.get(a.cermCustomerId), now) });
      if (last) await repos.syncState.setCursor(CERM_ID, ADDRESS_TASK_ID, JSON.stringify({ since: last.modified, afterId: last.id }), now);
      return out;
    });
    if (last) cursor = { since: last.modified, afterId: last.id };
    read += records.length;
    ctx.counts.fetched += records.length;
    await record(ctx, applied);
    await ctx.progress(read, total === null ? null : read - records.length + total, `changes page ${page}`);
    await ctx.yieldNow();
    // The feed's TotalCount counts what is left from the cursor sent, this page included.
    if (isLastPage(records.length, pageSize, records.length, total)) return read;
  }
}

export async function syncAddresses(ctx: TaskContext): Promise<{ message: string }> {
  const s = cermSettingsOf(ctx.settings);
  if (!s.syncAddresses) return { message: 'Sync addresses from CERM is switched off: nothing was fetched.' };
  const links = await ctx.repos.customers.cermLinks();
  if (links.size === 0) return { message: 'No customer is linked to a CERM customer yet: there are no addresses to sync.' };
  const client = createCermClient(s, ctx.signal);
  const cursor = readCursor(await ctx.repos.syncState.cursor(CERM_ID, ADDRESS_TASK_ID));
  // With no cursor the feed is read from the start, which covers every customer linked now; otherwise new links
  // are read one by one, since their unchanged addresses will never come through the feed.
  const newlyLinked = cursor ? await readNewLinks(ctx, client, links) : 0;
  const read = await followFeed(ctx, client, links, cursor && rewind(cursor, s.feedOverlapSeconds), s.pageSize);
  if (!cursor) {
    const now = ctx.now();
    await ctx.repos.transaction(async () => {
      for (const [cermId, localId] of links) await ctx.repos.syncState.observe(CERM_ID, BASELINE, cermId, localId, ctx.runId, now);
    });
  }
  const c = ctx.counts;
  return {
    message:
      `${read} changed CERM address${read === 1 ? '' : 'es'} read${cursor ? '' : ' (first run: the whole feed)'}` +
      `${newlyLinked ? `, ${newlyLinked} newly linked customer${newlyLinked === 1 ? '' : 's'} read in full` : ''}; ` +
      `for the ${links.size} linked customers: ${c.created} added, ${c.updated} changed or removed, ${c.unchanged} unchanged.`,
  };
}
