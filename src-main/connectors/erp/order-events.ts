// The platform's orders, as the ERP connector answers them: each placed order queues its push job in the order's own
// transaction (the outbox), so an order is never without its job, nor a job without its order.
import type { ConnectorHost } from '../connector';
import { queueOrderPush } from './order-job';
import { ERP_ID } from './ids';

export function subscribeToOrders(host: ConnectorHost): void {
  host.events.subscribe('order.placed', async (tx, e) => {
    const jobId = await queueOrderPush(tx, host.queue, e, host.now());
    return { connectorId: ERP_ID, jobIds: [jobId], message: 'The order goes to the ERP, after the account\'s pending changes.' };
  });
}
