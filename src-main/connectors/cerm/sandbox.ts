// The CERM simulator: OAuth2 password grant with expiring tokens, the customer list (paged), customer create that
// counts per idempotency key and per reference, the address change feed, live search, and test switches.
import { randomBytes } from 'node:crypto';
import { SandboxServer, type SandboxReply, type SandboxRequest } from '../../sandbox/sandbox-server';
import { SEED_TIME, isoAt, pad, seedData, type SimAddress, type SimCustomer } from './sandbox-data';

export type { SimAddress, SimCustomer } from './sandbox-data';

export const SANDBOX_CREDENTIALS = {
  clientId: 'syncdesk-sandbox',
  clientSecret: 'sandbox-client-secret',
  username: 'demo',
  password: 'sandbox-password',
};

export const SANDBOX_PATHS = {
  token: '/oauth/token',
  customers: '/customer-api/v1/customers',
  addresses: '/address-api/v1/addresses',
};

const DENIED = { status: 401, body: { status: 401, message: 'Authorization has been denied for this request.' } };

interface FeedEntry {
  ms: number;
  id: string;
}

function before(a: FeedEntry, b: FeedEntry): boolean {
  return a.ms < b.ms || (a.ms === b.ms && a.id < b.id);
}

export class CermSandbox extends SandboxServer {
  /** Sorted by Id (zero-padded, so text order is number order). */
  readonly customers: SimCustomer[];
  readonly customersById = new Map<string, SimCustomer>();
  readonly addresses = new Map<string, SimAddress>();
  /** Every address once, ordered by (LastModified, Id): what the change feed pages through. */
  private readonly feed: FeedEntry[] = [];
  private lastStamp = SEED_TIME;
  private nextCustomerNo: number;
  private nextAddressNo: number;

  credentials = { ...SANDBOX_CREDENTIALS };
  tokenLifetimeSec = 3599;
  private readonly tokens = new Map<string, number>();
  private readonly refreshTokens = new Set<string>();
  tokensIssued = 0;
  refreshGrants = 0;

  /** Real CERM is not known to honour Idempotency-Key: tests switch this off to prove the connector needs no help. */
  honourIdempotencyKey = true;
  /** Delay between applying a create and answering it: a crash in that window must not create twice. */
  replyDelayMs = 0;
  readonly createsByReference = new Map<string, number>();
  private readonly createdByKey = new Map<string, string>();
  repeatsAnswered = 0;

  /** Makes one page of the customer list malformed (cut JSON) or never finish (headers, half a body, then silence). */
  customerPageFault: { page: number; kind: 'malformed' | 'stall' } | null = null;
  /** Sees every change-feed call first (1-based count); a reply it returns is sent instead. */
  addressFeedHook: ((call: number) => SandboxReply | void) | null = null;
  addressFeedCalls = 0;
  /** Pages never hold more than this, whatever is asked (real APIs cap page sizes). */
  maxPageSize = 5_000;
  /** Answers a list of one as `{"Data": {...}}`, not `{"Data": [{...}]}`, as some servers do (every list). */
  unwrapSingleItemLists = false;

  /**
   * generation: how many simulators the data folder has started before this one. Customers created at each start get
   * ids 10,000 further on, so a restarted simulator never hands out an id the store already links.
   */
  constructor(seed: number, count = 2_000, generation = 0) {
    super('CERM (sandbox)', seed, {
      [`POST ${SANDBOX_PATHS.token}`]: (req) => this.token(req),
      [`GET ${SANDBOX_PATHS.customers}`]: (req) => this.authed(req, () => this.listCustomers(req)),
      [`POST ${SANDBOX_PATHS.customers}`]: (req) => this.authed(req, () => this.createCustomer(req)),
      [`GET ${SANDBOX_PATHS.addresses}`]: (req) => this.authed(req, () => this.listAddresses(req)),
      [`GET ${SANDBOX_PATHS.addresses}/:id`]: (req) =>
        this.authed(req, () => {
          const a = this.addresses.get(decodeURIComponent(req.path.split('/').pop() ?? ''));
          return a && a.Active ? { status: 200, body: { Data: a } } : { status: 404, body: { status: 404, message: 'Address not found' } };
        }),
    });
    const data = seedData(seed, count);
    this.customers = data.customers;
    for (const c of this.customers) this.customersById.set(c.Id, c);
    for (const a of data.addresses) {
      this.addresses.set(a.Id, a);
      this.feed.push({ ms: Date.parse(a.LastModified), id: a.Id });
    }
    this.nextCustomerNo = count + 1 + generation * 10_000;
    this.nextAddressNo = data.addresses.length + 1;
  }

