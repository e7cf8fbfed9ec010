// The Infusion accounting simulator: license + session UUID headers (a new session ends the old one), a rate limit of
// ten requests a rolling second per license (429 with Retry-After beyond it), custom field definitions, the customer
// search paged by offset, and the cursor-based customer synchronisation feed, with test switches.
import { SandboxServer, type SandboxReply, type SandboxRequest } from '../../sandbox/sandbox-server';
import type { SimulatorOptions } from '../connector';
import {
  FIRST_ACCOUNT_NUMBER,
  FLAG_FIELD,
  isoAt,
  seedCustomFields,
  seedCustomers,
  textProblem,
  uuidOf,
  wireCustomer,
  type CustomFieldValue,
  type SimContact,
  type SimCustomFieldDefinition,
  type SimCustomer,
} from './sandbox-data';
import { ChangeLog, RollingRateLimit } from './sandbox-limits';

export type { RateEvent } from './sandbox-limits';
export type { SimContact, SimCustomFieldDefinition, SimCustomer } from './sandbox-data';
export { FLAG_FIELD } from './sandbox-data';

/** Fixed, so sandbox mode can point a connection at the simulator before it has started. */
export const SANDBOX_CREDENTIALS = {
  licenseUuid: '5f1c2a9e-7b3d-4e8a-9c41-0d6e2f8a1b37',
  sessionUuid: 'a3e7c915-2f4b-4d6e-8a10-b9c3d5e7f246',
};

/** Assumed (no public reference gives them): the connector keeps each in a setting with these defaults. */
export const SANDBOX_PATHS = {
  customFields: '/api/v1/customers/custom-fields',
  customers: '/api/v1/customers/search',
  customerSync: '/api/v1/sync/customers',
};

export const SANDBOX_HEADERS = { license: 'licenseuuid', session: 'sessionuuid' };

export const RATE_LIMIT_PER_SECOND = 10;
const SESSION_IDLE_LIMIT_MS = 60 * 86_400_000;

type RouteName = 'customFields' | 'customers' | 'customerSync';

export interface AccountingSandboxOptions extends Partial<SimulatorOptions> {
  /** Seeded customers (default 2,000; up to 100,000 for a bench). */
  customers?: number;
  /** Share of customers with Checkbox Field 2 ticked (default 0.25). */
  flaggedShare?: number;
}

export interface CustomerEdit {
  name?: string;
  accountNumber?: string;
  contacts?: Omit<SimContact, 'uuid'>[];
  /** Values by field code; codes not named keep their value. */
  customFields?: Record<string, CustomFieldValue>;
}

const error = (status: number, errorCode: string, message: string, headers?: Record<string, string>): SandboxReply => ({ status, body: { errorCode, message }, headers });

function headerOf(req: SandboxRequest, name: string): string {
  const v = req.headers[name.toLowerCase()];
  return (Array.isArray(v) ? v[0] : v)?.trim() ?? '';
}

export class AccountingSandbox extends SandboxServer {
  readonly fieldDefinitions: SimCustomFieldDefinition[];
  /** Live customers in creation order: what the search pages through. */
  readonly customers: SimCustomer[];
  /** Every customer by UUID, deleted ones as their tombstone. */
  private readonly records = new Map<string, SimCustomer>();
  private readonly accountNumbers = new Set<string>();
  private readonly changes = new ChangeLog();
  private lastStamp: number;
  private nextAccountNo: number;
  private added = 0;
  private readonly generation: number;

  readonly licenseUuid = SANDBOX_CREDENTIALS.licenseUuid;
  private session = SANDBOX_CREDENTIALS.sessionUuid;
  private sessionLastUsed = Date.now();
  sessionsOpened = 0;
  readonly headerNames = { ...SANDBOX_HEADERS };

  /** The license's rolling-second limit and its counters (peakArrivalsPerSecond, refused, events). */
  readonly rate = new RollingRateLimit(RATE_LIMIT_PER_SECOND);

  /** Makes one call of a route answer cut JSON, or a record of the wrong shape (1-based, counted per route). */
  pageFault: { route: RouteName; call: number; kind: 'malformed' | 'badRecord' } | null = null;
  private readonly routeCalls: Record<RouteName, number> = { customFields: 0, customers: 0, customerSync: 0 };
  /** Pages never hold more than this, whatever is asked. */
  maxPageSize = 1_000;

