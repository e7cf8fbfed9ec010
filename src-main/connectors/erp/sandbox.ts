// The ERP simulator: an Acumatica-style contract-based REST API. Cookie sessions from POST /entity/auth/login (a cap on
// concurrent sessions, 401 without one), entities under /entity/Default/<version>/ with $filter/$top/$skip/$expand,
// PUT upserts answered 422 with field-level errors, the sales price inquiry paged for a full export, and test controls.
import { randomUUID } from 'node:crypto';
import { SandboxServer, mulberry32, type SandboxReply, type SandboxRequest } from '../../sandbox/sandbox-server';
import type { SimulatorOptions } from '../connector';
import { PRICE_CLASSES, PriceBook, SALESPEOPLE, TERMS, customerIdOf, guidFrom, seedErp, type SimContact, type SimCustomer, type SimItem, type SimLocation } from './sandbox-data';
import { QueryError, badQuery, expandOf, httpError, matches, noEntity, notLoggedIn, pagingOf, parseFilter, wrapAll, type Scalar } from './sandbox-odata';
import { contactField, customerField, locationField, orderField, wireContact, wireCustomer, wireLocation, wireOrder, type SimOrder } from './sandbox-wire';
import { putContact, putCustomer, putLocation, putOrder, type WriteOutcome } from './sandbox-writes';
import { priceInquiry } from './sandbox-prices';

export type { SimContact, SimCustomer, SimLocation, SimItem } from './sandbox-data';
export type { SimOrder } from './sandbox-wire';

/** Fixed, so sandbox mode can point a connection at the simulator before it has started. */
export const SANDBOX_CREDENTIALS = { username: 'admin', password: 'sandbox-erp', tenant: 'SyncDesk' };
export const ENDPOINT_VERSIONS = ['20.200.001', '22.200.001', '23.200.001', '24.200.001'] as const;
export const DEFAULT_VERSION = '24.200.001';
/** Assumed: the license's API user slots (a trial has 2); a sign-in beyond them is refused with "API Login Limit". */
export const DEFAULT_SESSION_LIMIT = 3;
/** Assumed: a session unused this long lapses (its next call answers 401). */
export const SESSION_IDLE_MS = 10 * 60_000;
export const SESSION_COOKIE = '.ASPXAUTH';

export interface ErpSandboxOptions extends Partial<SimulatorOptions> {
  /** Seeded customers (default 2,000; up to 100,000 for a bench). */
  customers?: number;
  /** Sales prices (default 50,000; up to 1,000,000 for a bench). */
  prices?: number;
  /** Catalogue items (default 2,000). */
  items?: number;
  sessionLimit?: number;
}

export interface AccountChange {
  Terms?: string;
  SalespersonID?: string | null;
  PriceClassID?: string | null;
  Status?: string;
  CustomerName?: string;
}

type Session = { token: string; user: string; lastUsed: number };

export class ErpSandbox extends SandboxServer {
  readonly customers: SimCustomer[];
  readonly byCustomerId = new Map<string, SimCustomer>();
  readonly contacts: SimContact[];
  readonly locations: SimLocation[];
  readonly items: SimItem[];
  readonly itemsById: Map<string, SimItem>;
  readonly prices: PriceBook;
  readonly orders: SimOrder[] = [];
  readonly credentials = { ...SANDBOX_CREDENTIALS };
  readonly generation: number;
  sessionLimit: number;
  readonly sessions = new Map<string, Session>();
  sessionsOpened = 0;
  loginsRefused = 0;
  /** Calls per "VERB Entity" (e.g. "GET Customer", "PUT SalesOrder"), login and logout included. */
  readonly callsByEntity = new Map<string, number>();
  readonly created = { customers: 0, contacts: 0, locations: 0, orders: 0 };
  readonly updated = { customers: 0, contacts: 0, locations: 0 };
  /** Orders created per CustomerOrder: the API has no idempotency key, so tests prove one order per key here. */
  readonly ordersByCustomerOrder = new Map<string, number>();
  /** Every PUT the ERP took, in order: the entity, its key (CustomerID, Customer/LocationID, ContactID, CustomerOrder) and the fields sent. */
  readonly writeLog: { entity: string; key: string | null; fields: string[] }[] = [];
  /** Price classes whose prices the export leaves out (a level "exported empty"). */
  readonly emptiedPriceClasses = new Set<string>();
  /** The next this-many entity calls answer 429 in plain text (the request queue is full). */
  tooManyNext = 0;
  private lastStamp = 0;
  private contactIndex: Map<string, SimContact[]> | null = null;
  private contactIndexVersion = -1;
  private contactsVersion = 0;
  private nextContactId: number;
  private nextCustomerNo: number;
  private nextOrderNo: number;
  readonly rand: () => number;

