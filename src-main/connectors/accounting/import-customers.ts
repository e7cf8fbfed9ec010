// The Customers task: every accounting customer whose Show-on-Web field holds the value becomes a platform customer,
// once, linked to its accounting account. The first run reads the sync feed from the beginning (which is every
// customer, with the cursor to carry on from: a search read then a feed read would read everything twice under the
// 10-a-second limit); later runs read the feed from the saved cursor. Each page commits with its cursor, so the cursor
// never passes a record that is not stored.
import { join } from 'node:path';
import type { ConnectorHost, TaskContext } from '../connector';
import type { Repositories } from '../../store/repositories';
import { RawPagesFile } from '../../export/raw-pages-file';
import { classifyError, RemoteError } from '../../engine/remote-error';
import { generatePassword } from '../../customers/password';
import { hashPassword } from '../../customers/password-hash';
import { createAccountingClient } from './client';
import type { AccountingChange, AccountingCustomer } from './parse';
import type { FieldChange } from '../../../src-preload/contract';
import { accountingSettingsOf, type AccountingSettings } from './settings';
import type { AccountingRepo } from './repositories';
import type { AsyncRepo } from '../../store/serial-writer';
import { ACCOUNTING_ID, CUSTOMERS_DOWNLOAD_KIND, FEED_CURSOR_KEY } from './ids';
import { queueWelcome } from './welcome-job';
import { grouped } from '../../engine/count-words';

type Outcome = { entityId: string; action: 'created' | 'updated' | 'skipped'; message: string; changes?: FieldChange[] } | null;

/** An imported customer's link moving to a new state in accounting, as its field diff. */
const stateChange = (from: string, to: string): FieldChange[] => [{ field: 'accounting state', from, to }];

/** Whether the customer's Show-on-Web field holds the value (a ticked checkbox is true, shown as "True"). */
export function isFlagged(c: AccountingCustomer, s: AccountingSettings): boolean {
  const v = c.customFields[s.showOnWebField];
  return v !== undefined && v !== null && String(v).trim().toLowerCase() === s.showOnWebValue.trim().toLowerCase();
}

function nameOf(c: AccountingCustomer): { firstName: string; lastName: string } {
  const contact = c.contacts[0]!;
  if (contact.firstName || contact.lastName) return { firstName: contact.firstName ?? '', lastName: contact.lastName ?? '' };
  const words = (contact.name || c.name).trim().split(/\s+/);
  return { firstName: words.slice(0, -1).join(' ') || words[0] || '', lastName: words.length > 1 ? words[words.length - 1]! : '' };
}

/** The first contact's email as the login: every customer's email is unique, in any case. */
const loginOf = (c: AccountingCustomer): string => c.contacts[0]!.email!.trim().toLowerCase();

/** Why a flagged customer is not imported (reference Points 2, 3 and 4), or null when it may be. */
async function skipReason(tx: Repositories, own: AsyncRepo<AccountingRepo>, c: AccountingCustomer): Promise<string | null> {
  const first = c.contacts[0];
  if (!first) return 'no contact with an email (it has no contact)';
  if (!first.email) return `no contact with an email (the first contact${first.name ? `, ${first.name},` : ''} has none; only the first contact is imported)`;
  const byNumber = await tx.customers.byAccountNumber(c.accountNumber);
  if (byNumber) {
    const linked = await own.byCustomer(byNumber.id);
    return linked ? `account number ${c.accountNumber} already imported (customer ${byNumber.id})` : `account number ${c.accountNumber} is already used by customer ${byNumber.id}`;
  }
  const byEmail = await tx.customers.byEmail(loginOf(c));
  if (byEmail) return `email ${loginOf(c)} is already used by customer ${byEmail.id}`;
  return null;
}

