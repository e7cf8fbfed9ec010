// How a test places an order until the platform's POST /platform/orders lands: the order and its order.placed event
// in one transaction, as the route does (swap this for the HTTP call then).
import type { CoreServices } from '../../../src-main/core/services';
import type { NewOrder } from '../../../src-main/store/orders-repo';

export async function placeOrder(services: Pick<CoreServices, 'repos' | 'events' | 'now'>, o: NewOrder): Promise<{ orderId: number; jobIds: number[] }> {
  return await services.repos.transaction(async (tx) => {
    const at = services.now();
    const orderId = await tx.orders.insert(o, at);
    const answers = await services.events.raise(tx, 'order.placed', { orderId, accountId: o.accountId, at });
    return { orderId, jobIds: answers.flatMap((a) => a.jobIds) };
  });
}