  constructor(opts: ErpSandboxOptions = {}) {
    const seed = opts.seed ?? 42;
    super('ERP (Acumatica-style sandbox)', seed, {
      'POST /entity/auth/login': (req) => this.login(req),
      'POST /entity/auth/logout': (req) => this.logout(req),
      'GET /entity': () => ({ status: 200, body: { version: { acumaticaBuildVersion: '24.200.0001' }, endpoints: ENDPOINT_VERSIONS.map((version) => ({ name: 'Default', version, href: `/entity/Default/${version}/` })) } }),
    }, (req) => this.entityRoute(req));
    this.generation = opts.generation ?? 0;
    this.sessionLimit = opts.sessionLimit ?? DEFAULT_SESSION_LIMIT;
    const count = opts.customers ?? 2_000;
    const priceCount = opts.prices ?? 50_000;
    if (!Number.isInteger(count) || count < 1 || count > 100_000) throw new Error(`customers must be 1 to 100,000, not ${count}`);
    if (!Number.isInteger(priceCount) || priceCount < 0 || priceCount > 1_000_000) throw new Error(`prices must be 0 to 1,000,000, not ${priceCount}`);
    const seeded = seedErp(seed, count, opts.items ?? 2_000);
    this.customers = seeded.customers;
    this.contacts = seeded.contacts;
    this.locations = seeded.locations;
    this.items = seeded.items;
    for (const c of this.customers) this.byCustomerId.set(c.CustomerID, c);
    this.itemsById = new Map(this.items.map((i) => [i.InventoryID, i]));
    this.prices = new PriceBook(seed, priceCount, this.items, customerIdOf, count);
    this.rand = mulberry32(seed ^ (0x51de + this.generation));
    // What this run creates is numbered past what earlier runs of the data folder may have created: no id repeats.
    this.nextContactId = 100 + this.contacts.length + 1 + this.generation * 100_000;
    this.nextCustomerNo = count + 1 + this.generation * 100_000;
    this.nextOrderNo = 1 + this.generation * 100_000;
    this.lastStamp = this.customers.reduce((m, c) => Math.max(m, c.modified), 0);
  }

  // ---- what tests and the demo change ------------------------------------------------------------------------------

  customer(customerId: string): SimCustomer {
    const c = this.byCustomerId.get(customerId);
    if (!c) throw new Error(`no ERP customer ${customerId}`);
    return c;
  }

  contactsOf(customerId: string): SimContact[] {
    // An index by account, made again whenever a write may have moved a contact (a list of 100,000 customers with
    // their contacts expanded would otherwise scan every contact per customer).
    if (!this.contactIndex || this.contactIndexVersion !== this.contactsVersion) {
      const index = new Map<string, SimContact[]>();
      for (const k of this.contacts) {
        const list = index.get(k.BusinessAccount);
        if (list) list.push(k);
        else index.set(k.BusinessAccount, [k]);
      }
      this.contactIndex = index;
      this.contactIndexVersion = this.contactsVersion;
    }
    return this.contactIndex.get(customerId) ?? [];
  }

  /** Writes to contacts call this: the index by account is made again when next asked. */
  contactsChanged(): void {
    this.contactsVersion++;
  }

  locationsOf(customerId: string): SimLocation[] {
    return this.locations.filter((l) => l.Customer === customerId);
  }

  /** An edit made in the ERP's own screens: the account's LastModifiedDateTime moves on. */
  changeAccount(customerId: string, change: AccountChange): SimCustomer {
    const c = this.customer(customerId);
    Object.assign(c, change);
    c.modified = this.stamp();
    return c;
  }

  /** Changes `count` accounts (every `step`-th from the first): terms, rep and price class rotate to the next value. */
  changeSomeAccounts(count: number, step = 7): SimCustomer[] {
    const out: SimCustomer[] = [];
    for (let i = 0; out.length < count && i < this.customers.length; i += step) out.push(this.rotateAccount(this.customers[i]!.CustomerID));
    return out;
  }