export function createImportTask(host: () => ConnectorHost<AccountingRepo>) {
  async function apply(tx: Repositories, ctx: TaskContext<AccountingRepo>, s: AccountingSettings, rec: AccountingChange, hashes: Map<string, string>): Promise<Outcome> {
    const now = ctx.now();
    const link = await ctx.own.byUuid(rec.uuid);
    if (rec.deletedTimestamp !== null) {
      if (!link || !(await ctx.own.setState(link.customerId, 'deleted', rec.versionNumber, now))) return null;
      return { entityId: String(link.customerId), action: 'updated', message: `deleted in accounting (account ${link.accountNumber}); the web account stays`, changes: stateChange(link.state, 'deleted') };
    }
    const flagged = isFlagged(rec, s);
    if (link) {
      if (flagged) {
        if (await ctx.own.setState(link.customerId, 'flagged', rec.versionNumber, now)) return { entityId: String(link.customerId), action: 'updated', message: 'flagged in accounting again', changes: stateChange(link.state, 'flagged') };
        await ctx.own.setVersion(link.customerId, rec.versionNumber);
        return null;
      }
      if (!(await ctx.own.setState(link.customerId, 'unflagged', rec.versionNumber, now))) return null;
      return { entityId: String(link.customerId), action: 'updated', message: `no longer flagged in accounting (account ${link.accountNumber}); the web account stays`, changes: stateChange(link.state, 'unflagged') };
    }
    if (!flagged) return null;
    const reason = await skipReason(tx, ctx.own, rec);
    if (reason) return { entityId: rec.accountNumber, action: 'skipped', message: reason };
    const email = loginOf(rec);
    const customerId = await tx.customers.insert({ email, ...nameOf(rec), company: rec.name, accountNumber: rec.accountNumber, origin: 'import' }, now);
    await tx.externalIds.link('customer', customerId, ACCOUNTING_ID, rec.uuid, now);
    await ctx.own.link({ customerId, accountingUuid: rec.uuid, accountNumber: rec.accountNumber, versionNumber: rec.versionNumber, runId: ctx.runId }, now);
    // Emails on: the welcome job makes the password as it sends it. Off: one made now, which nobody ever learns.
    const hash = hashes.get(rec.uuid);
    if (hash) await tx.customers.setPasswordHash(customerId, hash, now);
    if (s.sendEmails) await queueWelcome(tx, ctx.queue, { customerId, to: email, initial: true }, now);
    await host().events.raise(tx, 'customer.created', { customerId, origin: 'import', at: now });
    return { entityId: String(customerId), action: 'created', message: `${email} from account ${rec.accountNumber}${s.sendEmails ? ', welcome email queued' : ''}` };
  }

  /** Hashes for the customers of a page that may be created, made on the thread pool before the page's transaction. */
  async function passwordsFor(ctx: TaskContext<AccountingRepo>, s: AccountingSettings, records: AccountingChange[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (s.sendEmails) return out;
    const candidates: AccountingCustomer[] = [];
    for (const r of records) if (r.deletedTimestamp === null && isFlagged(r, s) && r.contacts[0]?.email && !(await ctx.own.byUuid(r.uuid))) candidates.push(r);
    await Promise.all(candidates.map(async (c) => out.set(c.uuid, await hashPassword(generatePassword()))));
    return out;
  }

  async function run(ctx: TaskContext<AccountingRepo>): Promise<{ message: string }> {
    const s = accountingSettingsOf(ctx.settings);
    if (!s.showOnWebField)
      throw new RemoteError('validation', 'Choose the Show on Web Field in Connections > Accounting first: it says which customers to import.');
    const { repos } = ctx;
    const client = createAccountingClient(s, {
      signal: ctx.signal,
      onRateLimited: (ms, what) =>
        void ctx.log
          .write({ connectorId: ACCOUNTING_ID, action: 'import', runId: ctx.runId, outcome: 'retrying', message: `${what}: Infusion asked to wait ${Math.ceil(ms / 1000)} s (429); waiting as it says` })
          .catch(() => undefined),
    });
    const saved = await repos.syncState.cursor(ACCOUNTING_ID, FEED_CURSOR_KEY);
    const full = saved === null;
    let download: { id: number; raw: RawPagesFile; path: string } | null = null;
    if (full) {
      const id = await repos.downloads.start(ACCOUNTING_ID, CUSTOMERS_DOWNLOAD_KIND, ctx.now(), ctx.files.host ?? null);
      const path = join(ctx.files.downloads, `accounting-customers-${id}.json`);
      download = { id, path, raw: await RawPagesFile.create(path) };
    }
    let read = 0;
    let page = 0;
    try {
      for await (const answer of client.syncFeed(saved)) {
        page++;
        if (download) await download.raw.add(Buffer.from(answer.raw, 'utf8'));
        read += answer.records.length;
        ctx.counts.fetched += answer.records.length;
        const hashes = await passwordsFor(ctx, s, answer.records);
        const outcomes = await repos.transaction(async (tx) => {
          const list: Outcome[] = [];
          for (const rec of answer.records) list.push(await apply(tx, ctx, s, rec, hashes));
          if (download) await tx.downloads.progress(download.id, read, download.raw.pages, download.raw.bytes, download.path);
          await tx.syncState.setCursor(ACCOUNTING_ID, FEED_CURSOR_KEY, answer.nextCursor, ctx.now());
          return list;
        });
        for (const o of outcomes) if (o) await ctx.item(o.action === 'skipped' ? 'account' : 'customer', o.entityId, o.action, o.message, o.changes);
        for (const o of outcomes)
          if (o?.action === 'updated') await ctx.log.write({ connectorId: ACCOUNTING_ID, action: 'import', entityType: 'customer', entityId: o.entityId, runId: ctx.runId, outcome: 'success', message: `customer ${o.entityId}: ${o.message}` });
        await ctx.progress(read, null, `page ${page}`);
        await ctx.yieldNow();
      }
      if (download) {
        await download.raw.close();
        await repos.downloads.progress(download.id, read, download.raw.pages, download.raw.bytes, download.path);
        await repos.downloads.finish(download.id, 'complete', null, ctx.now());
      }
    } catch (thrown) {
      const err = classifyError(thrown);
      if (download) {
        await download.raw.close().catch(() => undefined);
        await repos.downloads.finish(download.id, 'failed', err.message, ctx.now()).catch(() => undefined);
      }
      throw err;
    }
    const c = ctx.counts;
    return {
      message:
        `${full ? 'Read every accounting customer' : 'Read the changes since the last import'} (${grouped(read)} record${read === 1 ? '' : 's'}): ` +
        `${grouped(c.created)} imported, ${grouped(c.skipped)} skipped, ${grouped(c.updated)} changed in accounting.`,
    };
  }

  return {
    id: 'customers',
    name: 'Customers',
    description: 'Imports the accounting customers flagged for the web (Show on Web Field = value): one web customer each, linked to its account, with a welcome email when Send Emails is on.',
    defaultIntervalMinutes: 60,
    run,
    cursor: {
      rereads: 'every accounting customer from the start of the sync feed (those imported before are recognised, none is imported twice)',
      async read(repos: Repositories) {
        const c = await repos.syncState.cursorInfo(ACCOUNTING_ID, FEED_CURSOR_KEY);
        return c ? { position: `sync feed cursor ${c.cursor.length > 24 ? `${c.cursor.slice(0, 24)}…` : c.cursor}`, savedAt: c.updatedAt } : null;
      },
      async reset(tx: Repositories) {
        await tx.syncState.clearCursor(ACCOUNTING_ID, FEED_CURSOR_KEY);
      },
    },
    async position(repos: Repositories): Promise<string | null> {
      const c = await repos.syncState.cursorInfo(ACCOUNTING_ID, FEED_CURSOR_KEY);
      if (!c) return 'No cursor: the next import reads every accounting customer (reset it in Connections > Accounting).';
      // The token is the accounting system's own, opaque: staff read what it means; the token itself is in the
      // connection's cursor section.
      return `The last import stopped at its place in the accounting sync feed, saved ${new Date(c.updatedAt).toISOString().slice(0, 16).replace('T', ' ')} UTC: the next import reads the changes since (reset it in Connections > Accounting).`;
    },
  };
}
