// "Sync addresses from CERM": addresses of customers linked to a CERM customer, brought in and kept current.
// Incremental: CERM's change feed is read from a keyset cursor (LastModified, Id) that commits with each page.
import { createHash } from 'node:crypto';
import type { TaskContext } from '../connector';
import type { Repositories } from '../../store/repositories';
import { hashRecord } from '../../store/sync-state-repo';
import { createCermClient, isLastPage, type CermClient, type FeedCursor } from './client';
import type { CermAddressRecord } from './parse';
import { cermSettingsOf } from './settings';
import { CERM_ID } from './ids';
import { addressDiffs } from './address-diffs';
import type { FieldChange } from '../../../src-preload/contract';
import { createSliceSizer, inTimedSlices, timedTransaction } from './timed-slices';
import { grouped } from '../../engine/count-words';
import { buildDeferredIndexes, buildLeftoverIndexes } from './build-deferred-indexes';

export const ADDRESS_TASK_ID = 'sync-addresses';
/** remote_records entity: "this CERM customer's addresses were all read while it was linked to local customer N". */
const BASELINE = 'address-owner';
/** Where the links stood when every linked customer had its baseline (kept beside the feed's cursor). */
export const LINKS_KEY = `${ADDRESS_TASK_ID}/links`;
/** The links' mark (externalIds.linksMark) when they were last read in full: while it stands, they need not be read again. */
export const LINKS_MARK_KEY = `${ADDRESS_TASK_ID}/links-mark`;
/**
 * The links a first run read the whole feed for, in one row (JSON pairs of CERM id and local customer): a first run
 * into a store with no baseline writes this instead of 100k baselines. A customer's own baseline, written later when
 * it was read in full, stands before it.
 */
export const LINKS_READ_KEY = `${ADDRESS_TASK_ID}/links-read`;

function linksReadOf(text: string | null): Map<string, number> {
  if (!text) return new Map();
  try {
    const pairs = JSON.parse(text) as unknown;
    return Array.isArray(pairs) ? new Map(pairs.filter((p): p is [string, number] => Array.isArray(p) && typeof p[0] === 'string' && typeof p[1] === 'number')) : new Map();
  } catch {
    // Unreadable: every customer without a baseline of its own is read in full once, as with none.
    return new Map();
  }
}

/**
 * The link set (CERM id to local customer) in a few words: the count and a SHA-256 of its pairs in the order they are
 * read, which is the store's keyset order by CERM id (always the same order for the same set). Hashed a chunk at a
 * time in native code: 100k links cost milliseconds, not a JavaScript loop per character.
 */
class LinksFingerprint {
  private n = 0;
  private readonly hash = createHash('sha256');

  addChunk(chunk: readonly (readonly [string, number])[]): void {
    this.hash.update(chunk.map(([cermId, localId]) => `${cermId}\u0000${localId}\n`).join(''));
    this.n += chunk.length;
  }

  toString(): string {
    return `${this.n}:${this.hash.digest('base64url')}`;
  }
}

/** Links read in one statement: 100k links are 20 short statements with the event loop's turn between them. */
const LINKS_CHUNK = 5_000;

/** The customers linked to CERM (CERM id to local customer) and their fingerprint, read in keyset chunks. */
async function readLinks(ctx: TaskContext): Promise<{ links: Map<string, number>; fingerprint: string }> {
  const links = new Map<string, number>();
  const f = new LinksFingerprint();
  for (let after = ''; ;) {
    const chunk = await ctx.repos.customers.cermLinksAfter(after, LINKS_CHUNK);
    for (const [cermId, localId] of chunk) links.set(cermId, localId);
    f.addChunk(chunk);
    if (chunk.length < LINKS_CHUNK) break;
    after = chunk[chunk.length - 1]![0];
    await ctx.yieldNow();
  }
  return { links, fingerprint: f.toString() };
}

