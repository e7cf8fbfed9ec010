// The only module that knows how the ERP is called (an Acumatica-style contract-based REST API): the cookie session
// (one per client, re-opened once on a 401, logged out on close, so the license's API user slots are not used up),
// entity URLs, $filter/$top/$skip/$expand, the {"value": x} wrapping, and the error bodies.
import { httpRequest, type HttpResponse } from '../../engine/http-client';
import { RemoteError, classifyError } from '../../engine/remote-error';
import type { ErpSettings } from './settings';
import { acquireSession, releaseSession, sessionKey, type SharedSession } from './session';
import { createOffThreadParser, parseHere } from '../../engine/off-thread-parser';
import startParseWorker from './parse-worker?nodeWorker';
import {
  ERP_PAGE_PARSERS,
  contactOf,
  customerOf,
  fieldErrorsOf,
  httpErrorMessageOf,
  listOf,
  locationOf,
  orderOf,
  parseJsonText,
  wrap,
  wrapAddress,
  type ErpAddress,
  type ErpContact,
  type ErpCustomer,
  type ErpLocation,
  type ErpOrder,
  type ErpPageKind,
  type ErpPageRecords,
  type ErpPrice,
} from './parse';

/** Every client of the process shares one parsing thread. */
const pageParser = createOffThreadParser(startParseWorker, 'ERP page parser');

// Public (see README.md): the sign-in paths, the Default endpoint, the names of entities, fields and query parameters.
export const LOGIN_PATH = 'entity/auth/login';
export const LOGOUT_PATH = 'entity/auth/logout';
export const ENDPOINT = 'Default';
export const CUSTOMER_EXPAND = 'MainContact,BillingContact,Salespersons,Contacts';
/** No real list is this long: a server that ignores $skip would otherwise page forever. */
const MAX_PAGES = 100_000;
/** Pages asked for ahead of the one being stored (each up to a page size of records in memory). */
const PAGES_AHEAD = 2;

/** A page asked for ahead of its reader: when the reader stops first, its failure is nobody's and is dropped. */
function readAhead<T>(answer: Promise<T>): Promise<T> {
  answer.catch(() => undefined);
  return answer;
}

export interface ErpClientOptions {
  signal?: AbortSignal;
  /** Told each time a session is opened (tests and the log count sign-ins). */
  onLogin?: () => void;
  /** false: a session of its own, not the one shared by every client of the connection (default true). */
  shareSession?: boolean;
  /**
   * false: the long reads' pages are parsed on the calling thread (default true: on the parsing thread, so the page
   * is parsed while the caller stores the one before, and the main thread stays free for the console).
   */
  parseOffThread?: boolean;
}

/** What a PUT sends; undefined leaves the ERP's value alone, null clears it. */
export interface CustomerWrite {
  accountNumber?: string;
  name?: string;
  status?: string;
  terms?: string | null;
  priceClass?: string | null;
  repCode?: string | null;
  email?: string | null;
  phone?: string | null;
  address?: Partial<ErpAddress>;
}

export interface ContactWrite {
  contactId?: number;
  customerId?: string;
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  phone?: string | null;
  active?: boolean;
  address?: Partial<ErpAddress>;
}

export interface LocationWrite {
  customerId: string;
  locationId: string;
  name?: string | null;
  active?: boolean;
  priceClass?: string | null;
  email?: string | null;
  phone?: string | null;
  address?: Partial<ErpAddress>;
}

export interface OrderWrite {
  customerId: string;
  /** The platform's natural key (the web order number); the ERP has no idempotency key, so it is looked up first. */
  customerOrder: string;
  lines: { inventoryId: string; quantity: number; unitPrice?: number }[];
  locationId?: string;
  shipTo?: Partial<ErpAddress>;
  description?: string;
}

export interface Page<T> {
  records: T[];
  /** The latest LastModifiedDateTime on the page: what to save as the point the next read starts from. */
  latest: string | null;
}

/** An OData text literal: quotes doubled. */
export const odataText = (t: string): string => `'${t.replace(/'/g, "''")}'`;
/** An OData time literal in Acumatica's form (an offset, not Z). */
export const odataTime = (ms: number): string => `datetimeoffset'${new Date(ms).toISOString().replace('Z', '+00:00')}'`;

/** The text the ERP answered, from an error raised by httpRequest (its details end with "\n< <answer>"). */
function answerOf(err: RemoteError): string {
  const d = err.extra.details ?? '';
  const i = d.indexOf('\n< ');
  return i >= 0 ? d.slice(i + 3) : '';
}