  /** One account's terms, rep and price class moved on to the next value, as if edited in the ERP. */
  rotateAccount(customerId: string): SimCustomer {
    const c = this.customer(customerId);
    const next = <T>(list: readonly T[], cur: T | null): T => list[(list.indexOf(cur as T) + 1) % list.length]!;
    return this.changeAccount(c.CustomerID, { Terms: next(TERMS, c.Terms as (typeof TERMS)[number]), SalespersonID: next(SALESPEOPLE, c.SalespersonID as (typeof SALESPEOPLE)[number]), PriceClassID: next(PRICE_CLASSES.map((p) => p.PriceClassID), c.PriceClassID as string) });
  }

  /** Ends every session on the server side (an app pool recycle): the next call of each client answers 401. */
  endSessions(): void {
    this.sessions.clear();
  }

  /** Ages every session as if unused for that long. */
  ageSessions(ms: number): void {
    for (const s of this.sessions.values()) s.lastUsed -= ms;
  }

  ordersFor(customerOrder: string): SimOrder[] {
    return this.orders.filter((o) => o.CustomerOrder === customerOrder);
  }

  callsOf(verb: string, entity: string): number {
    return this.callsByEntity.get(`${verb} ${entity}`) ?? 0;
  }

  override resetCounters(): void {
    super.resetCounters();
    this.callsByEntity.clear();
    for (const k of Object.keys(this.created) as (keyof typeof this.created)[]) this.created[k] = 0;
    for (const k of Object.keys(this.updated) as (keyof typeof this.updated)[]) this.updated[k] = 0;
    this.ordersByCustomerOrder.clear();
    this.loginsRefused = 0;
    this.writeLog.length = 0;
  }

  // ---- bookkeeping shared with the writes ---------------------------------------------------------------------------

  /** Change times only go forward, a millisecond at least, so a "gt last seen" read never misses one. */
  stamp(): number {
    this.lastStamp = Math.max(Date.now(), this.lastStamp + 1);
    return this.lastStamp;
  }

  newGuid(): string {
    return guidFrom(this.rand);
  }

  nextContact(): number {
    return this.nextContactId++;
  }

  nextCustomerId(): string {
    while (this.byCustomerId.has(customerIdOf(this.nextCustomerNo))) this.nextCustomerNo++;
    return customerIdOf(this.nextCustomerNo++);
  }

  nextOrderNbr(): string {
    return `SO${String(this.nextOrderNo++).padStart(6, '0')}`;
  }

  /** Lists answer in key order (assumed: the API documents no other), so a new record takes its key's place. */
  addCustomer(c: SimCustomer): void {
    this.customers.splice(sortedIndex(this.customers, (x) => x.CustomerID < c.CustomerID), 0, c);
    this.byCustomerId.set(c.CustomerID, c);
  }

  addLocation(l: SimLocation): void {
    const before = (x: SimLocation) => x.Customer < l.Customer || (x.Customer === l.Customer && x.LocationID < l.LocationID);
    this.locations.splice(sortedIndex(this.locations, before), 0, l);
  }

  // ---- sessions ----------------------------------------------------------------------------------------------------

  private count(key: string): void {
    this.callsByEntity.set(key, (this.callsByEntity.get(key) ?? 0) + 1);
  }

  private login(req: SandboxRequest): SandboxReply {
    this.count('POST auth/login');
    let body: Record<string, unknown>;
    try {
      body = req.headers['content-type']?.includes('application/x-www-form-urlencoded') ? Object.fromEntries(new URLSearchParams(req.body)) : (JSON.parse(req.body || '{}') as Record<string, unknown>);
    } catch {
      return httpError(400, 'The request is invalid.', 'The login body is not valid JSON.');
    }
    const tenant = typeof body.tenant === 'string' ? body.tenant : typeof body.company === 'string' ? body.company : '';
    if (body.name !== this.credentials.username || body.password !== this.credentials.password || (tenant !== '' && tenant.toLowerCase() !== this.credentials.tenant.toLowerCase()))
      return httpError(500, 'An error has occurred.', 'Error: Invalid credentials. Please try again.', 'PX.Data.PXException');
    this.dropLapsed();
    if (this.sessions.size >= this.sessionLimit) {
      this.loginsRefused++;
      return httpError(500, 'An error has occurred.', `API Login Limit: the ${this.sessionLimit} API users of this license are signed in. Sign out unused sessions or wait for them to lapse.`, 'PX.Data.PXException');
    }
    this.sessionsOpened++;
    const token = randomUUID().replace(/-/g, '').toUpperCase();
    this.sessions.set(token, { token, user: String(body.name), lastUsed: Date.now() });
    return {
      status: 204,
      headers: {
        'set-cookie': [`${SESSION_COOKIE}=${token}; path=/; HttpOnly`, `ASP.NET_SessionId=${token.slice(0, 24).toLowerCase()}; path=/; HttpOnly`, 'UserBranch=1; path=/', 'Locale=Culture=en-US; path=/'] as unknown as string,
      },
    };
  }

