// "Download customers from CERM": CERM's customer list page by page, saved as received and mirrored for the
// department picker, the auto-link rule and the browsable table.
import { join } from 'node:path';
import type { TaskContext } from '../connector';
import { RemoteError, classifyError } from '../../engine/remote-error';
import { createCermClient, isLastPage, readCustomersPage, type RawPage } from './client';
import type { CermCustomerRecord } from './parse';
import { RawPagesFile } from '../../export/raw-pages-file';
import { cermSettingsOf } from './settings';
import { CERM_ID } from './ids';
import { customerDiffs } from './customer-diffs';
import { createSliceSizer, inTimedSlices, timedTransaction } from './timed-slices';
import { grouped } from '../../engine/count-words';
import { buildDeferredIndexes, buildLeftoverIndexes } from './build-deferred-indexes';

export const CUSTOMERS_DOWNLOAD_KIND = 'customers';
/** A list that never ends is a paging misconfiguration, not a big tenant. */
const MAX_PAGES = 100_000;
/** Rows stored together (whole pages, at least one), in commits of at most this many, fewer when they take long. */
const GROUP_ROWS = 2_000;
const CUSTOMER_INDEXES = { stored: 'the customers', indexes: 'their search indexes' };

export function rawFileName(downloadId: number): string {
  return `cerm-customers-${downloadId}.json`;
}

export async function downloadCustomers(ctx: TaskContext): Promise<{ message: string }> {
  const s = cermSettingsOf(ctx.settings);
  const client = createCermClient(s, ctx.signal);
  const { repos } = ctx;
  const firstDownload = await repos.downloads.latestComplete(CERM_ID, CUSTOMERS_DOWNLOAD_KIND) === null;
  const downloadId = await repos.downloads.start(CERM_ID, CUSTOMERS_DOWNLOAD_KIND, ctx.now(), ctx.files.host ?? null);
  const path = join(ctx.files.downloads, rawFileName(downloadId));
  let raw: RawPagesFile | null = null;
  let records = 0;
  // Pages read but not yet stored.
  let pending: CermCustomerRecord[] = [];
  let pendingPage = 0;
  let total: number | null = null;
  // Pages whose every row is stored (what the download's record says while it runs).
  let storedPages = 0;
  const sizer = createSliceSizer(GROUP_ROWS, { statementsOnMainThread: repos.statementsOnMainThread });
  const store = async () => {
    if (pending.length === 0) return;
    const rows = pending;
    const page = pendingPage;
    pending = [];
    await inTimedSlices(rows, sizer, ctx.yieldNow, async (slice, last) => {
      const now = ctx.now();
      const stored = records + slice.length;
      // The slice's customers and the download's progress commit together, or not at all.
      const { value: [changes, diffs], workMs } = await timedTransaction(repos, async () => {
        const out = await repos.cermCustomers.applyPageWithBefore(slice, downloadId, now);
        await repos.downloads.progress(downloadId, stored, last ? page : storedPages, raw!.bytes, path);
        return [out.changes, firstDownload ? null : customerDiffs(out.before, slice)] as const;
      });
      records = stored;
      ctx.counts.fetched += slice.length;
      for (const [i, change] of changes.entries()) {
        // A first download lists no customer one by one (all are new; the CERM customers table is that list).
        if (firstDownload || change === 'unchanged') ctx.counts[change]++;
        else await ctx.item('cerm_customer', slice[i]!.cermId, change, change === 'created' ? 'new in CERM' : 'changed in CERM', diffs?.get(slice[i]!.cermId));
      }
      return workMs;
    });
    storedPages = page;
    await ctx.progress(records, total, `page ${page}`);
    await ctx.yieldNow();
  };
  // An empty mirror takes its first download without its search indexes, built once in the end (deferred-indexes.ts).
  let indexesDeferred = false;
  let pruned = 0;
  try {
    await buildLeftoverIndexes(ctx);
    indexesDeferred = await repos.transaction(async () => await repos.cermCustomers.beginBulkLoad());
    raw = await RawPagesFile.create(path);
    let previousFirst: string | null = null;
    let read = 0;
    // The next page is asked for as soon as this one is read, so CERM and the network work while this one is stored.
    let next: Promise<RawPage> | null = client.customersPage(1, { offset: 0 });
    for (let page = 1; ; page++) {
      if (page > MAX_PAGES || !next) throw new RemoteError('validation', `the CERM customer list did not end after ${MAX_PAGES} pages; check the paging settings`);
      const answer = await next;
      next = null;
      // Saved before it is read: a malformed page is exactly what staff need to see.
      await raw.add(answer.body);
      const list = readCustomersPage(answer);
      const first = list.records[0]?.cermId ?? null;
      if (first !== null && first === previousFirst)
        throw new RemoteError('validation', `${answer.what} starts with the same customer as page ${page - 1} (${first}): CERM ignores the paging parameters; check the paging scheme and parameter names`);
      previousFirst = first;
      total = list.total ?? total;
      read += list.records.length;
      const lastPage = isLastPage(list.records.length, s.pageSize, read, list.total);
      if (!lastPage && page < MAX_PAGES) {
        next = client.customersPage(page + 1, { offset: read });
        // A failure is met when the page is awaited; until then (or if this page fails first) it is no unhandled one.
        next.catch(() => undefined);
      }
      for (const r of list.records) pending.push(r);
      pendingPage = page;
      if (lastPage || pending.length >= GROUP_ROWS) await store();
      if (lastPage) break;
    }
    await raw.close();
    pruned = await repos.transaction(async () => {
      await repos.downloads.progress(downloadId, records, raw!.pages, raw!.bytes, path);
      // Only a complete list says who is gone from CERM.
      const n = await repos.cermCustomers.pruneExcept(downloadId);
      await repos.downloads.finish(downloadId, 'complete', null, ctx.now());
      return n;
    });
  } catch (thrown) {
    // The pages read before the failure are stored, as they would have been had each committed on its own.
    await store().catch(() => undefined);
    const err = classifyError(thrown);
    await raw?.close().catch(() => undefined);
    await repos.downloads.progress(downloadId, records, raw?.pages ?? 0, raw?.bytes ?? 0, raw ? path : null);
    await repos.downloads.finish(downloadId, 'failed', ctx.log.redact(`${err.message}; the customers stored before are kept`), ctx.now());
    // The failure's own reason stands; an index that cannot be built now is built at the next start.
    if (indexesDeferred) await buildDeferredIndexes(ctx, records, total, CUSTOMER_INDEXES).catch(() => undefined);
    throw new RemoteError(err.kind, `${err.message}; ${grouped(records)} customers of this download were stored, nothing stored before was removed`, err.extra);
  }
  // After the download is complete: a failure here fails the run, not the download.
  if (indexesDeferred) await buildDeferredIndexes(ctx, records, total, CUSTOMER_INDEXES);
  const c = ctx.counts;
  return {
    message:
      `Downloaded ${grouped(records)} CERM customers in ${raw.pages} page${raw.pages === 1 ? '' : 's'} (${grouped(raw.bytes)} bytes saved as received): ` +
      `${grouped(c.created)} new, ${grouped(c.updated)} changed, ${grouped(c.unchanged)} unchanged${pruned ? `, ${grouped(pruned)} no longer in CERM removed` : ''}.`,
  };
}