export function createErpClient(s: ErpSettings, opts: ErpClientOptions = {}) {
  const host = new URL(s.baseUrl).host;
  const entityRoot = `entity/${ENDPOINT}/${s.endpointVersion}/`;
  const key = sessionKey(s);
  let held: SharedSession | null = null;
  const shared = (): SharedSession => (held ??= acquireSession(key, opts.shareSession ?? true));

  const urlOf = (path: string, query: Record<string, string | number> = {}): string => {
    const u = new URL(path, s.baseUrl);
    for (const [k, x] of Object.entries(query)) u.searchParams.set(k, String(x));
    return u.toString();
  };

  /** A RemoteError saying which call failed and what the ERP said, in words staff can act on. */
  function clarify(err: RemoteError, what: string, entity: string): RemoteError {
    const status = err.extra.status;
    if (status === undefined) return new RemoteError(err.kind, `${what}: ${err.message} (ERP at ${host})`, err.extra);
    const answer = answerOf(err);
    if (status === 422) {
      const f = fieldErrorsOf(answer, entity);
      const said = f?.fields.length ? f.fields.join('; ') : (f?.summary ?? 'the record was refused');
      return new RemoteError('validation', `${what}: ${said}`, { ...err.extra, code: 'FIELD_ERRORS' });
    }
    const said = httpErrorMessageOf(answer);
    const text = `${what}: the ERP answered HTTP ${status}${said ? ` "${said}"` : ''}`;
    if (/invalid credentials/i.test(said ?? ''))
      return new RemoteError('auth', `${text}; check the user name, password and company (tenant)`, { ...err.extra, code: 'INVALID_CREDENTIALS' });
    if (/api login limit/i.test(said ?? ''))
      return new RemoteError('rate_limited', `${text}; every API user slot of the ERP license is taken: sessions left open by other integrations lapse after a while`, { ...err.extra, code: 'LOGIN_LIMIT' });
    if (/NoEntitySatisfiesTheCondition|no entity satisfies/i.test(answer)) return new RemoteError('validation', `${text}; the record does not exist`, { ...err.extra, code: 'NOT_FOUND' });
    if (/ODataException/.test(answer)) return new RemoteError('validation', `${text}; the query is not one the ERP understands`, { ...err.extra, code: 'BAD_QUERY' });
    if (err.kind === 'auth') return new RemoteError('auth', `${text}; signing in again did not help: check the user's rights and that it may use the API`, err.extra);
    return new RemoteError(err.kind, text, err.extra);
  }

  async function login(): Promise<string> {
    const body: Record<string, string> = { name: s.username, password: s.password };
    if (s.tenant) body.tenant = s.tenant;
    let res: HttpResponse;
    try {
      res = await httpRequest({ url: urlOf(LOGIN_PATH), method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body), timeoutMs: s.timeoutMs, signal: opts.signal });
    } catch (err) {
      throw clarify(classifyError(err), `Signing in to the ERP as ${s.username}`, 'Login');
    }
    const jar = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!.trim())
      .filter((c) => c.includes('=') && !c.endsWith('='));
    if (!jar.length) throw new RemoteError('auth', `Signing in to the ERP as ${s.username}: the ERP answered HTTP ${res.status} but set no session cookie`, { status: res.status, details: res.excerpt });
    opts.onLogin?.();
    return jar.join('; ');
  }

  /** The connection's session, opened once for every caller waiting on it. */
  function session(): Promise<string> {
    const h = shared();
    if (h.cookie) return Promise.resolve(h.cookie);
    h.opening ??= login()
      .then((c) => (h.cookie = c))
      .finally(() => (h.opening = null));
    return h.opening;
  }

  /** One entity call, its answer's text; a 401 (the session lapsed or was ended) signs in again once and repeats the call. */
  async function callText(what: string, entity: string, method: 'GET' | 'PUT', path: string, query: Record<string, string | number>, body?: unknown): Promise<{ text: string; excerpt: string }> {
    for (let attempt = 0; ; attempt++) {
      const used = await session();
      try {
        const res = await httpRequest({
          url: urlOf(`${entityRoot}${path}`, query),
          method,
          headers: { accept: 'application/json', cookie: used, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
          body: body !== undefined ? JSON.stringify(body) : undefined,
          timeoutMs: s.timeoutMs,
          signal: opts.signal,
        });
        return { text: res.text, excerpt: res.excerpt };
      } catch (thrown) {
        const err = classifyError(thrown);
        if (err.extra.status === 401 && attempt === 0) {
          // Only the caller that saw this cookie refused drops it: a burst of 401s signs in once.
          const h = shared();
          if (h.cookie === used) h.cookie = null;
          continue;
        }
        throw clarify(err, what, entity);
      }
    }
  }

  async function call(what: string, entity: string, method: 'GET' | 'PUT', path: string, query: Record<string, string | number>, body?: unknown): Promise<{ body: unknown; excerpt: string }> {
    const { text, excerpt } = await callText(what, entity, method, path, query, body);
    return { body: parseJsonText(text, what, excerpt), excerpt };
  }

  /**
   * A long read's page: its text asked for now and parsed as soon as it arrives (on the parsing thread unless the
   * options say otherwise); onSize hears how many records it holds once it is decoded, before they are validated.
   */
  function askPage<K extends ErpPageKind>(kind: K, what: string, entity: string, method: 'GET' | 'PUT', query: Record<string, string | number>, body: unknown, onSize: (n: number) => void): Promise<ErpPageRecords[K][]> {
    const parsed = callText(what, entity, method, entity, query, body).then(({ text, excerpt }) =>
      opts.parseOffThread === false
        ? (parseHere(ERP_PAGE_PARSERS[kind], text, what, excerpt, onSize) as ErpPageRecords[K][])
        : pageParser.parse<ErpPageRecords[K]>(kind, text, what, excerpt, onSize),
    );
    return readAhead(parsed);
  }

  /**
   * A long read, page by page with $top/$skip. A page known to be full (decoded, before its records are validated)
   * asks for the next at once, up to PAGES_AHEAD pages ahead of the one the caller is storing: the ERP answers, the
   * parsing thread parses and the caller stores, all at the same time. No page is asked for past the end of the list.
   */
  async function* paged<K extends ErpPageKind>(what: string, pageSize: number, from: number, ask: (skip: number, onSize: (n: number) => void) => Promise<ErpPageRecords[K][]>, label: (skip: number) => string): AsyncGenerator<ErpPageRecords[K][]> {
    const queue: { state: { at: number; sized: boolean }; records: Promise<ErpPageRecords[K][]> }[] = [];
    let asked = 0;
    let yielded = 0;
    // The skip of the page to ask for next, once the one before it is known to be full (null: not known yet, or the end).
    let due: number | null = from;
    const sized = (page: { at: number; sized: boolean }, size: number) => {
      if (page.sized) return;
      page.sized = true;
      if (size < pageSize) return;
      due = page.at + size;
      askMore();
    };
    const askMore = () => {
      while (due !== null && asked < MAX_PAGES && asked - yielded < PAGES_AHEAD) {
        const at = due;
        due = null;
        asked++;
        const state = { at, sized: false };
        queue.push({ state, records: ask(at, (size) => sized(state, size)) });
      }
    };
    askMore();
    let first: unknown = undefined;
    for (let n = 0; queue.length > 0; n++) {
      const page = queue.shift()!;
      const { at } = page.state;
      const records = await page.records;
      // A parser that cannot tell the size before validating: the page's records tell it.
      sized(page.state, records.length);
      const head = (records[0] as { id?: unknown } | undefined)?.id;
      if (n === 0) first = head;
      else if (head !== undefined && head === first && at > from) throw new RemoteError('validation', `${label(at)}: the page starts with the first page's record; the ERP ignores $skip`);
      yielded++;
      askMore();
      yield records;
      if (records.length < pageSize) return;
    }
    if (asked >= MAX_PAGES) throw new RemoteError('validation', `${what}: more than ${MAX_PAGES} pages`);
  }

  /**
   * Every record of a list, page by page with $top/$skip, in the ERP's order (by key). The next page is asked for as
   * soon as a full page arrives, so the ERP answers it while the caller stores this one (one request in flight a list).
   */
  /** Every record of a list, in the ERP's order (by key), with the latest change on each page. */
  async function* pages<K extends 'customers' | 'contacts' | 'locations'>(kind: K, what: string, entity: string, query: Record<string, string>, pageSize = s.pageSize, from = 0): AsyncGenerator<Page<ErpPageRecords[K]>> {
    const label = (skip: number) => `${what} (from record ${skip + 1})`;
    const ask = (skip: number, onSize: (n: number) => void) => askPage(kind, label(skip), entity, 'GET', { ...query, $top: pageSize, $skip: skip }, undefined, onSize);
    for await (const records of paged<K>(what, pageSize, from, ask, label)) yield { records, latest: latestOf(records) };
  }

  const since = (field: string, at: string | null, extra?: string): Record<string, string> => {
    const parts: string[] = [];
    if (at !== null) {
      const ms = Date.parse(at);
      if (!Number.isFinite(ms)) throw new RemoteError('local', `the point to read changes from is not a date-time: ${at}`);
      parts.push(`${field} gt ${odataTime(ms - s.overlapSeconds * 1000)}`);
    }
    if (extra) parts.push(extra);
    return parts.length ? { $filter: parts.join(' and ') } : {};
  };

  async function put<T>(what: string, entity: string, body: unknown, one: (item: unknown, where: string) => T, expand?: string): Promise<T> {
    const r = await call(what, entity, 'PUT', entity, expand ? { $expand: expand } : {}, body);
    return one(r.body, `${what}: the answer`);
  }

  async function findSalesOrders(customerOrder: string): Promise<ErpOrder[]> {
    const what = `Looking up ERP sales orders with customer order ${customerOrder}`;
    const { body, excerpt } = await call(what, 'SalesOrder', 'GET', 'SalesOrder', { $filter: `OrderType eq ${odataText(s.orderType)} and CustomerOrder eq ${odataText(customerOrder)}`, $expand: 'Details' });
    return listOf(body, what, orderOf, 'OrderNbr', 'order', excerpt);
  }

  async function createSalesOrder(o: OrderWrite): Promise<ErpOrder> {
    const body = {
      ...wrap({ OrderType: s.orderType, CustomerID: o.customerId, CustomerOrder: o.customerOrder, LocationID: o.locationId, Description: o.description }),
      ...(o.shipTo ? { ShipToAddressOverride: { value: true }, ShipToAddress: wrapAddress(o.shipTo) } : {}),
      Details: o.lines.map((l) => wrap({ InventoryID: l.inventoryId, OrderQty: l.quantity, UnitPrice: l.unitPrice })),
    };
    return put(`Creating the ERP sales order for customer order ${o.customerOrder}`, 'SalesOrder', body, orderOf, 'Details');
  }

  /**
   * Lets go of the session; the last client of the connection to close signs it out, freeing the license's API user
   * slot. A client used after closing signs in again.
   */
  async function close(): Promise<void> {
    const h = held;
    if (!h) return;
    held = null;
    if (!releaseSession(key, h)) return;
    const open = h.cookie ?? (h.opening ? await h.opening.catch(() => null) : null);
    h.cookie = null;
    if (!open) return;
    try {
      await httpRequest({ url: urlOf(LOGOUT_PATH), method: 'POST', headers: { cookie: open }, timeoutMs: s.timeoutMs, signal: opts.signal });
    } catch {
      // The session lapses on its own; a failed sign-out is no reason to fail the run that ends here.
    }
  }

  return {
    host,

    /** Proves the address and credentials now: a fresh session, one customer read. */
    async testConnection(): Promise<string> {
      await close();
      const { body, excerpt } = await call('Reading one ERP customer', 'Customer', 'GET', 'Customer', { $top: 1 });
      listOf(body, 'Reading one ERP customer', customerOf, 'CustomerID', 'customer', excerpt);
      return `Connected to the ERP at ${host} (endpoint ${ENDPOINT}/${s.endpointVersion}) as ${s.username}.`;
    },

    close,

    /** Takes a share of the connection's session now, without a call: it stays open for others until close(). */
    hold(): void {
      shared();
    },

    get signedIn(): boolean {
      return held?.cookie != null;
    },

    /**
     * Customers changed since `at` (null: every one), the overlap setting taken off; MainContact, Salespersons and
     * Contacts expanded. `from` skips that many records first: a read stopped part-way carries on where it stopped.
     */
    customersChangedSince(at: string | null, pageSize = s.pageSize, from = 0): AsyncGenerator<Page<ErpCustomer>> {
      return pages('customers', `Reading ERP customers changed since ${at ?? 'the beginning'}`, 'Customer', { ...since('LastModifiedDateTime', at), $expand: CUSTOMER_EXPAND }, pageSize, from);
    },

    async customer(accountNumber: string): Promise<ErpCustomer | null> {
      const what = `Reading ERP customer ${accountNumber}`;
      try {
        const { body } = await call(what, 'Customer', 'GET', `Customer/${encodeURIComponent(accountNumber)}`, { $expand: CUSTOMER_EXPAND });
        return customerOf(body, what);
      } catch (err) {
        if (err instanceof RemoteError && err.extra.code === 'NOT_FOUND') return null;
        throw err;
      }
    },

    /** Creates the customer, or updates the one with this CustomerID. */
    putCustomer(c: CustomerWrite): Promise<ErpCustomer> {
      const body = {
        ...wrap({ CustomerID: c.accountNumber, CustomerName: c.name, Status: c.status, Terms: c.terms, PriceClassID: c.priceClass }),
        ...(c.email !== undefined || c.phone !== undefined || c.address ? { MainContact: { ...wrap({ Email: c.email, Phone1: c.phone }), ...(c.address ? { Address: wrapAddress(c.address) } : {}) } } : {}),
        ...(c.repCode !== undefined ? { Salespersons: c.repCode === null ? [] : [wrap({ SalespersonID: c.repCode, Default: true })] } : {}),
      };
      return put(`Saving ERP customer ${c.accountNumber ?? c.name ?? '(new)'}`, 'Customer', body, customerOf, CUSTOMER_EXPAND);
    },

    contactsChangedSince(at: string | null, customerId?: string, from = 0): AsyncGenerator<Page<ErpContact>> {
      const of = customerId ? `BusinessAccount eq ${odataText(customerId)}` : undefined;
      return pages('contacts', `Reading ERP contacts${customerId ? ` of ${customerId}` : ''} changed since ${at ?? 'the beginning'}`, 'Contact', since('LastModifiedDateTime', at, of), s.pageSize, from);
    },

    putContact(k: ContactWrite): Promise<ErpContact> {
      const body = { ...wrap({ ContactID: k.contactId, BusinessAccount: k.customerId, FirstName: k.firstName, LastName: k.lastName, Email: k.email, Phone1: k.phone, Active: k.active }), ...(k.address ? { Address: wrapAddress(k.address) } : {}) };
      return put(`Saving ERP contact ${k.contactId ?? [k.firstName, k.lastName].filter(Boolean).join(' ')}`, 'Contact', body, contactOf);
    },

    locationsChangedSince(at: string | null, customerId?: string, from = 0): AsyncGenerator<Page<ErpLocation>> {
      const of = customerId ? `Customer eq ${odataText(customerId)}` : undefined;
      return pages('locations', `Reading ERP ship-to locations${customerId ? ` of ${customerId}` : ''} changed since ${at ?? 'the beginning'}`, 'CustomerLocation', since('LastModifiedDateTime', at, of), s.pageSize, from);
    },

    putLocation(l: LocationWrite): Promise<ErpLocation> {
      const contact = l.email !== undefined || l.phone !== undefined || l.address ? { LocationContact: { ...wrap({ Email: l.email, Phone1: l.phone }), ...(l.address ? { Address: wrapAddress(l.address) } : {}) } } : {};
      const body = { ...wrap({ Customer: l.customerId, LocationID: l.locationId, LocationName: l.name, Active: l.active, PriceClass: l.priceClass }), ...contact };
      return put(`Saving ERP ship-to location ${l.customerId}/${l.locationId}`, 'CustomerLocation', body, locationOf);
    },

    /**
     * The price book through the sales price inquiry, page by page ($top/$skip over its detail lines). Without a
     * filter: every price (price-class and customer prices), the full export.
     */
    async *prices(filter: { priceType?: 'Customer Price Class' | 'Customer'; priceCode?: string } = {}, pageSize = s.pageSize): AsyncGenerator<ErpPrice[]> {
      const body = wrap({ PriceType: filter.priceType ?? 'All Prices', PriceCode: filter.priceCode });
      const what = `Reading ERP sales prices${filter.priceCode ? ` of ${filter.priceCode}` : ''}`;
      const label = (skip: number) => `${what} (from price ${skip + 1})`;
      const ask = (skip: number, onSize: (n: number) => void) => askPage('prices', label(skip), 'SalesPricesInquiry', 'PUT', { $expand: 'SalesPriceDetails', $top: pageSize, $skip: skip }, body, onSize);
      yield* paged<'prices'>(what, pageSize, 0, ask, label);
    },

    findSalesOrders,
    createSalesOrder,

    /** The order for this customer order: the one the ERP already has (a retry), or a new one. Never two. */
    async placeSalesOrder(o: OrderWrite): Promise<{ order: ErpOrder; created: boolean }> {
      const found = await findSalesOrders(o.customerOrder);
      if (found[0]) return { order: found[0], created: false };
      return { order: await createSalesOrder(o), created: true };
    },
  };
}

export type ErpClient = ReturnType<typeof createErpClient>;

function latestOf(records: readonly { lastModified?: string | null }[]): string | null {
  let best: string | null = null;
  let bestMs = -Infinity;
  for (const r of records) {
    const ms = r.lastModified ? Date.parse(r.lastModified) : NaN;
    if (ms > bestMs) {
      bestMs = ms;
      best = r.lastModified!;
    }
  }
  return best;
}