  constructor(opts: AccountingSandboxOptions = {}) {
    const seed = opts.seed ?? 42;
    super('Infusion accounting (sandbox)', seed, {
      [`GET ${SANDBOX_PATHS.customFields}`]: (req) => this.guard(req, 'customFields', () => this.listCustomFields(req)),
      [`GET ${SANDBOX_PATHS.customers}`]: (req) => this.guard(req, 'customers', () => this.listCustomers(req)),
      [`GET ${SANDBOX_PATHS.customerSync}`]: (req) => this.guard(req, 'customerSync', () => this.syncPage(req)),
    });
    this.generation = opts.generation ?? 0;
    const count = opts.customers ?? 2_000;
    if (!Number.isInteger(count) || count < 0 || count > 100_000) throw new Error(`customers must be 0 to 100,000, not ${count}`);
    this.fieldDefinitions = seedCustomFields(seed);
    this.customers = seedCustomers({ seed, count, flaggedShare: opts.flaggedShare ?? 0.25 });
    for (const c of this.customers) {
      this.records.set(c.uuid, c);
      this.accountNumbers.add(c.accountNumber);
    }
    // The feed starts with every customer once, in the order they were last modified.
    const order = this.customers.map((c) => ({ ms: Date.parse(c.modifiedTimestamp), uuid: c.uuid }));
    order.sort((a, b) => a.ms - b.ms || (a.uuid < b.uuid ? -1 : a.uuid > b.uuid ? 1 : 0));
    for (const e of order) this.append(e.uuid);
    this.lastStamp = order.length ? order[order.length - 1]!.ms : 0;
    // Customers added at each start of a data folder are numbered 10,000 further on: no number repeats.
    this.nextAccountNo = FIRST_ACCOUNT_NUMBER + count + 1 + this.generation * 10_000;
  }

  // ---- what tests and the demo change ------------------------------------------------------------------------------

  customer(uuid: string): SimCustomer {
    const c = this.records.get(uuid);
    if (!c || c.deletedTimestamp) throw new Error(`no accounting customer ${uuid}`);
    return c;
  }

  /** Live customers whose field `code` is ticked. */
  flagged(code = FLAG_FIELD): SimCustomer[] {
    return this.customers.filter((c) => c.customFields[code] === true);
  }

  flag(uuid: string, on = true, code = FLAG_FIELD): SimCustomer {
    return this.editCustomer(uuid, { customFields: { [code]: on } });
  }

  unflag(uuid: string, code = FLAG_FIELD): SimCustomer {
    return this.flag(uuid, false, code);
  }

  /** An edit as Infusion's own screens make it: text rules checked, version and modified time moved on, fed. */
  editCustomer(uuid: string, edit: CustomerEdit): SimCustomer {
    const c = this.customer(uuid);
    if (edit.name !== undefined) c.name = this.checkedText('name', edit.name);
    if (edit.accountNumber !== undefined && edit.accountNumber !== c.accountNumber) {
      const n = this.checkedAccountNumber(edit.accountNumber);
      this.accountNumbers.delete(c.accountNumber);
      this.accountNumbers.add(n);
      c.accountNumber = n;
    }
    if (edit.contacts) c.contacts = this.contactsOf(c.uuid, edit.contacts, c.versionNumber + 1);
    for (const [code, value] of Object.entries(edit.customFields ?? {})) this.setField(c, code, value);
    this.touch(c);
    return c;
  }

  /** Removes a customer: the search no longer lists it, the feed sends its tombstone with deletedTimestamp. */
  deleteCustomer(uuid: string): SimCustomer {
    const c = this.customer(uuid);
    this.customers.splice(this.customers.indexOf(c), 1);
    this.accountNumbers.delete(c.accountNumber);
    this.touch(c);
    c.deletedTimestamp = c.modifiedTimestamp;
    return c;
  }

