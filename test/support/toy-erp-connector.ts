// A test-only system of record for accounts (never shipped): it contributes an AccountsPolicy whose editing mode a
// test sets, queues a job for each placed order and each contact password email, as the ERP connector does, and can
// be told to fail inside an order's transaction (to show the order and its job commit together or not at all).
import { z } from 'zod';
import type { Connector, ConnectorHost } from '../../src-main/connectors/connector';
import { SmtpCatcher } from '../../src-main/sandbox/smtp-catcher';
import { queueContactPasswordEmail, sendContactPasswordEmail, type ContactPasswordPayload } from '../../src-main/accounts/contact-password-email';
import type { AccountsPolicy } from '../../src-main/accounts/accounts-policy';

export const TOY_ERP_ID = 'toy-erp';

export interface ToyErpControl {
  editing: 'allowed' | 'restricted';
  /** An order whose number is here makes the subscriber throw after it queued the push. */
  failOrders: Set<string>;
  /** Accounts named by each 'account.changed' the toy heard, with whether the account was in the same transaction. */
  accountChanges?: { accountId: number; visible: boolean }[];
}

export const TOY_SET_PASSWORD_PAGE = 'https://shop.example/set-password';

export function createToyErpConnector(control: ToyErpControl): Connector {
  let host: ConnectorHost | null = null;
  const policy: AccountsPolicy = {
    connectorId: TOY_ERP_ID,
    systemName: 'ERP',
    editing: async () => control.editing,
    erpOwnedFields: ['accountNumber', 'paymentTerms', 'priceLevel'],
  };
  return {
    id: TOY_ERP_ID,
    displayName: 'Toy ERP (test)',
    description: 'A test-only system of record for accounts.',
    settings: { schema: z.object({}).passthrough() as unknown as z.ZodType<Record<string, unknown>>, fields: [], secretFields: [], defaults: {} },
    testConnection: async () => 'Connected.',
    tasks: [],
    jobs: {
      'push-order': { entityType: 'order', title: 'Test job', perform: async (job) => ({ message: `order ${job.entityKey} taken` }) },
      'contact-password-email': {
        entityType: 'account_contact', title: 'Test job',
        perform: async (job, ctx) => await sendContactPasswordEmail({ repos: ctx.repos, mail: host!.mail, now: ctx.now }, job.payload as ContactPasswordPayload, { setPasswordPage: TOY_SET_PASSWORD_PAGE }),
      },
    },
    sandbox: {
      simulators: [{ name: 'SMTP catcher', create: ({ seed }) => new SmtpCatcher({ name: 'SMTP catcher', seed }) }],
      connectionValues: () => ({ values: {}, secrets: {} }),
    },
    install(h) {
      host = h;
      h.events.subscribe('order.placed', async (tx, e) => {
        const jobId = await h.queue.enqueue(tx, { connectorId: TOY_ERP_ID, kind: 'push-order', entityKey: `order-${e.orderId}`, idempotencyKey: `toy-erp:order:${e.orderId}`, payload: e, runAt: e.at });
        const order = await tx.orders.get(e.orderId);
        if (order && control.failOrders.has(order.orderNumber)) throw new Error(`toy ERP refuses order ${order.orderNumber}`);
        return { connectorId: TOY_ERP_ID, jobIds: [jobId] };
      });
      h.events.subscribe('account.changed', async (tx, e) => {
        control.accountChanges?.push({ accountId: e.accountId, visible: (await tx.accounts.get(e.accountId)) !== null });
      });
      h.events.subscribe('contact.password-email', async (tx, e) => {
        const jobId = await queueContactPasswordEmail(tx, h.queue, { connectorId: TOY_ERP_ID, kind: 'contact-password-email' }, { contactId: e.contactId, email: e.email }, e.at);
        return { connectorId: TOY_ERP_ID, jobIds: [jobId] };
      });
      return { accounts: policy };
    },
  };
}
