// The durable job of one order placed on the platform, in three idempotent steps, each a log line:
//   1. the account's pending web edits go to the ERP customer (those fields only), then are marked pushed;
//   2. for a B2C checkout, or an account made on the platform, the customer (with its address) is created in the ERP
//      first, under a CustomerID derived from ours and looked up before the create, so a retry never makes a second;
//   3. the sales order, with our order number as CustomerOrder, looked up before every create (the ERP has no
//      idempotency key).
// After an attempt that may have reached the ERP (a crash, a lost answer), step 1 reads the ERP customer first and
// sends only the fields that do not hold the web's value yet: no pending change is pushed twice. Step 1's edits are
// marked pushed (and its log line written) in the commit that records the order, which the runner shares between the
// jobs that finish together, or as soon as a later step fails: one commit per order, not three.
import { z } from 'zod';
import { createHash } from 'node:crypto';
import type { ConnectorContext, JobHandler, JobOutcome } from '../connector';
import type { JobQueue } from '../../engine/job-queue';
import type { Repositories } from '../../store/repositories';
import type { AccountRow, PendingChangeRow, WebEditableField } from '../../store/accounts-repo';
import type { OrderRow } from '../../store/orders-repo';
import type { JobRow } from '../../store/jobs-repo';
import { RemoteError } from '../../engine/remote-error';
import { createErpClient, type CustomerWrite, type ErpClient, type OrderWrite } from './client';
import type { ErpAddress, ErpCustomer } from './parse';
import { erpSettingsOf } from './settings';
import { keepSession } from './session-keeper';
import { ERP_ID, PUSH_ORDER_JOB } from './ids';
import { grouped } from '../../engine/count-words';

interface OrderPayload {
  orderId: number;
}

/** One job per order; one account's orders run one at a time, in order (a B2C order is its own entity). */
export async function queueOrderPush(tx: Repositories, queue: JobQueue, e: { orderId: number; accountId: number | null }, now: number): Promise<number> {
  return await queue.enqueue(tx, {
    connectorId: ERP_ID,
    kind: PUSH_ORDER_JOB,
    entityKey: e.accountId !== null ? `account:${e.accountId}` : `order:${e.orderId}`,
    idempotencyKey: `erp:order:${e.orderId}`,
    payload: { orderId: e.orderId } satisfies OrderPayload,
    runAt: now,
  });
}

type AddressKey = keyof ErpAddress;
/** The account fields the ERP customer has: how each is sent, and read back to see whether the ERP holds it. */
const ERP_FIELDS: Partial<Record<WebEditableField, { put: (w: CustomerWrite, v: string | null) => void; erp: (c: ErpCustomer) => string | null }>> = {
  name: { put: (w, v) => (w.name = v ?? ''), erp: (c) => c.name },
  email: { put: (w, v) => (w.email = v), erp: (c) => c.email },
  phone: { put: (w, v) => (w.phone = v), erp: (c) => c.phone },
  paymentTerms: { put: (w, v) => (w.terms = v), erp: (c) => c.terms },
  repCode: { put: (w, v) => (w.repCode = v), erp: (c) => c.repCode },
  priceLevel: { put: (w, v) => (w.priceClass = v), erp: (c) => c.priceClass },
};
const ADDRESS: [WebEditableField, AddressKey][] = [
  ['addressLine1', 'line1'],
  ['addressLine2', 'line2'],
  ['city', 'city'],
  ['state', 'state'],
  ['postalCode', 'postalCode'],
  ['country', 'country'],
];
for (const [field, key] of ADDRESS)
  ERP_FIELDS[field] = { put: (w, v) => (w.address = { ...w.address, [key]: v }), erp: (c) => c.address?.[key] ?? null };

const norm = (v: string | null | undefined): string | null => (v && v.trim() ? v.trim() : null);

/** A CustomerID for a B2C checkout, from our order number: the same order always gives the same one. */
export function b2cCustomerIdOf(orderNumber: string): string {
  const id = `W-${orderNumber.trim().toUpperCase().replace(/[^A-Z0-9_-]+/g, '-')}`;
  return id.length <= 30 ? id : `W-${createHash('sha1').update(orderNumber.trim()).digest('hex').slice(0, 28).toUpperCase()}`;
}

/** A CustomerID for an account made on the platform without one. */
export const platformCustomerIdOf = (accountId: number): string => `WA${String(accountId).padStart(6, '0')}`;

function writeOfAccount(a: AccountRow, customerId: string): CustomerWrite {
  return {
    accountNumber: customerId,
    name: a.name,
    terms: a.paymentTerms ?? undefined,
    priceClass: a.priceLevel ?? undefined,
    repCode: a.repCode ?? undefined,
    email: a.email,
    phone: a.phone,
    address: { line1: a.addressLine1, line2: a.addressLine2, city: a.city, state: a.state, postalCode: a.postalCode, country: a.country },
  };
}

