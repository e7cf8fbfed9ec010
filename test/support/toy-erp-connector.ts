// A test-only system of record for accounts (never shipped): it contributes an AccountsPolicy whose editing mode a
// test sets, queues a job for each placed order and each contact password email, as the ERP connector does, and can
// be told to fail inside an order's transaction (to show the order and its job commit together or not at all).
import { z } from 'zod';
import type { Connector } from '../../src-main/connectors/connector';
import type { AccountsPolicy } from '../../src-main/accounts/accounts-policy';

export const TOY_ERP_ID = 'toy-erp';

export interface ToyErpControl {
  editing: 'allowed' | 'restricted';
  /** An order whose number is here makes the subscriber throw after it queued the push. */
  failOrders: Set<string>;
}

export function createToyErpConnector(control: ToyErpControl): Connector {
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
      'push-order': { entityType: 'order', perform: async (job) => ({ message: `order ${job.entityKey} taken` }) },
      'contact-password-email': { entityType: 'account_contact', perform: async (job) => ({ message: `email for ${job.entityKey} sent` }) },
    },
    install(host) {
      host.events.subscribe('order.placed', async (tx, e) => {
        const jobId = await host.queue.enqueue(tx, { connectorId: TOY_ERP_ID, kind: 'push-order', entityKey: `order-${e.orderId}`, idempotencyKey: `toy-erp:order:${e.orderId}`, payload: e, runAt: e.at });
        const order = await tx.orders.get(e.orderId);
        if (order && control.failOrders.has(order.orderNumber)) throw new Error(`toy ERP refuses order ${order.orderNumber}`);
        return { connectorId: TOY_ERP_ID, jobIds: [jobId] };
      });
      host.events.subscribe('contact.password-email', async (tx, e) => {
        const jobId = await host.queue.enqueue(tx, { connectorId: TOY_ERP_ID, kind: 'contact-password-email', entityKey: `contact-${e.contactId}`, idempotencyKey: `toy-erp:contact-email:${e.contactId}:${e.at}`, payload: e, runAt: e.at });
        return { connectorId: TOY_ERP_ID, jobIds: [jobId] };
      });
      return { accounts: policy };
    },
  };
}
