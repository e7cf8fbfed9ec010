import type { ListenerRoute } from '../listener/listener-server';
import type { IntegrationLog } from '../engine/integration-log';
import { json, jsonBodyOf, platformKeyGate, type PlatformKey } from '../customers/platform-api';
import { OrderBody, type OrderService } from './order-service';

/** 500 lines of the longest allowed fields fit well within it. */
export const ORDER_MAX_BYTES = 256 * 1024;

/** POST /platform/orders: the storefront hands over a placed order (a B2B contact's, or a B2C checkout). */
export function orderRoutes(deps: { key: PlatformKey; orders: OrderService; log: IntegrationLog; now?: () => number }): ListenerRoute[] {
  return [
    {
      method: 'POST',
      path: '/platform/orders',
      maxBytes: ORDER_MAX_BYTES,
      ...platformKeyGate(deps, 'order'),
      onRefused: (status, reason) => {
        // The listener does not wait for this line; a log that cannot write has its own error path.
        deps.log.write({ connectorId: 'platform', action: 'order', outcome: 'validation_failure', message: `storefront order refused (${status}): ${reason}` }).catch(() => undefined);
      },
      async handle(req) {
        const read = jsonBodyOf(req);
        if (!read.ok) return read.answer;
        const parsed = OrderBody.safeParse(read.body);
        if (!parsed.success) {
          const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
          await deps.log.write({ connectorId: 'platform', action: 'order', outcome: 'validation_failure', message: `storefront order refused: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}` });
          return json(400, { error: 'invalid order', issues });
        }
        const r = await deps.orders.place(parsed.data);
        if (r.outcome === 'refused') return json(r.status, { error: r.error });
        const answer = { orderNumber: r.order.orderNumber, orderId: r.order.id, status: r.order.status };
        return r.outcome === 'placed' ? json(202, { ...answer, jobIds: r.jobIds }) : json(200, { ...answer, jobIds: [] });
      },
    },
  ];
}