  // ---- what tests and the demo change -------------------------------------------------------------------------

  addAddress(customerId: string, fields: Partial<SimAddress> = {}): SimAddress {
    if (!this.customersById.has(customerId)) throw new Error(`no CERM customer ${customerId}`);
    const a: SimAddress = {
      Id: pad(this.nextAddressNo++, 8),
      CustomerId: customerId,
      Name: 'New address',
      Street: 'Nieuwstraat',
      Number: '1',
      PostalCode: '9000',
      City: 'Gent',
      CountryId: 'BE',
      Country: 'Belgium',
      Email: null,
      PhoneNumber: null,
      IsDeliveryAddress: true,
      IsInvoiceAddress: false,
      ...fields,
      Active: true,
      LastModified: isoAt(SEED_TIME),
    };
    this.addresses.set(a.Id, a);
    this.stampAddress(a, true);
    return a;
  }

  changeAddress(id: string, patch: Partial<SimAddress>): SimAddress {
    const a = this.addresses.get(id);
    if (!a) throw new Error(`no CERM address ${id}`);
    Object.assign(a, patch, { Id: a.Id, LastModified: a.LastModified });
    this.stampAddress(a);
    return a;
  }

  /**
   * A change stamped at a given time, as a CERM with a coarse clock or a late commit would: it sorts into the feed by
   * that time, possibly before what a reader has already passed.
   */
  changeAddressStampedAt(id: string, patch: Partial<SimAddress>, ms: number): SimAddress {
    const a = this.addresses.get(id);
    if (!a) throw new Error(`no CERM address ${id}`);
    const old = { ms: Date.parse(a.LastModified), id: a.Id };
    const at = this.feedIndexAfter(old.ms, old.id, true);
    if (this.feed[at]?.id === a.Id) this.feed.splice(at, 1);
    Object.assign(a, patch, { Id: a.Id, LastModified: isoAt(ms) });
    this.feed.splice(this.feedIndexAfter(ms, a.Id), 0, { ms, id: a.Id });
    return a;
  }

  /** CERM keeps removed addresses as inactive: they reach the feed with Active false. */
  removeAddress(id: string): void {
    this.changeAddress(id, { Active: false });
  }

  /** Changes the street of every n-th active address so that `fraction` of them change; returns how many. */
  changeAddressFraction(fraction: number): number {
    const every = Math.max(1, Math.round(1 / fraction));
    let n = 0;
    let i = 0;
    for (const a of [...this.addresses.values()]) {
      if (a.Active && i++ % every === 0) {
        this.changeAddress(a.Id, { Street: `${a.Street ?? ''} (moved)`.slice(-60) });
        n++;
      }
    }
    return n;
  }

  addressesOf(customerId: string, includeInactive = false): SimAddress[] {
    return [...this.addresses.values()].filter((a) => a.CustomerId === customerId && (includeInactive || a.Active));
  }

  changeCustomer(id: string, patch: Partial<SimCustomer>): SimCustomer {
    const c = this.customersById.get(id);
    if (!c) throw new Error(`no CERM customer ${id}`);
    Object.assign(c, patch, { Id: c.Id, LastModified: isoAt(this.stamp()) });
    return c;
  }

  removeCustomer(id: string): void {
    const i = this.customers.findIndex((c) => c.Id === id);
    if (i < 0) throw new Error(`no CERM customer ${id}`);
    this.customers.splice(i, 1);
    this.customersById.delete(id);
  }

  addCustomer(fields: Partial<SimCustomer> & { Name: string }): SimCustomer {
    const no = this.nextCustomerNo++;
    const c: SimCustomer = {
      Number: String(10_000 + no),
      CostCode: null,
      Email: null,
      PhoneNumber: null,
      Street: null,
      PostalCode: null,
      City: null,
      Country: null,
      VatNumber: null,
      ExternalReference: null,
      ...fields,
      Id: pad(no, 6),
      Active: true,
      LastModified: isoAt(this.stamp()),
    };
    this.customers.push(c);
    this.customersById.set(c.Id, c);
    return c;
  }

