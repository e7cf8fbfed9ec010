import { z } from 'zod';
import type { Repositories } from '../store/repositories';
import type { OrderRow } from '../store/orders-repo';
import type { IntegrationLog } from '../engine/integration-log';
import type { DomainEvents } from '../events/domain-events';
import { UniqueViolation } from '../store/store-errors';
import { grouped } from '../engine/count-words';

const Str = (max: number) => z.string().trim().min(1, 'required').max(max);
const Opt = (max: number) => z.string().trim().max(max).optional();
const Email = z.string().trim().toLowerCase().email('a valid email address').max(254);

const Line = z.object({ item: Str(60), qty: z.number().int('a whole number').min(1, 'at least 1').max(1_000_000), unitPriceCents: z.number().int('whole cents').min(0).max(1_000_000_000) }).strict();
const ShipTo = z.object({ name: Str(200), line1: Str(200), line2: Opt(200), city: Str(100), state: Opt(100), postalCode: Str(20), country: Str(2).regex(/^[A-Za-z]{2}$/, 'a two-letter country code').transform((c) => c.toUpperCase()) }).strict();
const Common = {
  /** The storefront's own number: the key that makes a repost harmless. */
  orderNumber: z.string().trim().min(1, 'required').max(40).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only'),
  lines: z.array(Line).min(1, 'at least one line').max(500, 'at most 500 lines'),
  shipTo: ShipTo,
  poNumber: Opt(40),
};

/** The body of POST /platform/orders. */
export const OrderBody = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('b2b'), accountNumber: Str(30), contactEmail: Email, ...Common }).strict(),
  z.object({ kind: z.literal('b2c'), customer: z.object({ name: Str(200), email: Email, phone: Opt(40) }).strict(), ...Common }).strict(),
]);
export type OrderBody = z.infer<typeof OrderBody>;

export type PlaceResult =
  | { outcome: 'placed'; order: OrderRow; jobIds: number[] }
  | { outcome: 'repeat'; order: OrderRow }
  | { outcome: 'refused'; status: 403 | 404 | 409; error: string };

export interface OrderServiceDeps {
  repos: Repositories;
  events: DomainEvents;
  log: IntegrationLog;
  now: () => number;
}

const orNull = (v: string | null | undefined) => (v === undefined || v === null || v === '' ? null : v);

/** What an order says, in one form for the body posted and the order kept: equal forms are a repost. */
async function sameOrder(repos: Repositories, o: OrderRow, b: OrderBody): Promise<boolean> {
  const party = b.kind === 'b2b'
    ? { accountNumber: b.accountNumber, contactEmail: b.contactEmail.toLowerCase() }
    : { customer: { name: b.customer.name, email: b.customer.email, phone: orNull(b.customer.phone) } };
  const kept = o.accountId === null
    ? { customer: { name: o.customer?.name ?? null, email: o.customer?.email.toLowerCase() ?? null, phone: o.customer?.phone ?? null } }
    : { accountNumber: (await repos.accounts.get(o.accountId))?.accountNumber ?? null, contactEmail: o.contactId === null ? null : (await repos.accounts.contact(o.contactId))?.email.toLowerCase() ?? null };
  const s = b.shipTo;
  const posted = { party, lines: b.lines, poNumber: orNull(b.poNumber), shipTo: [s.name, s.line1, orNull(s.line2), s.city, orNull(s.state), s.postalCode, s.country] };
  const k = o.shipTo;
  const stored = { party: kept, lines: o.lines, poNumber: o.poNumber, shipTo: [k.name, k.line1, k.line2, k.city, k.state, k.postalCode, k.country] };
  return JSON.stringify(posted) === JSON.stringify(stored);
}

/**
 * Orders the storefront places: a B2B account's contact's or a B2C checkout. The order and its 'order.placed' event
 * (whose subscribers queue the ERP push) commit together; the storefront's order number makes a repost harmless.
 */