const addressOfOrder = (o: OrderRow): Partial<ErpAddress> => ({ line1: o.shipTo.line1, line2: o.shipTo.line2, city: o.shipTo.city, state: o.shipTo.state, postalCode: o.shipTo.postalCode, country: o.shipTo.country });

export function createOrderJob(): JobHandler {
  return {
    entityType: 'order',
    title: 'Send the order to the ERP',
    payload: { schema: z.strictObject({ orderId: z.number().int().positive() }) },
    entityIdOf: (job) => String((job.payload as OrderPayload | null)?.orderId ?? job.entityKey),
    async perform(job, ctx): Promise<JobOutcome> {
      const { orderId } = job.payload as OrderPayload;
      const order = await ctx.repos.orders.get(orderId);
      if (!order) throw new RemoteError('validation', `order ${orderId} no longer exists here; nothing was sent to the ERP`);
      if (order.erpOrderId) return { message: `Order ${order.orderNumber} is already in the ERP as ${order.erpOrderId}: nothing sent.`, result: { erpOrderId: order.erpOrderId } };
      const settings = erpSettingsOf(ctx.settings);
      const release = keepSession(settings);
      const client = createErpClient(settings, { signal: ctx.signal });
      const sent: SentEdits = { mark: null };
      try {
        return await push(job, ctx, client, order, sent);
      } catch (err) {
        // The edits the ERP has now are marked pushed whatever failed after them: the next order must not send them again.
        if (sent.mark) await ctx.repos.transaction(async (tx) => void (await sent.mark!(tx)));
        // Refused by the ERP (never retried): the order says so until staff put it right and retry the job.
        if (err instanceof RemoteError && err.kind === 'validation') await ctx.repos.orders.setStatus(order.id, 'failed', ctx.now());
        throw err;
      } finally {
        await client.close();
        release();
      }
    },
  };
}

/** Step 1's edits once the ERP has them: mark(tx) marks them pushed and logs the step, answering how many. */
interface SentEdits {
  mark: ((tx: Repositories) => Promise<number>) | null;
}

async function push(job: JobRow, ctx: ConnectorContext, client: ErpClient, order: OrderRow, sent: SentEdits): Promise<JobOutcome> {
  const step = async (message: string) =>
    void (await ctx.log.write({ connectorId: ERP_ID, action: PUSH_ORDER_JOB, entityType: 'order', entityId: String(order.id), jobId: job.id, attempt: job.attempts, outcome: 'success', message: `Order ${order.orderNumber}: ${message}` }));
  // An earlier attempt may have reached the ERP without us learning the answer: look before acting again.
  const reconcile = job.attempts > 1 || job.interrupted > 0 || job.inDoubtSince !== null;
  let customerId: string;
  let locationId: string | undefined;
  let shipTo: Partial<ErpAddress> | undefined;

  if (order.accountId === null) {
    customerId = order.erpCustomerId ?? b2cCustomerIdOf(order.orderNumber);
    const email = order.customer?.email ?? null;
    const found = await client.customer(customerId);
    if (found) {
      if (email && found.email && found.email.toLowerCase() !== email.toLowerCase())
        throw new RemoteError('validation', `ERP customer ${customerId} exists with another email (${found.email}), not ${email}; the order was not sent (is another shop numbering its orders the same way?)`);
      await step(`step 2: ERP customer ${customerId} already exists (an earlier attempt created it): not created again`);
    } else {
      await client.putCustomer({ accountNumber: customerId, name: norm(order.customer?.name) ?? norm(order.shipTo.name) ?? email ?? customerId, email, phone: order.customer?.phone ?? null, address: addressOfOrder(order) });
      await step(`step 2: created ERP customer ${customerId} for the checkout of ${email ?? 'a guest'}, with its address`);
    }
    locationId = 'MAIN';
  } else {
    let account = await ctx.repos.accounts.get(order.accountId);
    if (!account) throw new RemoteError('validation', `account ${order.accountId} of order ${order.orderNumber} no longer exists here; nothing was sent to the ERP`);
    customerId = account.accountNumber ?? platformCustomerIdOf(account.id);
    let created = false;
    let adopted = false;
    if (!account.erpCustomerId) {
      const found = await client.customer(customerId);
      if (found) {
        if (!account.accountNumber && found.name.trim().toLowerCase() !== account.name.trim().toLowerCase())
          throw new RemoteError('validation', `ERP customer ${customerId} exists under another name (${found.name}), not ${account.name}; the account was not linked and the order not sent`);
        adopted = true;
        await ctx.repos.accounts.setErpIds(account.id, { accountNumber: customerId, erpCustomerId: found.id }, ctx.now());
        await step(`step 2: account ${account.id} is ERP customer ${customerId} (found in the ERP): linked, not created again`);
      } else {
        const made = await client.putCustomer(writeOfAccount(account, customerId));
        created = true;
        await ctx.repos.accounts.setErpIds(account.id, { accountNumber: customerId, erpCustomerId: made.id }, ctx.now());
        await step(`step 2: created ERP customer ${customerId} for account ${account.id} (${account.name}), with its address`);
      }
      account = (await ctx.repos.accounts.get(account.id))!;
    }
    sent.mark = await pushPending(ctx, client, account, customerId, order, { created, reconcile: reconcile || adopted }, step);
    const found = order.shipTo.addressId ? await ctx.repos.accounts.shipTo(order.shipTo.addressId) : null;
    const address = found?.accountId === account.id ? found : undefined;
    if (address?.erpLocationId) locationId = address.erpLocationId;
    else if (norm(order.shipTo.line1)) shipTo = addressOfOrder(order);
  }

  const write: OrderWrite = {
    customerId,
    customerOrder: order.orderNumber,
    lines: order.lines.map((l) => ({ inventoryId: l.item, quantity: l.qty, unitPrice: l.unitPriceCents / 100 })),
    locationId,
    shipTo,
    description: `Web order ${order.orderNumber}`,
  };
  const placed = await client.placeSalesOrder(write);
  const erpOrderId = `${placed.order.orderType} ${placed.order.orderNbr}`;
  const message = placed.created
    ? `step 3: sales order ${erpOrderId} created for ERP customer ${customerId}`
    : `step 3: sales order ${erpOrderId} already in the ERP with customer order ${order.orderNumber} (an earlier attempt created it): not created again`;
  const mark = sent.mark;
  sent.mark = null;
  const done = (pushed: number) => `Order ${order.orderNumber}: ${message}${pushed ? ` (after ${pushed} account change${pushed === 1 ? '' : 's'})` : ''}.`;
  return {
    message: done(0),
    result: { erpOrderId, customerId, created: placed.created },
    record: async (tx) => {
      const pushed = mark ? await mark(tx) : 0;
      await tx.orders.setErpIds(order.id, { erpOrderId, erpCustomerId: customerId }, ctx.now());
      return done(pushed);
    },
  };
}