  customerByReference(reference: string): SimCustomer | null {
    return this.customers.find((c) => c.ExternalReference === reference) ?? null;
  }

  /** Every issued token stops working at once (as when CERM restarts): the next call answers 401. */
  revokeTokens(): void {
    this.tokens.clear();
    this.refreshTokens.clear();
  }

  override resetCounters(): void {
    super.resetCounters();
    this.tokensIssued = 0;
    this.refreshGrants = 0;
    this.repeatsAnswered = 0;
    this.addressFeedCalls = 0;
  }

  // ---- the wire ---------------------------------------------------------------------------------------------------

  /** Change times only go forward, one millisecond at least, so (LastModified, Id) orders changes as they happened. */
  private stamp(): number {
    this.lastStamp = Math.max(Date.now(), this.lastStamp + 1);
    return this.lastStamp;
  }

  private stampAddress(a: SimAddress, isNew = false): void {
    if (!isNew) {
      const old = { ms: Date.parse(a.LastModified), id: a.Id };
      const at = this.feedIndexAfter(old.ms, old.id, true);
      if (this.feed[at]?.id === a.Id) this.feed.splice(at, 1);
    }
    const ms = this.stamp();
    a.LastModified = isoAt(ms);
    this.feed.push({ ms, id: a.Id });
  }

  /** First feed position after (ms, id), or at it when `inclusive`. */
  private feedIndexAfter(ms: number, id: string, inclusive = false): number {
    const key = { ms, id };
    let lo = 0;
    let hi = this.feed.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const e = this.feed[mid]!;
      const atOrBefore = inclusive ? before(e, key) : before(e, key) || (e.ms === ms && e.id === id);
      if (atOrBefore) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private token(req: SandboxRequest): SandboxReply {
    const form = new URLSearchParams(req.body);
    const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? '');
    const [basicId, basicSecret] = basic ? Buffer.from(basic[1]!, 'base64').toString().split(':') : [];
    const clientId = form.get('client_id') ?? basicId;
    const clientSecret = form.get('client_secret') ?? basicSecret;
    if (clientId !== this.credentials.clientId || clientSecret !== this.credentials.clientSecret)
      return { status: 401, body: { error: 'invalid_client', error_description: 'The client id or client secret is not valid.' } };
    const grant = form.get('grant_type');
    if (grant === 'refresh_token') {
      const rt = form.get('refresh_token') ?? '';
      if (!this.refreshTokens.delete(rt)) return { status: 400, body: { error: 'invalid_grant', error_description: 'The refresh token is not valid.' } };
      this.refreshGrants++;
    } else if (grant === 'password') {
      if (form.get('username') !== this.credentials.username || form.get('password') !== this.credentials.password)
        return { status: 400, body: { error: 'invalid_grant', error_description: 'The user name or password is incorrect.' } };
    } else {
      return { status: 400, body: { error: 'unsupported_grant_type' } };
    }
    const access = randomBytes(24).toString('base64url');
    const refresh = randomBytes(24).toString('base64url');
    this.tokens.set(access, Date.now() + this.tokenLifetimeSec * 1000);
    this.refreshTokens.add(refresh);
    this.tokensIssued++;
    return { status: 200, body: { access_token: access, token_type: 'bearer', expires_in: this.tokenLifetimeSec, refresh_token: refresh } };
  }