export function createOrderService(deps: OrderServiceDeps) {
  const { repos, events, log, now } = deps;

  async function repeatOf(existing: OrderRow, body: OrderBody): Promise<PlaceResult> {
    if (await sameOrder(repos, existing, body)) return { outcome: 'repeat', order: existing };
    return { outcome: 'refused', status: 409, error: `order number ${body.orderNumber} is taken by a different order` };
  }

  async function placeOnce(body: OrderBody): Promise<PlaceResult> {
    const existing = await repos.orders.byNumber(body.orderNumber);
    if (existing) return await repeatOf(existing, body);
    let accountId: number | null = null;
    let contactId: number | null = null;
    let addressId: number | null = null;
    if (body.kind === 'b2b') {
      const account = await repos.accounts.byAccountNumber(body.accountNumber);
      if (!account) return { outcome: 'refused', status: 404, error: `no account with the number ${body.accountNumber}` };
      if (account.status !== 'enabled') return { outcome: 'refused', status: 403, error: 'account disabled' };
      const contact = await repos.accounts.contactByEmail(body.contactEmail);
      if (!contact || contact.accountId !== account.id) return { outcome: 'refused', status: 403, error: `${body.contactEmail} is not a contact of account ${body.accountNumber}` };
      if (!contact.loginEnabled) return { outcome: 'refused', status: 403, error: 'contact login disabled' };
      accountId = account.id;
      contactId = contact.id;
      const s = body.shipTo;
      addressId = (await repos.accounts.shipTos(account.id)).find((a) =>
        a.name === s.name && a.line1 === s.line1 && a.line2 === orNull(s.line2) && a.city === s.city && a.state === orNull(s.state) && a.postalCode === s.postalCode && a.country === s.country)?.id ?? null;
    }
    const t = now();
    const placed = await repos.transaction(async (tx) => {
      const s = body.shipTo;
      const ship = { name: s.name, line1: s.line1, line2: orNull(s.line2), city: s.city, state: orNull(s.state), postalCode: s.postalCode, country: s.country };
      // An address first used on a web order joins the account's ship-tos; the ERP's location id comes with its push.
      if (accountId !== null && addressId === null) addressId = await tx.accounts.putShipTo(accountId, ship, null, t);
      const id = await tx.orders.insert({
        orderNumber: body.orderNumber, accountId, contactId, poNumber: orNull(body.poNumber), lines: body.lines,
        customer: body.kind === 'b2c' ? { name: body.customer.name, email: body.customer.email, phone: orNull(body.customer.phone) } : null,
        shipTo: { ...ship, addressId },
      }, t);
      const answers = await events.raise(tx, 'order.placed', { orderId: id, accountId, at: t });
      return { id, jobIds: answers.flatMap((a) => a.jobIds) };
    });
    return { outcome: 'placed', order: (await repos.orders.get(placed.id))!, jobIds: placed.jobIds };
  }

  async function place(body: OrderBody): Promise<PlaceResult> {
    let r: PlaceResult;
    try {
      r = await placeOnce(body);
    } catch (err) {
      // Two posts of one number at once: the second finds the first's order.
      if (!(err instanceof UniqueViolation)) throw err;
      const existing = await repos.orders.byNumber(body.orderNumber);
      if (!existing) throw err;
      r = await repeatOf(existing, body);
    }
    const who = body.kind === 'b2b' ? `${body.contactEmail} of account ${body.accountNumber}` : `checkout by ${body.customer.email}`;
    if (r.outcome === 'refused')
      await log.write({ connectorId: 'platform', action: 'order', entityType: 'order', entityId: body.orderNumber, outcome: 'validation_failure', message: `storefront order ${body.orderNumber} (${who}) refused: ${r.error}` });
    else if (r.outcome === 'placed')
      await log.write({ connectorId: 'platform', action: 'order', entityType: 'order', entityId: String(r.order.id), outcome: 'success', message: `storefront order ${body.orderNumber} (${who}): ${grouped(body.lines.length)} lines, ${grouped(r.order.totalCents)} cents; ${grouped(r.jobIds.length)} jobs queued` });
    else
      await log.write({ connectorId: 'platform', action: 'order', entityType: 'order', entityId: String(r.order.id), outcome: 'success', message: `storefront order ${body.orderNumber} posted again; the order kept is answered` });
    return r;
  }

  return { place };
}

export type OrderService = ReturnType<typeof createOrderService>;