  /** New customers (automatic account numbers unless given), fed like any change. */
  addCustomers(list: (CustomerEdit & { name: string })[]): SimCustomer[] {
    return list.map((fields) => {
      const n = ++this.added;
      const uuid = uuidOf('accounting-customer', this.seed, this.generation, n);
      const at = this.stamp();
      const c: SimCustomer = {
        uuid,
        accountNumber: fields.accountNumber !== undefined ? this.checkedAccountNumber(fields.accountNumber) : this.nextAccountNumber(),
        name: this.checkedText('name', fields.name),
        customFields: Object.fromEntries(this.fieldDefinitions.map((f) => [f.code, f.type === 'boolean' ? false : null])),
        contacts: this.contactsOf(uuid, fields.contacts ?? [], 0),
        createdTimestamp: isoAt(at),
        modifiedTimestamp: isoAt(at),
        versionNumber: 0,
        deletedTimestamp: null,
      };
      for (const [code, value] of Object.entries(fields.customFields ?? {})) this.setField(c, code, value);
      this.customers.push(c);
      this.records.set(uuid, c);
      this.accountNumbers.add(c.accountNumber);
      this.append(uuid);
      return c;
    });
  }

  /** Every cursor handed out so far is reset: the next feed call with one re-sends everything. */
  resetCursors(): void {
    this.changes.resetCursors();
  }

  /** Opens a new session for the license, which ends the one before it (its calls answer 401). */
  openSession(): string {
    this.sessionsOpened++;
    this.session = uuidOf('accounting-session', this.seed, this.generation, this.sessionsOpened, Date.now());
    this.sessionLastUsed = Date.now();
    return this.session;
  }

  get sessionUuid(): string {
    return this.session;
  }

  /** Ages the session as if unused for that long (a session expires after 60 days unused). */
  ageSession(ms: number): void {
    this.sessionLastUsed -= ms;
  }

  /** The next `times` requests are answered 429 with `Retry-After: retryAfterSec`. */
  forceRateLimit(times: number, retryAfterSec: number): void {
    this.rate.force(times, retryAfterSec);
  }

  override resetCounters(): void {
    super.resetCounters();
    this.rate.reset();
    for (const k of Object.keys(this.routeCalls) as RouteName[]) this.routeCalls[k] = 0;
  }

  // ---- bookkeeping -------------------------------------------------------------------------------------------------

  /** Change times only go forward, a millisecond at least, so the feed's order is the order changes happened in. */
  private stamp(): number {
    this.lastStamp = Math.max(Date.now(), this.lastStamp + 1);
    return this.lastStamp;
  }

  private touch(c: SimCustomer): void {
    c.modifiedTimestamp = isoAt(this.stamp());
    c.versionNumber++;
    this.append(c.uuid);
  }

  private append(uuid: string): void {
    this.changes.append(uuid);
  }

  private checkedText(field: string, value: string): string {
    const problem = textProblem(value);
    if (problem) throw new Error(`${field} ${problem}`);
    return value;
  }

  private checkedAccountNumber(value: string): string {
    const n = this.checkedText('accountNumber', value);
    if (!n) throw new Error('accountNumber is empty');
    if (this.accountNumbers.has(n)) throw new Error(`account number ${n} is already used`);
    return n;
  }

  /** Infusion's "next account number": the next automatic one, skipping numbers typed by hand meanwhile. */
  private nextAccountNumber(): string {
    while (this.accountNumbers.has(String(this.nextAccountNo))) this.nextAccountNo++;
    return String(this.nextAccountNo++);
  }

  private contactsOf(owner: string, list: Omit<SimContact, 'uuid'>[], version: number): SimContact[] {
    return list.map((k, i) => ({
      uuid: uuidOf('accounting-contact', owner, version, i),
      firstName: this.checkedText('firstName', k.firstName),
      lastName: this.checkedText('lastName', k.lastName),
      email: k.email === null ? null : this.checkedText('email', k.email),
    }));
  }

  private setField(c: SimCustomer, code: string, value: CustomFieldValue): void {
    const def = this.fieldDefinitions.find((f) => f.code === code);
    if (!def) throw new Error(`no custom field ${code}`);
    if (def.type === 'boolean' && typeof value !== 'boolean') throw new Error(`${code} is a Boolean field`);
    if (typeof value === 'string') this.checkedText(code, value);
    c.customFields[code] = value;
  }

  // ---- the wire ----------------------------------------------------------------------------------------------------

