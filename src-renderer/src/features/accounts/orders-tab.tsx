import { Button, Callout, HTMLTable, Spinner, Tag } from '@blueprintjs/core';
import { useCallback, useEffect, useState } from 'react';
import type { AppError, OrderView } from '../../../../src-preload/contract';
import { settle } from '../../api/call';
import { api } from '../../api/client';
import { formatDateTime } from '../../components/format';
import { formatCents } from './account-format';

const STATUS_INTENT = { placed: 'primary', pushed: 'success', failed: 'danger', cancelled: 'none' } as const;
const STATUS_LABEL = { placed: 'placed, on its way to the ERP', pushed: 'in the ERP', failed: 'failed', cancelled: 'cancelled' } as const;

/** The account's orders, newest first, and where each stands with the ERP. */
export function OrdersTab({ accountId }: { accountId: number }) {
  const [rows, setRows] = useState<OrderView[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<AppError | null>(null);

  const load = useCallback(
    async (cursor: number | null) => {
      setLoading(true);
      const result = await settle(api().accountsOrders({ accountId, cursor }));
      setLoading(false);
      if (!result.ok) return setError(result.error);
      setError(null);
      setRows((r) => (cursor == null ? result.data.rows : [...r, ...result.data.rows]));
      setNext(result.data.nextCursor);
    },
    [accountId],
  );

  useEffect(() => {
    void load(null);
  }, [load]);

  return (
    <div className="sd-account-orders" data-testid="account-orders">
      <div className="sd-inline sd-orders-bar">
        <Button size="small" variant="minimal" icon="refresh" text="Refresh" onClick={() => void load(null)} />
        <span className="sd-muted">Orders come from the storefront; each one carries the account's pending changes to the ERP first.</span>
      </div>
      {error && (
        <Callout intent="danger" compact className="sd-compact-callout">
          Could not read the orders: {error.message} <Button size="small" variant="minimal" intent="primary" text="Try again" onClick={() => void load(null)} />
        </Callout>
      )}
      {rows.length === 0 && !loading && !error ? (
        <div className="sd-muted" data-testid="account-orders-empty">No orders yet.</div>
      ) : (
        <div className="sd-table-scroll">
          <HTMLTable compact className="sd-table sd-detail-table">
            <thead>
              <tr>
                <th>Order</th>
                <th>Placed</th>
                <th>By</th>
                <th className="sd-num">Lines</th>
                <th className="sd-num">Total</th>
                <th>Status</th>
                <th>ERP order</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((o) => (
                <tr key={o.id} data-testid="order-row" data-order={o.orderNumber} data-status={o.status}>
                  <td className="sd-mono-cell">{o.orderNumber}</td>
                  <td>{formatDateTime(o.createdAt)}</td>
                  <td>{o.contactName ?? o.customerEmail ?? <span className="sd-muted">—</span>}</td>
                  <td className="sd-num">{o.lines}</td>
                  <td className="sd-num">{formatCents(o.totalCents)}</td>
                  <td>
                    <Tag minimal intent={STATUS_INTENT[o.status]} className="sd-tag">
                      {STATUS_LABEL[o.status]}
                    </Tag>
                  </td>
                  <td className="sd-mono-cell">{o.erpOrderId ?? <span className="sd-muted">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </HTMLTable>
        </div>
      )}
      {loading && <Spinner size={18} className="sd-block" />}
      {next != null && !loading && <Button size="small" text="Show older orders" onClick={() => void load(next)} />}
    </div>
  );
}