  private logout(req: SandboxRequest): SandboxReply {
    this.count('POST auth/logout');
    const token = tokenOf(req);
    if (token) this.sessions.delete(token);
    return { status: 204, headers: { 'set-cookie': `${SESSION_COOKIE}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/` } };
  }

  private dropLapsed(): void {
    const now = Date.now();
    for (const [k, s] of this.sessions) if (now - s.lastUsed > SESSION_IDLE_MS) this.sessions.delete(k);
  }

  private session(req: SandboxRequest): Session | null {
    this.dropLapsed();
    const token = tokenOf(req);
    const s = token ? this.sessions.get(token) : undefined;
    if (!s) return null;
    s.lastUsed = Date.now();
    return s;
  }

  // ---- entities ----------------------------------------------------------------------------------------------------

  private async entityRoute(req: SandboxRequest): Promise<SandboxReply> {
    const m = /^\/entity\/Default\/([^/]+)\/([A-Za-z]+)(?:\/(.+))?$/.exec(req.path);
    if (!m) return httpError(404, `No HTTP resource was found that matches the request URI '${req.path}'.`);
    const [, version, entity, key] = m as unknown as [string, string, string, string | undefined];
    this.count(`${req.method} ${entity}`);
    if (!(ENDPOINT_VERSIONS as readonly string[]).includes(version)) return httpError(404, `The endpoint Default/${version} is not found.`);
    if (!this.session(req)) return notLoggedIn();
    if (this.tooManyNext > 0) {
      this.tooManyNext--;
      return { status: 429, body: 'API Request Limit: too many requests are waiting in the queue.' };
    }
    const prefix = `/entity/Default/${version}`;
    try {
      const expand = expandOf(req.query);
      if (req.method === 'GET') return this.read(entity, key, req.query, expand, prefix);
      if (req.method === 'PUT') {
        let body: unknown;
        try {
          body = JSON.parse(req.body || '{}');
        } catch {
          return httpError(400, 'The request is invalid.', 'The request body is not valid JSON.');
        }
        if (typeof body !== 'object' || body === null || Array.isArray(body)) return httpError(400, 'The request is invalid.', 'The request body must be one entity object.');
        return this.write(entity, body as Record<string, unknown>, req.query, expand, prefix);
      }
      return httpError(405, `The requested resource does not support http method '${req.method}'.`);
    } catch (err) {
      if (err instanceof QueryError) return badQuery(err);
      throw err;
    }
  }

  private list<T>(records: readonly T[], query: URLSearchParams, field: (r: T, f: string) => Scalar | undefined, wire: (r: T, row: number) => object): SandboxReply {
    const conditions = parseFilter(query.get('$filter'));
    const { top, skip } = pagingOf(query);
    const out: object[] = [];
    let seen = 0;
    for (const r of records) {
      if (!matches(conditions, (f) => field(r, f))) continue;
      if (seen++ < skip) continue;
      if (top !== null && out.length >= top) break;
      out.push(wire(r, out.length + 1));
    }
    return { status: 200, body: out };
  }

