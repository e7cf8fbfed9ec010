// The only module that knows how Infusion is called: address, license and session headers, paths, query parameters,
// paging, the sync feed's cursor, error bodies, and the pace of ten requests a second.
import { httpRequest, type HttpResponse } from '../../engine/http-client';
import { RemoteError, classifyError } from '../../engine/remote-error';
import { pacerFor, forgetPacers, type RequestPacer } from './request-pacer';
import { sessionUuidProblem, type AccountingSettings } from './settings';
import {
  customerOf,
  customFieldOf,
  errorMessageOf,
  isBooleanField,
  parseJsonText,
  searchPageOf,
  syncPageOf,
  type AccountingCustomer,
  type CustomFieldDefinition,
  type SearchPage,
  type SyncPage,
} from './parse';
import { grouped } from '../../engine/count-words';

// Assumed (not public): the search pages by offset/limit and the feed takes an opaque cursor; see README.md.
export const OFFSET_PARAM = 'offset';
export const LIMIT_PARAM = 'limit';
export const CURSOR_PARAM = 'cursor';

/** Infusion allows ten requests a second per license. */
export const REQUESTS_PER_SECOND = 10;
/** A 429 asking for a longer wait than this is handed to the engine (which retries the job later) instead of waited here. */
export const MAX_INLINE_WAIT_MS = 60_000;
const DEFAULT_RETRY_AFTER_MS = 1_000;
const DEFAULT_429_RETRIES = 5;
/** No real customer list is this long: a server that ignores the offset would otherwise page forever. */
const MAX_PAGES = 100_000;

export interface AccountingClientOptions {
  signal?: AbortSignal;
  /** The pace keeper; by default the one shared by every client of the same address and license. */
  pacer?: RequestPacer;
  /** Told each time a 429 is waited out (ms waited, which call): for the log and for tests. */
  onRateLimited?: (waitMs: number, what: string) => void;
  /** 429s waited out per call before it fails as rate_limited (default 5). */
  max429Retries?: number;
}

export interface CustomerPage extends SearchPage<AccountingCustomer> {
  offset: number;
}

/** The text Infusion answered, from an error raised by httpRequest (its details end with "\n< <answer>"). */
function answerOf(err: RemoteError): string {
  const d = err.extra.details ?? '';
  const i = d.indexOf('\n< ');
  return i >= 0 ? d.slice(i + 3) : '';
}

