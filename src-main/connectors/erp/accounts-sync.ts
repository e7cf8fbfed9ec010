// The "Accounts from the ERP" task: customers, then contacts, then ship-to locations, each read incrementally by
// LastModifiedDateTime (the overlap setting re-reads the last moments; those records come back unchanged). The ERP
// lists in key order, not time order, so a read's high-water mark is only safe once the whole read is stored: while
// a read is under way its cursor keeps where it started and how many records are stored, and a read stopped
// part-way (a crash, a failure) carries on from there. Each page is one transaction with its cursor.
import type { TaskContext, TaskSpec } from '../connector';
import type { Repositories } from '../../store/repositories';
import type { ErpAccountIn, ErpContactIn, ErpFieldChange, ErpShipToIn, PageOutcome } from '../../store/accounts-repo';
import { createErpClient, type ErpClient, type Page } from './client';
import type { ErpContact, ErpCustomer, ErpLocation } from './parse';
import { erpSettingsOf } from './settings';
import { ACCOUNTS_TASK_ID, ERP_ID, FEED_KEYS, type Feed } from './ids';
import { grouped } from '../../engine/count-words';

/** A feed's cursor: the point its reads start from, and, while one is under way, how far it got. */
export interface FeedCursor {
  since: string | null;
  /** Records of the read under way already stored (0 between reads). */
  stored: number;
  /** The latest LastModifiedDateTime the read under way has stored. */
  latest: string | null;
}

const NO_CURSOR: FeedCursor = { since: null, stored: 0, latest: null };

export function parseFeedCursor(text: string | null): FeedCursor {
  if (!text) return NO_CURSOR;
  try {
    const c = JSON.parse(text) as Partial<FeedCursor>;
    return { since: typeof c.since === 'string' ? c.since : null, stored: Number.isInteger(c.stored) ? c.stored! : 0, latest: typeof c.latest === 'string' ? c.latest : null };
  } catch {
    // A cursor this version cannot read: read everything again (every record then comes back unchanged).
    return NO_CURSOR;
  }
}

const later = (a: string | null, b: string | null): string | null => (a === null ? b : b === null ? a : Date.parse(b) > Date.parse(a) ? b : a);

export async function feedCursor(repos: Repositories, feed: Feed): Promise<FeedCursor> {
  return parseFeedCursor(await repos.syncState.cursor(ERP_ID, FEED_KEYS[feed]));
}

export async function resetFeedCursors(repos: Repositories): Promise<void> {
  await repos.transaction(async (tx) => {
    for (const key of Object.values(FEED_KEYS)) await tx.syncState.clearCursor(ERP_ID, key);
  });
}

const quoted = (v: string | null) => (v === null ? 'empty' : `'${v}'`);

/** "repCode: web 'R9' → ERP 'R2' (web edit lost)" */
export function describeChanges(changes: readonly ErpFieldChange[]): string {
  return changes.map((c) => `${c.field}: web ${quoted(c.web)} → ERP ${quoted(c.erp)}${c.lost ? ' (web edit lost)' : ''}`).join('; ');
}

export function accountFieldsOf(c: ErpCustomer): ErpAccountIn {
  const a = c.address;
  return {
    accountNumber: c.accountNumber,
    erpCustomerId: c.id,
    fields: {
      name: c.name,
      email: c.email,
      phone: c.phone,
      addressLine1: a?.line1 ?? null,
      addressLine2: a?.line2 ?? null,
      city: a?.city ?? null,
      state: a?.state ?? null,
      postalCode: a?.postalCode ?? null,
      country: a?.country ?? null,
      paymentTerms: c.terms,
      repCode: c.repCode,
      priceLevel: c.priceClass,
    },
  };
}

const contactOf = (k: ErpContact): ErpContactIn => ({
  erpContactId: String(k.contactId),
  accountNumber: k.customerId,
  name: [k.firstName, k.lastName].filter(Boolean).join(' '),
  email: k.email,
  phone: k.phone,
  active: k.active,
});

const shipToOf = (l: ErpLocation): ErpShipToIn => ({
  accountNumber: l.customerId,
  erpLocationId: l.locationId,
  active: l.active,
  name: l.name,
  line1: l.address?.line1 ?? null,
  line2: l.address?.line2 ?? null,
  city: l.address?.city ?? null,
  state: l.address?.state ?? null,
  postalCode: l.address?.postalCode ?? null,
  country: l.address?.country ?? null,
});

interface FeedSpec<T> {
  feed: Feed;
  noun: string;
  entityType: string;
  read(client: ErpClient, since: string | null, from: number): AsyncGenerator<Page<T>>;
  apply(tx: Repositories, ctx: TaskContext, records: T[]): Promise<PageOutcome[]>;
}

const FEEDS: [FeedSpec<ErpCustomer>, FeedSpec<ErpContact>, FeedSpec<ErpLocation>] = [
  {
    feed: 'customers',
    noun: 'accounts',
    entityType: 'account',
    read: (client, since, from) => client.customersChangedSince(since, undefined, from),
    async apply(tx, ctx, records) {
      // Each account's field changes are recorded by the store with the overwrite (and the web edits it lost).
      const outcomes = await tx.accounts.applyErpAccounts(records.map(accountFieldsOf), { connectorId: ERP_ID, source: ACCOUNTS_TASK_ID, runId: ctx.runId }, ctx.now());
      return outcomes.map((o, i) => ({
        action: o.action,
        entityId: String(o.accountId),
        message: o.action === 'created' ? `${records[i]!.accountNumber} ${records[i]!.name}` : o.action === 'updated' ? `${records[i]!.accountNumber}: ${describeChanges(o.changes)}` : null,
      }));
    },
  },
  {
    feed: 'contacts',
    noun: 'contacts',
    entityType: 'contact',
    read: (client, since, from) => client.contactsChangedSince(since, undefined, from),
    apply: async (tx, ctx, records) => await tx.accounts.applyErpContacts(records.map(contactOf), ctx.now()),
  },
  {
    feed: 'locations',
    noun: 'ship-to locations',
    entityType: 'ship-to',
    read: (client, since, from) => client.locationsChangedSince(since, undefined, from),
    apply: async (tx, ctx, records) => await tx.accounts.applyErpShipTos(records.map(shipToOf), ctx.now()),
  },
];