  /** Counts the request against its license's rolling second, then checks the session. */
  private guard(req: SandboxRequest, route: RouteName, fn: () => SandboxReply): SandboxReply {
    const license = headerOf(req, this.headerNames.license);
    const retryAfter = this.rate.admit(license);
    if (retryAfter !== null) return this.tooMany(retryAfter);
    return this.authed(req, license) ?? this.faulted(route, fn());
  }

  private tooMany(retryAfterSec: number): SandboxReply {
    return error(429, 'RATE_LIMIT_EXCEEDED', `More than ${this.rate.limit} requests a second for this license.`, { 'retry-after': String(retryAfterSec) });
  }

  private authed(req: SandboxRequest, license: string): SandboxReply | null {
    if (!license) return error(401, 'LICENSE_MISSING', `The ${this.headerNames.license} header is missing.`);
    if (license !== this.licenseUuid) return error(401, 'LICENSE_INVALID', 'The license UUID is not valid.');
    const session = headerOf(req, this.headerNames.session);
    if (!session) return error(401, 'SESSION_MISSING', `The ${this.headerNames.session} header is missing.`);
    if (session !== this.session) return error(401, 'SESSION_INVALID', 'The session is not valid: a newer session may have replaced it.');
    if (Date.now() - this.sessionLastUsed > SESSION_IDLE_LIMIT_MS) return error(401, 'SESSION_EXPIRED', 'The session has expired after 60 days unused.');
    this.sessionLastUsed = Date.now();
    return null;
  }

  private faulted(route: RouteName, reply: SandboxReply): SandboxReply {
    const call = ++this.routeCalls[route];
    const fault = this.pageFault?.route === route && this.pageFault.call === call ? this.pageFault.kind : null;
    if (!fault || reply.status !== 200) return reply;
    const body = reply.body as { items: Record<string, unknown>[] };
    if (fault === 'badRecord' && body.items.length) {
      const items = [...body.items];
      items[items.length - 1] = { ...items[items.length - 1], versionNumber: 'one' };
      return { ...reply, body: { ...body, items } };
    }
    const text = JSON.stringify(body);
    return { status: 200, body: text.slice(0, Math.floor(text.length / 2)), headers: { 'content-type': 'application/json; charset=utf-8' } };
  }

  private paging(req: SandboxRequest): { offset: number; limit: number } | SandboxReply {
    const offset = Number(req.query.get('offset') ?? '0');
    const limit = Number(req.query.get('limit') ?? '100');
    if (!Number.isInteger(offset) || offset < 0) return error(400, 'INVALID_PARAMETER', `offset is not a whole number of 0 or more: ${req.query.get('offset')}`);
    if (!Number.isInteger(limit) || limit < 1) return error(400, 'INVALID_PARAMETER', `limit is not a whole number of 1 or more: ${req.query.get('limit')}`);
    return { offset, limit: Math.min(limit, this.maxPageSize) };
  }

  private listCustomFields(req: SandboxRequest): SandboxReply {
    const p = this.paging(req);
    if ('status' in p) return p;
    return { status: 200, body: { items: this.fieldDefinitions.slice(p.offset, p.offset + p.limit), offset: p.offset, limit: p.limit, totalCount: this.fieldDefinitions.length } };
  }

  private listCustomers(req: SandboxRequest): SandboxReply {
    const p = this.paging(req);
    if ('status' in p) return p;
    return { status: 200, body: { items: this.customers.slice(p.offset, p.offset + p.limit).map(wireCustomer), offset: p.offset, limit: p.limit, totalCount: this.customers.length } };
  }

  private syncPage(req: SandboxRequest): SandboxReply {
    const limit = Number(req.query.get('limit') ?? '100');
    if (!Number.isInteger(limit) || limit < 1) return error(400, 'INVALID_PARAMETER', `limit is not a whole number of 1 or more: ${req.query.get('limit')}`);
    const size = Math.min(limit, this.maxPageSize);
    const sent = req.query.get('cursor');
    let after = 0;
    let cursorReset = false;
    if (sent) {
      const c = this.changes.decode(sent);
      if (!c) return error(400, 'INVALID_CURSOR', 'The cursor is not one this server issued.');
      after = c.seq;
      cursorReset = c.reset;
    }
    const { ids, nextCursor, more } = this.changes.page(after, size);
    return { status: 200, body: { items: ids.map((id) => wireCustomer(this.records.get(id)!)), nextCursor, moreAvailable: more, cursorReset } };
  }
}