  private read(entity: string, key: string | undefined, q: URLSearchParams, expand: Set<string>, prefix: string): SandboxReply {
    const one = <T extends { id: string }>(list: readonly T[], byKey: (r: T) => boolean, wire: (r: T) => object): SandboxReply => {
      const r = list.find((x) => x.id === key || byKey(x));
      return r ? { status: 200, body: wire(r) } : noEntity();
    };
    const keys = key?.split('/').map(decodeURIComponent) ?? [];
    switch (entity) {
      case 'Customer': {
        const wire = (c: SimCustomer, row: number) => wireCustomer(c, row, expand, prefix, () => this.contactsOf(c.CustomerID));
        if (key) return one(this.customers, (c) => c.CustomerID === keys[0], (c) => wire(c, 1));
        return this.list(this.customers, q, customerField, wire);
      }
      case 'Contact':
        if (key) return one(this.contacts, (k) => String(k.ContactID) === keys[0], (k) => wireContact(k, 1, prefix));
        return this.list(this.contacts, q, contactField, (k, row) => wireContact(k, row, prefix));
      case 'CustomerLocation':
        if (key) return one(this.locations, (l) => l.Customer === keys[0] && l.LocationID === keys[1], (l) => wireLocation(l, 1, prefix));
        return this.list(this.locations, q, locationField, (l, row) => wireLocation(l, row, prefix));
      case 'SalesOrder':
        if (key) return one(this.orders, (o) => o.OrderType === keys[0] && o.OrderNbr === keys[1], (o) => wireOrder(o, 1, expand, prefix));
        return this.list(this.orders, q, orderField, (o, row) => wireOrder(o, row, expand, prefix));
      case 'CustomerPriceClass':
        return this.list(PRICE_CLASSES, q, (p, f) => (f === 'PriceClassID' || f === 'Description' ? p[f] : undefined), (p, row) => ({ id: `class-${p.PriceClassID}`, rowNumber: row, note: { value: null }, custom: {}, ...wrapAll({ PriceClassID: p.PriceClassID, Description: p.Description }) }));
      case 'StockItem':
        return this.list(this.items, q, (i, f) => (f === 'InventoryID' || f === 'ItemStatus' ? i[f] : undefined), (i, row) => ({ id: `item-${i.InventoryID}`, rowNumber: row, note: { value: null }, custom: {}, ...wrapAll({ ...i, DefaultPrice: i.BasePrice }) }));
      default:
        return httpError(404, `The entity ${entity} is not part of this endpoint.`);
    }
  }

  private write(entity: string, body: Record<string, unknown>, q: URLSearchParams, expand: Set<string>, prefix: string): SandboxReply {
    let outcome: WriteOutcome<object>;
    switch (entity) {
      case 'Customer':
        outcome = putCustomer(this, body, (c) => wireCustomer(c, 1, expand, prefix, () => this.contactsOf(c.CustomerID)));
        break;
      case 'Contact':
        outcome = putContact(this, body, (k) => wireContact(k, 1, prefix));
        break;
      case 'CustomerLocation':
        outcome = putLocation(this, body, (l) => wireLocation(l, 1, prefix));
        break;
      case 'SalesOrder':
        outcome = putOrder(this, body, (o) => wireOrder(o, 1, expand, prefix));
        break;
      case 'SalesPricesInquiry':
        return priceInquiry(this.prices, this.customers, this.items.length, body, q, this.emptiedPriceClasses);
      default:
        return httpError(404, `The entity ${entity} is not part of this endpoint.`);
    }
    if ('failed' in outcome) return { status: 422, body: outcome.failed };
    const rec = outcome.record as Record<string, { value?: unknown } | undefined>;
    const keyOf: Record<string, string> = { Customer: 'CustomerID', Contact: 'ContactID', CustomerLocation: 'LocationID', SalesOrder: 'CustomerOrder' };
    const key = rec[keyOf[entity]!]?.value;
    const owner = entity === 'CustomerLocation' ? `${String(rec.Customer?.value)}/` : '';
    this.writeLog.push({ entity, key: key === undefined || key === null ? null : `${owner}${String(key)}`, fields: Object.keys(body).filter((k) => k !== 'id') });
    return { status: 200, body: outcome.record };
  }
}

/** The first index whose record is not `before` the new one (the list is sorted). */
function sortedIndex<T>(list: readonly T[], before: (x: T) => boolean): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(list[mid]!)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function tokenOf(req: SandboxRequest): string | null {
  const cookie = req.headers.cookie ?? '';
  for (const part of cookie.split(';')) {
    const [k, ...rest] = part.trim().split('=');
    if (k === SESSION_COOKIE) return rest.join('=') || null;
  }
  return null;
}