async function readFeed<T extends { lastModified: string }>(ctx: TaskContext, client: ErpClient, spec: FeedSpec<T>, progress: { done: number; page: number }, seen: Set<string> | null): Promise<number> {
  const key = FEED_KEYS[spec.feed];
  const start = await feedCursor(ctx.repos, spec.feed);
  let stored = start.stored;
  let latest = start.latest;
  let read = 0;
  for await (const page of spec.read(client, start.since, start.stored)) {
    progress.page++;
    ctx.counts.fetched += page.records.length;
    if (seen) for (const r of page.records) seen.add((r as unknown as ErpCustomer).accountNumber);
    read += page.records.length;
    stored += page.records.length;
    latest = later(latest, page.latest);
    const cursor: FeedCursor = { since: start.since, stored, latest };
    // The page's run items go in its own commit (the run's item buffer writes through the open transaction).
    await ctx.repos.transaction(async (tx) => {
      const outcomes = await spec.apply(tx, ctx, page.records);
      await tx.syncState.setCursor(ERP_ID, key, JSON.stringify(cursor), ctx.now());
      for (const o of outcomes) await ctx.item(spec.entityType, o.entityId, o.action, o.message ?? undefined, o.changes);
    });
    progress.done += page.records.length;
    await ctx.progress(progress.done, null, `${spec.noun}, page ${progress.page}`);
    await ctx.yieldNow();
  }
  // The whole read is stored: the next one starts from its latest change (the client takes the overlap off).
  const done: FeedCursor = { since: later(start.since, latest), stored: 0, latest: null };
  await ctx.repos.syncState.setCursor(ERP_ID, key, JSON.stringify(done), ctx.now());
  return read;
}

/**
 * The reference's rule: a sync from the ERP before the account's next order overwrites the web's edits, whether or not
 * the account changed in the ERP. The accounts with edits still pending that the feed did not bring are read again
 * one by one (few: only edits waiting for an order), and the ERP's values applied like the feed's.
 */
async function rereadEdited(ctx: TaskContext, client: ErpClient, seen: ReadonlySet<string>): Promise<number> {
  const numbers = (await ctx.repos.accounts.erpAccountsWithPendingEdits()).filter((n) => !seen.has(n));
  const found: ErpCustomer[] = [];
  for (const n of numbers) {
    const c = await client.customer(n);
    if (c) found.push(c);
    else await ctx.item('account', n, 'skipped', `${n} has web edits waiting, but the ERP has no customer ${n} any more`);
  }
  ctx.counts.fetched += found.length;
  if (found.length) {
    const outcomes = await ctx.repos.transaction(async (tx) => await FEEDS[0].apply(tx, ctx, found));
    for (const o of outcomes) await ctx.item('account', o.entityId, o.action, o.message ?? undefined);
  }
  return found.length;
}

export function createAccountsTask(): TaskSpec {
  return {
    id: ACCOUNTS_TASK_ID,
    name: 'Accounts from the ERP',
    description:
      'Reads the ERP customers, contacts and ship-to locations changed since the last sync (all of them the first time, or after a Reset). The ERP is the data of record: its values overwrite the platform\'s, and each overwrite is kept on the account\'s History.',
    defaultIntervalMinutes: 15,
    async run(ctx) {
      const s = erpSettingsOf(ctx.settings);
      const client = createErpClient(s, { signal: ctx.signal });
      const first = (await feedCursor(ctx.repos, 'customers')).since === null;
      const progress = { done: 0, page: 0 };
      const read: number[] = [];
      try {
        const seen = new Set<string>();
        for (const spec of FEEDS) read.push(await readFeed(ctx, client, spec as FeedSpec<{ lastModified: string }>, progress, spec.feed === 'customers' ? seen : null));
        read.push(await rereadEdited(ctx, client, seen));
      } finally {
        await client.close();
      }
      const c = ctx.counts;
      return {
        message:
          `${first ? 'Read every ERP account' : 'Read the ERP changes since the last sync'} (${grouped(read[0])} accounts, ${grouped(read[1])} contacts, ${grouped(read[2])} ship-to locations${read[3] ? `, ${grouped(read[3])} accounts with web edits read again` : ''}): ` +
          `${grouped(c.created)} created, ${grouped(c.updated)} updated, ${grouped(c.unchanged)} unchanged, ${grouped(c.skipped)} skipped.`,
      };
    },
    async position(repos) {
      const c = await repos.syncState.cursorInfo(ERP_ID, FEED_KEYS.customers);
      const cursor = parseFeedCursor(c?.cursor ?? null);
      if (!c || cursor.since === null && cursor.stored === 0) return 'No cursor: the next sync reads every ERP account (Reset it in Connections > ERP).';
      const at = cursor.since ? `changes since ${cursor.since.slice(0, 19).replace('T', ' ')} UTC` : 'every account';
      const part = cursor.stored > 0 ? `; a read of ${at} stopped after ${cursor.stored} records and carries on there` : `: the next sync reads the ${at}`;
      return `Cursor saved ${new Date(c.updatedAt).toISOString().slice(0, 16).replace('T', ' ')} UTC${part} (Reset it in Connections > ERP).`;
    },
  };
}