  private authed(req: SandboxRequest, fn: () => SandboxReply | Promise<SandboxReply>): SandboxReply | Promise<SandboxReply> {
    const m = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '');
    const expires = m ? this.tokens.get(m[1]!) : undefined;
    if (expires === undefined) return DENIED;
    if (expires <= Date.now()) {
      this.tokens.delete(m![1]!);
      return DENIED;
    }
    return fn();
  }

  private paging(req: SandboxRequest): { start: number; size: number; page: number } {
    const size = Math.min(this.maxPageSize, Math.max(1, Number(req.query.get('pageSize') ?? '100') || 100));
    if (req.query.has('offset')) {
      const start = Math.max(0, Number(req.query.get('offset')) || 0);
      return { start, size, page: Math.floor(start / size) + 1 };
    }
    const page = Math.max(1, Number(req.query.get('page') ?? '1') || 1);
    return { start: (page - 1) * size, size, page };
  }

  /** A list answer's Data: the list, or its one record when `unwrapSingleItemLists` is on. */
  private listData<T>(items: T[]): T[] | T {
    return this.unwrapSingleItemLists && items.length === 1 ? items[0]! : items;
  }

  private listCustomers(req: SandboxRequest): SandboxReply {
    const { start, size, page } = this.paging(req);
    const reference = req.query.get('externalReference');
    const q = req.query.get('search')?.trim().toLowerCase();
    let list: SimCustomer[] = this.customers;
    if (reference !== null) list = list.filter((c) => c.ExternalReference === reference);
    if (q) list = list.filter((c) => [c.Id, c.Number, c.Name, c.CostCode, c.Email, c.City].some((v) => v?.toLowerCase().includes(q)));
    const body = JSON.stringify({ Data: this.listData(list.slice(start, start + size)), Page: page, PageSize: size, TotalCount: list.length });
    const fault = reference === null && !q && this.customerPageFault?.page === page ? this.customerPageFault.kind : null;
    if (fault === 'malformed') return { status: 200, body: body.slice(0, Math.floor(body.length / 2)), headers: { 'content-type': 'application/json; charset=utf-8' } };
    if (fault === 'stall')
      // Announces the whole body, sends half: the client waits for the rest until its timeout.
      return {
        status: 200,
        body: body.slice(0, Math.floor(body.length / 2)),
        headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(body)) },
      };
    return { status: 200, body, headers: { 'content-type': 'application/json; charset=utf-8' } };
  }

  private async createCustomer(req: SandboxRequest): Promise<SandboxReply> {
    let input: Record<string, unknown>;
    try {
      input = JSON.parse(req.body || '{}') as Record<string, unknown>;
    } catch {
      return { status: 400, body: { status: 400, message: 'The request body is not valid JSON.' } };
    }
    const text = (k: string) => (typeof input[k] === 'string' && (input[k] as string).trim() ? (input[k] as string).trim() : null);
    if (!text('Name')) return { status: 400, body: { status: 400, message: 'Name is required.' } };
    if (!text('Email')) return { status: 400, body: { status: 400, message: 'Email is required.' } };
    const key = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : null;
    const seen = key && this.honourIdempotencyKey ? this.createdByKey.get(key) : undefined;
    if (seen && this.customersById.has(seen)) {
      this.repeatsAnswered++;
      return { status: 200, body: { Data: this.customersById.get(seen) } };
    }
    const c = this.addCustomer({
      Name: text('Name')!,
      Email: text('Email'),
      PhoneNumber: text('PhoneNumber'),
      CostCode: text('CostCode'),
      ExternalReference: text('ExternalReference'),
    });
    if (key) {
      this.recordEffect(key);
      this.createdByKey.set(key, c.Id);
    }
    if (c.ExternalReference) this.createsByReference.set(c.ExternalReference, (this.createsByReference.get(c.ExternalReference) ?? 0) + 1);
    if (this.replyDelayMs > 0) await new Promise((r) => setTimeout(r, this.replyDelayMs));
    return { status: 201, body: { Data: c } };
  }

  private listAddresses(req: SandboxRequest): SandboxReply {
    const customerId = req.query.get('customerId');
    if (customerId !== null) {
      const { start, size, page } = this.paging(req);
      const list = this.addressesOf(customerId);
      return { status: 200, body: { Data: this.listData(list.slice(start, start + size)), Page: page, PageSize: size, TotalCount: list.length } };
    }
    const call = ++this.addressFeedCalls;
    const hooked = this.addressFeedHook?.(call);
    if (hooked) return hooked;
    const size = Math.min(this.maxPageSize, Math.max(1, Number(req.query.get('pageSize') ?? '100') || 100));
    const since = req.query.get('changedSince');
    let from = 0;
    if (since !== null) {
      const ms = Date.parse(since);
      if (!Number.isFinite(ms)) return { status: 400, body: { status: 400, message: `changedSince is not a date-time: ${since}` } };
      from = this.feedIndexAfter(ms, req.query.get('afterId') ?? '');
    }
    const data = this.feed.slice(from, from + size).map((e) => this.addresses.get(e.id)!);
    return { status: 200, body: { Data: this.listData(data), PageSize: size, TotalCount: this.feed.length - from } };
  }
}