/**
 * Linked customers whose baseline one commit records after a first run, at most (fewer when it takes long): a
 * baseline row costs about a microsecond and a half, so a commit's fsync, not the rows, is what more chunks cost.
 */
const BASELINE_CHUNK = 5_000;
/** Changed addresses stored together (whole pages, at least one), in commits of at most this many, fewer when they take long. */
const GROUP_ROWS = 2_000;
const ADDRESS_INDEX = { stored: 'the addresses', indexes: 'the index of addresses by customer' };

type Action = 'created' | 'updated' | 'unchanged';
/**
 * On a first run into a table that held no CERM address, the addresses this run created: only those can be stored
 * already, so only they are read for a diff (a first run's 133k reads that find nothing are skipped).
 */
type StoredHere = Set<string>;
interface Applied {
  action: Action;
  message?: string;
  changes?: FieldChange[];
}

/**
 * Applies a page of CERM addresses to the store in the caller's transaction (judged against the store in one
 * statement); a null result where an address concerns nothing here. `owner` says which local customer each belongs to.
 */
async function applyAddresses(repos: Repositories, list: CermAddressRecord[], owner: (a: CermAddressRecord) => number | undefined, now: number, stored?: StoredHere): Promise<{ id: string; result: Applied | null }[]> {
  const owners = list.map((a) => (a.active ? owner(a) ?? null : null));
  const page = list.map((a, i) => ({ externalId: a.id, customerId: owners[i]!, fields: a.fields }));
  const diffs = await addressDiffs(repos, stored ? page.filter((a) => stored.has(a.externalId)) : page);
  const changes = await repos.addresses.applyExternalPage(CERM_ID, page, now);
  if (stored) changes.forEach((change, i) => change === 'created' && stored.add(page[i]!.externalId));
  return changes.map((change, i) => {
    const a = list[i]!;
    if (change === null) return { id: a.id, result: null };
    if (change === 'removed') return { id: a.id, result: { action: 'updated', message: a.active ? `removed: it now belongs to CERM customer ${a.cermCustomerId}, not linked here` : 'removed: no longer active in CERM' } };
    return { id: a.id, result: change === 'unchanged' ? { action: change } : { action: change, message: `customer ${owners[i]}`, changes: diffs.get(a.id) } };
  });
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
  for (const { id, result } of applied) if (result) await ctx.item('address', id, result.action, result.message, result.changes);
}

/**
 * Customers linked since they were last read (new links, or a CERM id moved to another local customer) get all their
 * addresses read once; after that the change feed keeps them current.
 */