/** Step 1: the account's pending edits, those fields only; answers how to mark them pushed (null: none pending). */
async function pushPending(
  ctx: ConnectorContext,
  client: ErpClient,
  account: AccountRow,
  customerId: string,
  order: OrderRow,
  how: { created: boolean; reconcile: boolean },
  step: (message: string) => Promise<void>,
): Promise<((tx: Repositories) => Promise<number>) | null> {
  const pending = await ctx.repos.accounts.pendingChanges(account.id, 'pending');
  if (!pending.length) return null;
  let sent: PendingChangeRow[] = [];
  if (!how.created) {
    let toSend = pending.filter((p) => ERP_FIELDS[p.field]);
    if (how.reconcile && toSend.length) {
      const erp = await client.customer(customerId);
      if (erp) toSend = toSend.filter((p) => norm(ERP_FIELDS[p.field]!.erp(erp)) !== norm(p.value));
    }
    if (toSend.length) {
      const w: CustomerWrite = { accountNumber: customerId };
      for (const p of toSend) ERP_FIELDS[p.field]!.put(w, norm(p.value));
      await client.putCustomer(w);
    }
    sent = toSend;
  }
  // Only the edits still as they were sent are marked: one staff changed meanwhile goes with the next order.
  return async (tx) => {
    const marked = (await tx.accounts.pendingChanges(account.id, 'pending')).filter((p) => pending.some((q) => q.id === p.id && q.value === p.value));
    await tx.accounts.markPushed(marked.map((p) => p.id), order.id, ctx.now());
    await logMarked(marked, sent, customerId, how, step);
    return marked.length;
  };
}

async function logMarked(marked: PendingChangeRow[], sent: PendingChangeRow[], customerId: string, how: { created: boolean }, step: (message: string) => Promise<void>): Promise<void> {
  const what = (list: PendingChangeRow[]) => list.map((p) => `${p.field} ${p.value === null ? 'empty' : `'${p.value}'`}`).join(', ');
  const local = marked.filter((p) => !ERP_FIELDS[p.field]);
  await step(
    how.created
      ? `step 1: ${grouped(marked.length)} pending change${marked.length === 1 ? '' : 's'} went with the new ERP customer ${customerId} (${what(marked)})`
      : `step 1: pushed ${grouped(sent.length)} pending change${sent.length === 1 ? '' : 's'} to ERP customer ${customerId}${sent.length ? ` (${what(sent)})` : ''}` +
          (marked.length > sent.length + local.length ? `; ${marked.length - sent.length - local.length} the ERP held already (an earlier attempt sent them)` : '') +
          (local.length ? `; ${what(local)} kept on the platform only (the ERP customer has no such field)` : ''),
  );
}