export function createAccountingClient(s: AccountingSettings, opts: AccountingClientOptions = {}) {
  const host = new URL(s.apiUrl).host;
  const pacer = opts.pacer ?? pacerFor(`${s.apiUrl}|${s.licenseUuid.toLowerCase()}`, { limit: REQUESTS_PER_SECOND });
  const max429 = opts.max429Retries ?? DEFAULT_429_RETRIES;

  function urlOf(path: string, query: Record<string, string | number>): string {
    const u = new URL(path, s.apiUrl);
    for (const [k, v] of Object.entries(query)) u.searchParams.set(k, String(v));
    return u.toString();
  }

  /** A RemoteError that says which call failed and what Infusion said, in words staff can act on. */
  function clarify(err: RemoteError, what: string): RemoteError {
    const status = err.extra.status;
    if (status === undefined) return new RemoteError(err.kind, `${what}: ${err.message} (Infusion at ${host})`, err.extra);
    const said = errorMessageOf(answerOf(err));
    const text = `${what}: Infusion answered HTTP ${status}${said ? ` "${said}"` : ''}`;
    if (err.kind === 'auth')
      return new RemoteError(
        'auth',
        `${text}; check the license UUID and session UUID: opening a new session ends the old one, and a session unused for 60 days expires`,
        err.extra,
      );
    if (err.kind === 'rate_limited') {
      const after = err.extra.retryAfterMs;
      return new RemoteError('rate_limited', `${text}; Infusion allows ${REQUESTS_PER_SECOND} requests a second${after !== undefined ? `, and asks to wait ${Math.ceil(after / 1000)} s` : ''}`, err.extra);
    }
    return new RemoteError(err.kind, text, err.extra);
  }

  /** One GET within the pace; a 429 is waited out as its Retry-After says (every call of the license waits too). */
  async function get(what: string, path: string, query: Record<string, string | number>): Promise<HttpResponse> {
    const problem = sessionUuidProblem(s.sessionUuid);
    if (problem) throw new RemoteError('auth', `${what}: ${problem}`);
    for (let attempt = 0; ; attempt++) {
      let err: RemoteError;
      try {
        return await pacer.run(
          () =>
            httpRequest({
              url: urlOf(path, query),
              headers: { accept: 'application/json', [s.licenseHeader]: s.licenseUuid, [s.sessionHeader]: s.sessionUuid },
              timeoutMs: s.timeoutMs,
              signal: opts.signal,
            }),
          opts.signal,
        );
      } catch (thrown) {
        err = classifyError(thrown);
      }
      if (err.kind === 'rate_limited') {
        const wait = err.extra.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS;
        pacer.pauseFor(Math.min(wait, MAX_INLINE_WAIT_MS));
        if (attempt < max429 && wait <= MAX_INLINE_WAIT_MS) {
          opts.onRateLimited?.(wait, what);
          continue;
        }
        throw clarify(new RemoteError('rate_limited', err.message, { ...err.extra, retryAfterMs: wait }), what);
      }
      throw clarify(err, what);
    }
  }

  async function json(what: string, path: string, query: Record<string, string | number>): Promise<{ body: unknown; excerpt: string; text: string }> {
    const res = await get(what, path, query);
    return { body: parseJsonText(res.text, what, res.excerpt), excerpt: res.excerpt, text: res.text };
  }

  async function customersPage(offset: number, limit = s.pageSize): Promise<CustomerPage> {
    const what = `Infusion customer search at offset ${offset}`;
    const { body, excerpt } = await json(what, s.customersPath, { [OFFSET_PARAM]: offset, [LIMIT_PARAM]: limit });
    return { ...searchPageOf(body, what, customerOf, excerpt), offset };
  }

  /** One page of the feed, with Infusion's answer as received (a full import keeps it). */
  async function syncPage(cursor: string | null, limit = s.pageSize): Promise<SyncPage & { raw: string }> {
    const what = `Infusion customer sync ${cursor ? 'after the saved cursor' : 'from the beginning'}`;
    const query: Record<string, string | number> = { [LIMIT_PARAM]: limit };
    if (cursor) query[CURSOR_PARAM] = cursor;
    const { body, excerpt, text } = await json(what, s.customerSyncPath, query);
    return { ...syncPageOf(body, what, excerpt), raw: text };
  }

  async function listCustomFields(): Promise<CustomFieldDefinition[]> {
    const out: CustomFieldDefinition[] = [];
    for (let page = 0; page < MAX_PAGES; page++) {
      const what = `Infusion custom fields at offset ${out.length}`;
      const { body, excerpt } = await json(what, s.customFieldsPath, { [OFFSET_PARAM]: out.length, [LIMIT_PARAM]: s.pageSize });
      const { records, totalCount } = searchPageOf(body, what, customFieldOf, excerpt);
      out.push(...records);
      if (isLastPage(records.length, s.pageSize, out.length, totalCount)) return out;
    }
    throw new RemoteError('validation', `Infusion custom fields: more than ${MAX_PAGES} pages; the server may ignore the ${OFFSET_PARAM} parameter`);
  }

  return {
    host,
    pacer,

    /** Proves the address, license and session now: reads the custom fields and one customer. */
    async testConnection(): Promise<{ customFields: number; booleanFields: number; customers: number | null; message: string }> {
      const fields = await listCustomFields();
      const { totalCount } = await customersPage(0, 1);
      const booleanFields = fields.filter(isBooleanField).length;
      return {
        customFields: fields.length,
        booleanFields,
        customers: totalCount,
        message: `Connected to Infusion at ${host}: ${grouped(fields.length)} customer custom fields (${grouped(booleanFields)} checkboxes)${totalCount !== null ? `, ${grouped(totalCount)} customers` : ''}.`,
      };
    },

    listCustomFields,

    /** The checkbox custom fields: the choices of the Show on Web Field. */
    async listBooleanFields(): Promise<{ value: string; label: string }[]> {
      return (await listCustomFields()).filter(isBooleanField).map((f) => ({ value: f.code, label: f.label }));
    },

    customersPage,

    /**
     * Every customer, page by page from offset 0. The offset sent is what was read so far, so a server that gives fewer
     * than asked makes us skip none; the list ends at an empty page, at totalCount, or (without it) at a short page.
     */
    async *allCustomers(pageSize = s.pageSize): AsyncGenerator<CustomerPage> {
      let read = 0;
      let first: string | null = null;
      for (let n = 0; n < MAX_PAGES; n++) {
        const page = await customersPage(read, pageSize);
        const head = page.records[0]?.uuid ?? null;
        if (n === 0) first = head;
        else if (head !== null && head === first)
          throw new RemoteError('validation', `Infusion customer search: the page at offset ${read} starts with the first page's customer; the server ignores the ${OFFSET_PARAM} parameter`);
        read += page.records.length;
        yield page;
        if (isLastPage(page.records.length, pageSize, read, page.totalCount)) return;
      }
      throw new RemoteError('validation', `Infusion customer search: more than ${MAX_PAGES} pages`);
    },

    syncPage,

    /**
     * The sync feed from a cursor (null: from the beginning, which re-sends every customer), page by page until
     * Infusion says no more are available. Each page carries the cursor to save once it is stored.
     */
    async *syncFeed(cursor: string | null, pageSize = s.pageSize): AsyncGenerator<SyncPage & { raw: string }> {
      let at = cursor;
      for (let n = 0; n < MAX_PAGES; n++) {
        const page = await syncPage(at, pageSize);
        yield page;
        if (!page.moreAvailable) return;
        if (page.nextCursor === at && page.records.length === 0)
          throw new RemoteError('validation', 'Infusion customer sync: says more changes are available but hands back the same cursor and no change');
        at = page.nextCursor;
      }
      throw new RemoteError('validation', `Infusion customer sync: more than ${MAX_PAGES} pages in one read`);
    },
  };
}

export type AccountingClient = ReturnType<typeof createAccountingClient>;

/** Whether a page ends a list: with a total, the total decides; without it, a short page does. */
export function isLastPage(count: number, pageSize: number, readSoFar: number, total: number | null): boolean {
  if (count === 0) return true;
  return total !== null ? readSoFar >= total : count < pageSize;
}

/** Forgets the shared pace keepers (tests that restart the simulator). */
export function forgetAccountingPacers(): void {
  forgetPacers();
}