async function readNewLinks(ctx: TaskContext, client: CermClient, links: Map<string, number>, fingerprint: string): Promise<number> {
  const { repos } = ctx;
  // The links as they stood when each had its baseline: while they stand the same, none is new, and the 100k
  // baselines need not be read and compared.
  if ((await repos.syncState.cursor(CERM_ID, LINKS_KEY)) === fingerprint) return 0;
  const seen = await repos.syncState.hashesOf(CERM_ID, BASELINE);
  const readWhole = linksReadOf(await repos.syncState.cursor(CERM_ID, LINKS_READ_KEY));
  const fresh: [string, number][] = [];
  for (const [cermId, localId] of links) {
    const own = seen.get(cermId);
    if (own !== undefined ? own !== hashRecord(localId) : readWhole.get(cermId) !== localId) fresh.push([cermId, localId]);
  }
  let done = 0;
  for (const [cermId, localId] of fresh) {
    const list = await client.addressesOfCustomer(cermId);
    const now = ctx.now();
    const applied = await repos.transaction(async () => {
      const out = await applyAddresses(repos, list.filter((a) => a.cermCustomerId === cermId), () => localId, now);
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
  await repos.syncState.setCursor(CERM_ID, LINKS_KEY, fingerprint, ctx.now());
  return fresh.length;
}

/**
 * Pages through the change feed from the cursor; a group of pages and the cursor after it commit together (a failure
 * first commits the pages read before it). On a first run (no cursor: the whole feed) new addresses are counted, not
 * listed one by one, as a first customer download does: the addresses table is that list.
 */
/** The local customer each address of a slice belongs to: from the links read in full, or looked up for the slice. */
type Owners = (slice: CermAddressRecord[]) => Promise<(a: CermAddressRecord) => number | undefined>;

async function followFeed(ctx: TaskContext, client: CermClient, owners: Owners, start: FeedCursor | null, pageSize: number): Promise<number> {
  const { repos } = ctx;
  const listNew = start !== null;
  let cursor = start;
  let read = 0;
  let pending: CermAddressRecord[] = [];
  let progress = { done: 0, total: null as number | null, page: 0 };
  const sizer = createSliceSizer(GROUP_ROWS, { statementsOnMainThread: repos.statementsOnMainThread });
  const storedHere: StoredHere | undefined = start === null && (await repos.addresses.countByOrigin(CERM_ID)) === 0 ? new Set() : undefined;
  const store = async () => {
    if (pending.length === 0) return;
    const records = pending;
    pending = [];
    await inTimedSlices(records, sizer, ctx.yieldNow, async (slice) => {
      const last = slice[slice.length - 1]!;
      const now = ctx.now();
      // The slice and the cursor after its last address commit together: the feed is in cursor order.
      const { value: applied, workMs } = await timedTransaction(repos, async () => {
        const out = await applyAddresses(repos, slice, await owners(slice), now, storedHere);
        await repos.syncState.setCursor(CERM_ID, ADDRESS_TASK_ID, JSON.stringify({ since: last.modified, afterId: last.id }), now);
        return out;
      });
      ctx.counts.fetched += slice.length;
      for (const { id, result } of applied) {
        if (!result) continue;
        if (!listNew && result.action === 'created') ctx.counts.created++;
        else await ctx.item('address', id, result.action, result.message, result.changes);
      }
      return workMs;
    });
    await ctx.progress(progress.done, progress.total, `changes page ${progress.page}`);
    await ctx.yieldNow();
  };
  // A first run (the whole feed) into a table it will more than double goes without the index by customer, built once
  // in the end (deferred-indexes.ts).
  let indexesDeferred = false;
  try {
    // The next page is asked for as soon as this one is read (its cursor is this page's last record).
    let next: Promise<{ records: CermAddressRecord[]; total: number | null }> | null = client.addressesChanged(cursor, pageSize);
    for (let page = 1; next; page++) {
      const { records, total } = await next;
      next = null;
      if (page === 1 && start === null && total !== null) indexesDeferred = await repos.transaction(async () => await repos.addresses.beginBulkLoad(total));
      const last = records[records.length - 1];
      if (last) cursor = { since: last.modified, afterId: last.id };
      read += records.length;
      // The feed's TotalCount counts what is left from the cursor sent, this page included.
      const lastPage = isLastPage(records.length, pageSize, records.length, total);
      if (!lastPage) {
        next = client.addressesChanged(cursor, pageSize);
        // A failure is met when the page is awaited; until then (or if storing fails first) it is no unhandled one.
        next.catch(() => undefined);
      }
      for (const r of records) pending.push(r);
      progress = { done: read, total: total === null ? null : read - records.length + total, page };
      if (lastPage || pending.length >= GROUP_ROWS) await store();
    }
  } catch (err) {
    await store().catch(() => undefined);
    if (indexesDeferred) await buildDeferredIndexes(ctx, progress.done, progress.total, ADDRESS_INDEX).catch(() => undefined);
    throw err;
  }
  if (indexesDeferred) await buildDeferredIndexes(ctx, progress.done, progress.total, ADDRESS_INDEX);
  return read;
}

/**
 * After a first run: every link it read was read in full. With no customer's baseline stored yet, that is one row; after
 * a Reset (baselines stored), each customer's baseline is brought up to date instead, since it stands before the row.
 */
async function recordLinksRead(ctx: TaskContext, links: Map<string, number>, fingerprint: string): Promise<void> {
  const { repos } = ctx;
  const now = ctx.now();
  if ((await repos.syncState.count(CERM_ID, BASELINE)) === 0) {
    await repos.transaction(async () => {
      await repos.syncState.setCursor(CERM_ID, LINKS_READ_KEY, JSON.stringify([...links]), now);
      await repos.syncState.setCursor(CERM_ID, LINKS_KEY, fingerprint, now);
    });
    return;
  }
  // In chunks, each its own commit, so the main thread is never held long; a chunk lost to a crash only means
  // those customers are read in full next time.
  await inTimedSlices([...links], createSliceSizer(BASELINE_CHUNK, { statementsOnMainThread: repos.statementsOnMainThread }), ctx.yieldNow, async (chunk) => {
    return (await timedTransaction(repos, async () => await repos.syncState.observeAll(CERM_ID, BASELINE, chunk, ctx.runId, now))).workMs;
  });
  await repos.transaction(async () => {
    await repos.syncState.clearCursor(CERM_ID, LINKS_READ_KEY);
    await repos.syncState.setCursor(CERM_ID, LINKS_KEY, fingerprint, now);
  });
}

export async function syncAddresses(ctx: TaskContext): Promise<{ message: string }> {
  const s = cermSettingsOf(ctx.settings);
  if (!s.syncAddresses) return { message: 'Sync addresses from CERM is switched off: nothing was fetched.' };
  const { repos } = ctx;
  await buildLeftoverIndexes(ctx);
  // Taken before the links are read: a link made while this run reads them changes it, and the next run reads them.
  const { count: linkCount, mark } = await repos.externalIds.linksMark(CERM_ID, 'customer');
  if (linkCount === 0) return { message: 'No customer is linked to a CERM customer yet: there are no addresses to sync.' };
  const cursor = readCursor(await repos.syncState.cursor(CERM_ID, ADDRESS_TASK_ID));
  // Links that stand as they were last read in full need no reading (100k links cost more than a 1% change): the
  // feed's addresses find their customers a slice at a time.
  const standing = cursor !== null && (await repos.syncState.cursor(CERM_ID, LINKS_MARK_KEY)) === mark && (await repos.syncState.cursor(CERM_ID, LINKS_KEY)) !== null;
  const { links, fingerprint } = standing ? { links: null, fingerprint: null } : await readLinks(ctx);
  const owners: Owners = links
    ? async () => (a) => links.get(a.cermCustomerId)
    : async (slice) => {
      const found = await repos.externalIds.findMany(CERM_ID, 'customer', slice.map((a) => a.cermCustomerId));
      return (a) => found.get(a.cermCustomerId);
    };
  const client = createCermClient(s, ctx.signal);
  // With no cursor the feed is read from the start, which covers every customer linked now; otherwise new links
  // are read one by one, since their unchanged addresses will never come through the feed.
  const newlyLinked = cursor && links ? await readNewLinks(ctx, client, links, fingerprint!) : 0;
  const read = await followFeed(ctx, client, owners, cursor && rewind(cursor, s.feedOverlapSeconds), s.pageSize);
  if (links) await repos.syncState.setCursor(CERM_ID, LINKS_MARK_KEY, mark, ctx.now());
  if (!cursor && links) await recordLinksRead(ctx, links, fingerprint!);
  const c = ctx.counts;
  return {
    message:
      `${grouped(read)} changed CERM address${read === 1 ? '' : 'es'} read${cursor ? '' : ' (first run: the whole feed)'}` +
      `${newlyLinked ? `, ${newlyLinked} newly linked customer${newlyLinked === 1 ? '' : 's'} read in full` : ''}; ` +
      `for the ${grouped(linkCount)} linked customers: ${grouped(c.created)} added, ${grouped(c.updated)} changed or removed, ${grouped(c.unchanged)} unchanged.`,
  };
}
